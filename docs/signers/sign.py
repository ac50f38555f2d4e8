#!/usr/bin/env python3
"""Sign one message with profile chatapps-v1 (RFC 9421 + RFC 9530) and send it to the gateway.

hmac-sha256 needs only the standard library; ed25519 needs the `cryptography` package
(`pip install cryptography`, or Debian's `python3-cryptography`).

    GATEWAY_URL=http://127.0.0.1:8787 KEY_ID=test-shared-secret ALG=hmac-sha256 \
      KEY=<the secret, base64> python3 sign.py '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hi"}}'

KEY is the base64 secret (hmac-sha256) or the PKCS#8 private key in base64 (ed25519).
Prints `HTTP <status>` and the answer's body; exits 1 on a status of 400 or more.
"""
import base64
import hashlib
import hmac
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

COMPONENTS = ('"@method" "@authority" "@path" "@query" '
              '"content-type" "content-digest" "idempotency-key"')


def authority_of(url: urllib.parse.SplitResult) -> str:
    host = (url.hostname or '').lower()
    if ':' in host:  # an IPv6 literal keeps its brackets
        host = f'[{host}]'
    default = {'http': 80, 'https': 443}[url.scheme]
    return host if url.port in (None, default) else f'{host}:{url.port}'


def sign(alg: str, key_b64: str, base: bytes) -> bytes:
    key = base64.b64decode(key_b64)
    if alg == 'hmac-sha256':
        # Keyed with the secret's raw bytes, never with its base64 text.
        return hmac.new(key, base, hashlib.sha256).digest()
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    return load_der_private_key(key, password=None).sign(base)  # Ed25519, pure


def send(gateway: str, key_id: str, alg: str, key_b64: str, body: bytes) -> tuple[int, str]:
    url = urllib.parse.urlsplit(gateway.rstrip('/') + '/v1/messages')
    digest = 'sha-256=:' + base64.b64encode(hashlib.sha256(body).digest()).decode() + ':'
    idempotency_key = f'"{uuid.uuid4()}"'  # a Structured Field string: quotes included
    created = int(time.time())
    nonce = secrets.token_urlsafe(16)  # 22 base64url characters, no padding
    params = (f'({COMPONENTS});created={created};expires={created + 300};nonce="{nonce}"'
              f';keyid="{key_id}";alg="{alg}";tag="chatapps-v1"')
    lines = [
        '"@method": POST',
        f'"@authority": {authority_of(url)}',
        f'"@path": {url.path}',
        f'"@query": ?{url.query}',
        '"content-type": application/json',
        f'"content-digest": {digest}',
        f'"idempotency-key": {idempotency_key}',
        f'"@signature-params": {params}',
    ]
    signature = sign(alg, key_b64, '\n'.join(lines).encode('ascii'))  # no trailing newline
    request = urllib.request.Request(url.geturl(), data=body, method='POST', headers={
        'Content-Type': 'application/json',
        'Content-Digest': digest,
        'Idempotency-Key': idempotency_key,
        'Signature-Input': f'sig1={params}',
        'Signature': 'sig1=:' + base64.b64encode(signature).decode() + ':',
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


if __name__ == '__main__':
    status, answer = send(os.environ.get('GATEWAY_URL', 'http://127.0.0.1:8787'),
                          os.environ['KEY_ID'], os.environ.get('ALG', 'ed25519'),
                          os.environ['KEY'], sys.argv[1].encode('utf-8'))
    print(f'HTTP {status}\n{answer}')
    sys.exit(1 if status >= 400 else 0)
