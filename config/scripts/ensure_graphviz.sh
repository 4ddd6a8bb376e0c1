#!/usr/bin/env bash
# The picture tests render the DOT export with Graphviz's own `dot` (Debian's graphviz), as a reader would.
set -u
command -v dot >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's graphviz for the picture tests…" >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz || (apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz)) >/dev/null 2>&1 || true
fi
command -v dot >/dev/null 2>&1 || echo "graphviz is not installed and could not be installed: the dot tests will be skipped." >&2
exit 0
