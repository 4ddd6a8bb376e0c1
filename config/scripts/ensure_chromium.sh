#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright; install it (and a Japanese font, so
# screenshots of the report show glyphs, not boxes) when missing — never a Playwright download.
set -u
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 || true
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium is not installed and could not be installed: browser tests will be skipped." >&2
fi
exit 0
