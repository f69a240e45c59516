#!/usr/bin/env bash
# Install (from Debian packages) headless Chromium and the Noto CJK fonts for the browser test
# of the HTML report (tests/report/test_html_browser.py drives /usr/bin/chromium with
# Playwright's Python package; Playwright's own browsers are never downloaded). Safe to run twice.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  exit 0
fi
[ "$(id -u)" = 0 ] || exit 1
for attempt in 1 2; do
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends chromium fonts-noto-cjk >/dev/null; then
    exit 0
  fi
  [ "$attempt" = 2 ] && exit 1
  sleep 10
done
