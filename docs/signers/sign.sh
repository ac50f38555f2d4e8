#!/usr/bin/env bash
# Sign one message with profile chatapps-v1 (RFC 9421 + RFC 9530) and send it to the gateway,
# with openssl (3.0 or later, for Ed25519's -rawin) and curl only.
#
#   GATEWAY_URL=http://127.0.0.1:8787 KEY_ID=test-key-ed25519 ALG=ed25519 KEY=<PKCS#8 base64> \
#     bash sign.sh '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hi"}}'
#
# KEY is the PKCS#8 private key in base64 (ed25519) or the base64 secret (hmac-sha256).
# Prints `HTTP <status>` and the answer's body; exits 1 on a status of 400 or more.
set -euo pipefail

body=${1:?usage: sign.sh '<json body>'}
gateway=${GATEWAY_URL:-http://127.0.0.1:8787}
alg=${ALG:-ed25519}
: "${KEY_ID:?set KEY_ID}" "${KEY:?set KEY}"

# @authority: the host in lower case, with the port only when it is not the scheme's default.
scheme=${gateway%%://*}
authority=${gateway#*://}
authority=${authority%%/*}
authority=${authority,,}
case "$scheme:$authority" in http:*:80) authority=${authority%:80} ;; https:*:443) authority=${authority%:443} ;; esac

b64() { base64 | tr -d '\n'; }
digest="sha-256=:$(printf '%s' "$body" | openssl dgst -sha256 -binary | b64):"
idempotency_key="\"$(openssl rand -hex 16)\""              # a Structured Field string: quotes included
nonce=$(openssl rand 16 | b64 | tr '+/' '-_' | tr -d '=') # 22 base64url characters
created=$(date +%s)
params="(\"@method\" \"@authority\" \"@path\" \"@query\" \"content-type\" \"content-digest\" \"idempotency-key\");created=$created;expires=$((created + 300));nonce=\"$nonce\";keyid=\"$KEY_ID\";alg=\"$alg\";tag=\"chatapps-v1\""

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The signature base: one line per component, joined by LF, no newline after the last.
printf '"@method": POST\n"@authority": %s\n"@path": /v1/messages\n"@query": ?\n"content-type": application/json\n"content-digest": %s\n"idempotency-key": %s\n"@signature-params": %s' \
  "$authority" "$digest" "$idempotency_key" "$params" >"$work/base"

if [ "$alg" = hmac-sha256 ]; then
  # Keyed with the secret's raw bytes (hex for openssl), never with its base64 text.
  hexkey=$(printf '%s' "$KEY" | base64 -d | od -An -tx1 -v | tr -d ' \n')
  signature=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary "$work/base" | b64)
else
  { echo '-----BEGIN PRIVATE KEY-----'; echo "$KEY"; echo '-----END PRIVATE KEY-----'; } >"$work/key.pem"
  signature=$(openssl pkeyutl -sign -inkey "$work/key.pem" -rawin -in "$work/base" | b64)
fi

status=$(curl -sS -o "$work/answer" -w '%{http_code}' -X POST "${gateway%/}/v1/messages" \
  -H 'content-type: application/json' \
  -H "content-digest: $digest" \
  -H "idempotency-key: $idempotency_key" \
  -H "signature-input: sig1=$params" \
  -H "signature: sig1=:$signature:" \
  --data-binary "$body")
printf 'HTTP %s\n%s\n' "$status" "$(cat "$work/answer")"
[ "$status" -lt 400 ]
