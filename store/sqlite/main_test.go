package sqlite

import (
	"os"
	"testing"
)

// benchTempDir is where a benchmark fixture was built, removed at exit.
var benchTempDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDB != nil {
		fixtureDB.Close()
	}
	if benchTempDir != "" {
		os.RemoveAll(benchTempDir)
	}
	os.Exit(code)
}
