package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestAskJSONContract checks SPEC 2's one-line JSON for `clubbot ask --json`.
func TestAskJSONContract(t *testing.T) {
	tests := []struct {
		question string
		kind     string
		want     string // in the answer
	}{
		{"how long should I massage after a long run?", "answer", "15-20"},
		{"what is the capital of France?", "decline", "not in the club's notes"},
		{"my toes are numb and tingling, should I massage them?", "redflag", "doctor"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), []string{"ask", "--json", tt.question}, newEnv(envOf(nil), strings.NewReader(""), &stdout, &stderr)); err != nil {
				t.Fatalf("ask: %v (stderr %s)", err, stderr.String())
			}
			out := stdout.String()
			if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
				t.Fatalf("want exactly one line, got %q", out)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &raw); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"answered", "kind", "answer", "sources", "mode"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("missing key %q in %s", k, out)
				}
			}
			var got askJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.kind || got.Answered != (tt.kind == "answer") || !strings.Contains(got.Answer, tt.want) || got.Mode != "extractive" {
				t.Fatalf("got %+v", got)
			}
			if got.Answered && (len(got.Sources) == 0 || got.Sources[0].Title == "") {
				t.Fatalf("an answer without sources: %+v", got)
			}
			if string(raw["sources"]) == "null" {
				t.Fatal("sources must be a list, not null")
			}
		})
	}
}

func TestAskUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "--json"}, newEnv(envOf(nil), strings.NewReader(""), &stdout, &stderr))
	var ee exitError
	if err == nil || !strings.Contains(err.Error(), "give a question") || !asExit(err, &ee) || ee.code != 2 {
		t.Fatalf("ask without a question: %v", err)
	}
}

func asExit(err error, ee *exitError) bool {
	e, ok := err.(exitError)
	if ok {
		*ee = e
	}
	return ok
}
