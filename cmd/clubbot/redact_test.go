package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRedactWriterHidesSecrets(t *testing.T) {
	env := map[string]string{"DISCORD_TOKEN": "MTk4.SECRET.tok", "OPENAI_API_KEY": "sk-SECRET-key-1", "DISCORD_PUBLIC_KEY": "short"}
	var buf bytes.Buffer
	w := newRedactWriter(&buf, envOf(env))
	n, err := w.Write([]byte(`{"err":"401: Incorrect API key provided: sk-SECRET-key-1","token":"MTk4.SECRET.tok","word":"short"}` + "\n"))
	if err != nil || n == 0 {
		t.Fatal(n, err)
	}
	out := buf.String()
	if strings.Contains(out, "SECRET") {
		t.Fatalf("secret leaked: %s", out)
	}
	if !strings.Contains(out, "[redacted]") || !strings.Contains(out, `"word":"short"`) {
		t.Fatalf("unexpected output: %s", out)
	}
}

func TestErrorsAndLogsOfRunAreRedacted(t *testing.T) {
	// A config error that would echo a URL with credentials in it.
	env := map[string]string{"OPENAI_BASE_URL": "ftp://user:SECRETpass@example.invalid/v1"}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "hello"}, newEnv(envOf(env), strings.NewReader(""), &stdout, &stderr))
	if err == nil || !strings.HasPrefix(err.Error(), "OPENAI_BASE_URL") {
		t.Fatalf("want an OPENAI_BASE_URL error, got %v", err)
	}
	if strings.Contains(err.Error(), "SECRETpass") {
		t.Fatalf("error shows the URL's password: %v", err)
	}
}
