package sqlite

import (
	"testing"

	"clubbot/store/storetest"
)

// TestConformance runs the engine-independent suite on SQLite files in
// t.TempDir().
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Engine {
		db, _ := openTest(t)
		return db
	})
}
