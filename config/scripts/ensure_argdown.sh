#!/usr/bin/env bash
# The Argdown conformance tests use the official parser (@argdown/cli 1.7.5, @argdown/core 2.0.1) as a
# referee. Install the versions pinned in config/argdown/package-lock.json into var/node/ (project-local,
# never global) with Debian's node/npm; reinstall only when the lock file changed.
set -u
cd "$(dirname "$0")/../.."
target=var/node
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node/npm are not installed: the Argdown conformance tests will be skipped." >&2
  exit 0
fi
if cmp -s config/argdown/package-lock.json "$target/package-lock.json" && [ -d "$target/node_modules/@argdown/cli" ]; then
  exit 0
fi
mkdir -p "$target"
cp config/argdown/package.json config/argdown/package-lock.json "$target/"
echo "Installing the official Argdown parser into $target…" >&2
(cd "$target" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) \
  || echo "npm ci failed: the Argdown conformance tests will be skipped." >&2
exit 0
