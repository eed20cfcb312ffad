package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHealthCommand: `clubbot health` exits 0 only when /healthz on
// CLUBBOT_METRICS_ADDR answers 200, which is what the Dockerfile's
// HEALTHCHECK runs.
func TestHealthCommand(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		w.Write([]byte(`{"database":"ok","discord":"connected"}`))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	closed := freeLoopback(t)

	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		status  int
		code    int // 0: success
		message string
	}{
		{"healthy", map[string]string{"CLUBBOT_METRICS_ADDR": addr}, nil, 200, 0, ""},
		{"healthy, listening on every interface", map[string]string{"CLUBBOT_METRICS_ADDR": ":" + port}, nil, 200, 0, ""},
		{"unhealthy", map[string]string{"CLUBBOT_METRICS_ADDR": addr}, nil, 503, 1, "unhealthy: 503"},
		{"nothing listening", map[string]string{"CLUBBOT_METRICS_ADDR": closed}, nil, 200, 1, "no answer"},
		{"metrics off", map[string]string{"CLUBBOT_METRICS_ADDR": "off"}, nil, 200, 1, "CLUBBOT_METRICS_ADDR"},
		{"bad address", map[string]string{"CLUBBOT_METRICS_ADDR": "9090"}, nil, 200, 1, "CLUBBOT_METRICS_ADDR"},
		{"arguments", map[string]string{"CLUBBOT_METRICS_ADDR": addr}, []string{"now"}, 200, 2, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status = tt.status
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"health"}, tt.args...), newEnv(envOf(tt.env), strings.NewReader(""), &stdout, &stderr))
			if tt.code == 0 {
				if err != nil || !strings.Contains(stdout.String(), `"database":"ok"`) {
					t.Fatalf("health: %v, stdout %q", err, stdout.String())
				}
				return
			}
			var ee exitError
			code := 1 // main exits 1 for an error without a code
			if errors.As(err, &ee) {
				code = ee.code
			}
			if err == nil || code != tt.code || !strings.Contains(err.Error(), tt.message) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("health: %v (exit %d), want exit %d with %q on one line", err, code, tt.code, tt.message)
			}
		})
	}
}

// freeLoopback is a loopback address nothing listens on.
func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestDialAddr(t *testing.T) {
	for in, want := range map[string]string{
		":9090":          "127.0.0.1:9090",
		"0.0.0.0:9090":   "127.0.0.1:9090",
		"[::]:9090":      "127.0.0.1:9090",
		"127.0.0.1:9090": "127.0.0.1:9090",
		"10.0.0.5:9090":  "10.0.0.5:9090",
		"[::1]:9090":     "[::1]:9090",
	} {
		if got := dialAddr(in); got != want {
			t.Errorf("dialAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
