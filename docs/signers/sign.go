// Sign one message with profile chatapps-v1 (RFC 9421 + RFC 9530) and send it to the gateway,
// with Go's standard library only (Go 1.13 or later).
//
//	GATEWAY_URL=http://127.0.0.1:8787 KEY_ID=test-key-ed25519 ALG=ed25519 KEY=<PKCS#8 base64> \
//	  go run sign.go '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hi"}}'
//
// KEY is the PKCS#8 private key in base64 (ed25519) or the base64 secret (hmac-sha256).
// Prints `HTTP <status>` and the answer's body; exits 1 on a status of 400 or more.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const components = `"@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key"`

func env(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

// authority is the host in lower case, with the port only when it is not the scheme's default.
func authority(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

func sign(alg string, key []byte, base []byte) ([]byte, error) {
	if alg == "hmac-sha256" {
		// Keyed with the secret's raw bytes, never with its base64 text.
		mac := hmac.New(sha256.New, key)
		mac.Write(base)
		return mac.Sum(nil), nil
	}
	parsed, err := x509.ParsePKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	private, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("KEY is not an Ed25519 private key")
	}
	return ed25519.Sign(private, base), nil // pure Ed25519, no pre-hash
}

func run() (int, error) {
	if len(os.Args) != 2 {
		return 0, fmt.Errorf("usage: go run sign.go '<json body>'")
	}
	body := []byte(os.Args[1])
	alg, keyID := env("ALG", "ed25519"), os.Getenv("KEY_ID")
	key, err := base64.StdEncoding.DecodeString(os.Getenv("KEY"))
	if err != nil || keyID == "" {
		return 0, fmt.Errorf("set KEY_ID, and KEY in base64")
	}
	target, err := url.Parse(strings.TrimSuffix(env("GATEWAY_URL", "http://127.0.0.1:8787"), "/") + "/v1/messages")
	if err != nil {
		return 0, err
	}

	sum := sha256.Sum256(body)
	digest := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
	random := make([]byte, 32)
	if _, err := rand.Read(random); err != nil {
		return 0, err
	}
	idempotencyKey := `"` + hex.EncodeToString(random[:16]) + `"` // a Structured Field string
	nonce := base64.RawURLEncoding.EncodeToString(random[16:])    // 22 base64url characters
	created := time.Now().Unix()
	params := "(" + components + ");created=" + strconv.FormatInt(created, 10) +
		";expires=" + strconv.FormatInt(created+300, 10) + `;nonce="` + nonce + `";keyid="` + keyID +
		`";alg="` + alg + `";tag="chatapps-v1"`
	base := strings.Join([]string{
		`"@method": POST`,
		`"@authority": ` + authority(target),
		`"@path": ` + target.EscapedPath(),
		`"@query": ?` + target.RawQuery,
		`"content-type": application/json`,
		`"content-digest": ` + digest,
		`"idempotency-key": ` + idempotencyKey,
		`"@signature-params": ` + params,
	}, "\n") // no newline after the last line
	signature, err := sign(alg, key, []byte(base))
	if err != nil {
		return 0, err
	}

	request, err := http.NewRequest("POST", target.String(), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("Content-Digest", digest)
	request.Header.Set("Idempotency-Key", idempotencyKey)
	request.Header.Set("Signature-Input", "sig1="+params)
	request.Header.Set("Signature", "sig1=:"+base64.StdEncoding.EncodeToString(signature)+":")
	response, err := (&http.Client{Timeout: 30 * time.Second}).Do(request)
	if err != nil {
		return 0, err
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		return 0, err
	}
	fmt.Printf("HTTP %d\n%s\n", response.StatusCode, answer)
	return response.StatusCode, nil
}

func main() {
	status, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sign.go:", err)
		os.Exit(2)
	}
	if status >= 400 {
		os.Exit(1)
	}
}
