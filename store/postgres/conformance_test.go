package postgres

import (
	"context"
	"testing"
	"time"

	"clubbot/store/pgtest"
	"clubbot/store/storetest"
)

// TestConformance runs the engine-independent suite, each test on a
// database of its own on the CLUBBOT_TEST_POSTGRES server.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Opened {
		url := pgtest.URL(t)
		open := func(t *testing.T) *DB {
			t.Helper()
			db, err := Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			db.Now = now
			t.Cleanup(func() { db.Close() })
			return db
		}
		db := open(t)
		return storetest.Opened{
			DB:    db,
			Again: func(t *testing.T) storetest.Engine { return open(t) },
			Count: func(t *testing.T, table, where string) int {
				t.Helper()
				var n int
				if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table+` WHERE `+where).Scan(&n); err != nil {
					t.Fatalf("count %s: %v", table, err)
				}
				return n
			},
		}
	})
}
