#!/usr/bin/env bash
# Print the path of a Chromium the browser tests can drive, or fail saying how to get one.
# Order: $CHROMIUM, PATH, apt-get (when root), Playwright's own download (where a network allows).
set -euo pipefail
say() { echo "find_chromium: $*" >&2; }

if [ -n "${CHROMIUM:-}" ]; then
  if [ -x "$CHROMIUM" ]; then echo "$CHROMIUM"; exit 0; fi
  say "CHROMIUM=$CHROMIUM is not an executable file"; exit 1
fi
for name in chromium chromium-browser google-chrome-stable google-chrome; do
  if path=$(command -v "$name" 2>/dev/null); then echo "$path"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian's chromium with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2
  if path=$(command -v chromium 2>/dev/null); then echo "$path"; exit 0; fi
fi
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -x "$here/.venv/bin/playwright" ] && "$here/.venv/bin/playwright" install chromium >&2 2>/dev/null; then
  path=$(ls -d "$HOME"/.cache/ms-playwright/chromium-*/chrome-linux*/chrome 2>/dev/null | tail -n 1)
  if [ -n "$path" ]; then echo "$path"; exit 0; fi
fi
say "no Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium;"
say "macOS: brew install --cask chromium) or point CHROMIUM at a Chrome/Chromium binary."
exit 1
