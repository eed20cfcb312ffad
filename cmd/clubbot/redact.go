package main

import (
	"bytes"
	"io"
)

// secretNames are the variables whose values must never reach a log line or
// an error message.
var secretNames = []string{"DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "OPENAI_API_KEY"}

// redactWriter replaces secrets in everything written through it. It sits
// under every log and error the process prints, so a library that echoes a
// key in an error (an LLM server answering 401, say) cannot leak it.
type redactWriter struct {
	w       io.Writer
	secrets [][]byte
}

// newRedactWriter wraps w, hiding the values of secretNames found in getenv.
func newRedactWriter(w io.Writer, getenv func(string) string) io.Writer {
	rw := &redactWriter{w: w}
	for _, name := range secretNames {
		// Short values would redact ordinary words; real secrets are long.
		if v := bytes.TrimSpace([]byte(getenv(name))); len(v) >= 8 {
			rw.secrets = append(rw.secrets, v)
		}
	}
	if len(rw.secrets) == 0 {
		return w
	}
	return rw
}

func (r *redactWriter) Write(p []byte) (int, error) {
	out := p
	for _, s := range r.secrets {
		if bytes.Contains(out, s) {
			out = bytes.ReplaceAll(out, s, []byte("[redacted]"))
		}
	}
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
