package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"clubbot/store/pgtest"
	"clubbot/store/postgres"
	"clubbot/store/sqlite"
)

// TestOpenStoreByURL: a postgres:// CLUBBOT_DB opens the PostgreSQL store,
// a file name the SQLite one.
func TestOpenStoreByURL(t *testing.T) {
	ctx := context.Background()
	file, err := openStore(ctx, config{DB: filepath.Join(t.TempDir(), "clubbot.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, ok := file.(*sqlite.DB); !ok {
		t.Errorf("a file name opened %T, want *sqlite.DB", file)
	}
	db, err := openStore(ctx, config{DB: pgtest.URL(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok := db.(*postgres.DB); !ok {
		t.Errorf("a postgres:// URL opened %T, want *postgres.DB", db)
	}
	if err := db.Ping(ctx); err != nil {
		t.Error(err)
	}
}

// TestBackupOnPostgresSaysPgDump: backup of a PostgreSQL database is
// pg_dump's job; the command says so in one line (exit 2) without
// connecting.
func TestBackupOnPostgresSaysPgDump(t *testing.T) {
	env := envOf(map[string]string{"CLUBBOT_DB": "postgres://clubbot:SECRET@127.0.0.1:1/clubbot"})
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backup", filepath.Join(t.TempDir(), "copy.db")},
		newEnv(env, strings.NewReader(""), &stdout, &stderr))
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup on postgres: %v, want exit 2 naming pg_dump", err)
	}
	if strings.Contains(err.Error(), "SECRET") || strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("message %q: want one line without the password", err)
	}
}
