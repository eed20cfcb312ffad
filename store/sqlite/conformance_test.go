package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"clubbot/store/storetest"
)

// TestConformance runs the engine-independent suite on SQLite files in
// t.TempDir().
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Opened {
		path := filepath.Join(t.TempDir(), "clubbot.db")
		open := func(t *testing.T) storetest.Engine {
			db := openAgain(t, path)
			db.Now = now
			return db
		}
		db := open(t).(*DB)
		return storetest.Opened{
			DB:    db,
			Again: open,
			Count: func(t *testing.T, table, where string) int {
				t.Helper()
				var n int
				if err := db.reader.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table+` WHERE `+where).Scan(&n); err != nil {
					t.Fatalf("count %s: %v", table, err)
				}
				return n
			},
		}
	})
}
