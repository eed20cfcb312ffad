package store

import (
	"testing"
	"time"
)

// TestNanos: a stored 0 reads as the zero time, any other count as that
// instant in UTC, and a column that is not an integer is an error, not a
// silent zero.
func TestNanos(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 30, 0, 5, time.UTC)
	tests := []struct {
		name    string
		src     any
		want    time.Time
		wantErr bool
	}{
		{"zero", int64(0), time.Time{}, false},
		{"instant", at.UnixNano(), at, false},
		{"null", nil, time.Time{}, true},
		{"text", "1", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got time.Time
			err := Nanos(&got).Scan(tt.src)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Scan(%v) error = %v, want error %v", tt.src, err, tt.wantErr)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("Scan(%v) = %v, want %v (UTC)", tt.src, got, tt.want)
			}
		})
	}
}
