package sandbox

import (
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "in 30 seconds"}, {-time.Second, "1 second ago"},
		{90 * time.Minute, "in 2 hours"}, {time.Minute, "in 1 minute"},
		{-50 * time.Hour, "2 days ago"}, {22 * time.Hour, "in 22 hours"},
	}
	for _, tt := range tests {
		if got := relative(tt.d); got != tt.want {
			t.Errorf("relative(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStampsShowTimestamps(t *testing.T) {
	out, err := run(t, "as admin /settings timezone:Europe/London\nas admin /challenge create name:June days:3 daily-minutes:10 start:2026-12-01\n", false)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	mustContain(t, out, "starts on ⟨1 December 2026⟩", "3 days, ⟨1 December 2026⟩ to ⟨3 December 2026⟩")
	if stampRE.MatchString(out) {
		t.Errorf("a raw timestamp is left:\n%s", out)
	}
}
