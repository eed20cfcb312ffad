package bot

import (
	"testing"
)

func TestParseMinutes(t *testing.T) {
	good := map[string]int{"1": 1, "240": 240, " 15 ": 15, "15 min": 15, "20mins": 20, "30 minutes": 30, "5m": 5}
	for s, want := range good {
		if got, err := parseMinutes(s); err != nil || got != want {
			t.Errorf("parseMinutes(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0", "241", "-1", "1.5", "ten", "0x10", "1e2", "99999", "min", "+5"} {
		if got, err := parseMinutes(s); err == nil {
			t.Errorf("parseMinutes(%q) = %d, want error", s, got)
		}
	}
}

func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{"15", " 20 min", "0", "241", "abc", "١٥", "15\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := parseMinutes(s); err == nil && (n < 1 || n > 240) {
			t.Fatalf("parseMinutes(%q) = %d", s, n)
		}
	})
}
