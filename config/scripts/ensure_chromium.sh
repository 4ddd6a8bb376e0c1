#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright; install it when missing (never a Playwright download).
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium is not installed and could not be installed: browser tests will be skipped." >&2
fi
exit 0
