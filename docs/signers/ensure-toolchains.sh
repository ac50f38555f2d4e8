#!/usr/bin/env bash
# Installs, from Debian's packages, what the signers in this folder need and the machine lacks:
# golang-go for sign.go, python3-cryptography for sign.py's ed25519 path (openssl and curl for
# sign.sh are on every machine of this project). Does nothing when all are there. Prints the
# Python interpreter that can import `cryptography` as its last line.
set -euo pipefail

python_with_cryptography() {
  for python in python3 /usr/bin/python3; do
    if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import cryptography' 2>/dev/null; then
      command -v "$python"
      return 0
    fi
  done
  return 1
}

missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
python_with_cryptography >/dev/null || missing+=(python3-cryptography)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo -n); fi
  echo "ensure-toolchains: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
    { "${SUDO[@]}" apt-get update >&2 && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi
python_with_cryptography
