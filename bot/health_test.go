package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

type pingFunc func(context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

func TestHealthHandler(t *testing.T) {
	ok := pingFunc(func(context.Context) error { return nil })
	bad := pingFunc(func(context.Context) error { return errors.New("disk gone") })
	tests := []struct {
		name     string
		db       pingFunc
		discord  string
		status   int
		database string
	}{
		{"all well", ok, "connected", 200, "ok"},
		{"http mode", ok, "http", 200, "ok"},
		{"gateway down", ok, "disconnected", 503, "ok"},
		{"database down", bad, "connected", 503, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			HealthHandler(tt.db, func() string { return tt.discord }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			var body map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body["database"] != tt.database || body["discord"] != tt.discord {
				t.Fatalf("body %v", body)
			}
		})
	}
}
