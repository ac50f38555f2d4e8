#!/usr/bin/env bash
# Installs Debian's Chromium for the browser suite when it is missing (never a downloaded browser:
# playwright's downloads reach hosts a CI machine may not), and the colour emoji font the seeds'
# pictures need (else emoji are boxes).
# Does nothing when both are there. Chromium is required; the font is not.
set -euo pipefail

have_chromium() { [ -x /usr/bin/chromium ]; }
have_emoji() { [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; }

if have_chromium && have_emoji; then
  exit 0
fi

# The preview's and the sandbox's browser suites may start at once (turbo runs packages in
# parallel): one installs while the other waits for it, rather than both racing for apt's lock.
if [ -z "${ENSURE_CHROMIUM_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  ENSURE_CHROMIUM_LOCKED=1 exec flock "${TMPDIR:-/tmp}/chatapps-ensure-chromium.lock" bash "$0" "$@"
fi
if have_chromium && have_emoji; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  if have_chromium; then
    echo "ensure-chromium: fonts-noto-color-emoji is missing (emoji show as boxes in screenshots)." >&2
    exit 0
  fi
  echo "ensure-chromium: /usr/bin/chromium is missing and cannot be installed: not root and no" >&2
  echo "ensure-chromium: password-less sudo. Install it yourself: sudo apt-get install -y chromium" >&2
  exit 1
fi

install() {
  # A fresh machine may have no package lists yet: update once and try again.
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" ||
    { "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@"; }
}

if ! have_chromium; then
  echo "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium" >&2
  if ! install chromium || ! have_chromium; then
    echo "ensure-chromium: could not install chromium with apt-get (see above)." >&2
    exit 1
  fi
fi
if ! have_emoji; then
  echo "ensure-chromium: installing fonts-noto-color-emoji for the screenshots" >&2
  install fonts-noto-color-emoji || echo "ensure-chromium: no emoji font: emoji show as boxes." >&2
fi
exit 0
