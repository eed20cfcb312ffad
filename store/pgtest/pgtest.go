// Package pgtest gives a test its own PostgreSQL database on the server
// CLUBBOT_TEST_POSTGRES names. Without one a Postgres test fails in CI
// (CI set) and skips on a developer's machine, saying how to start one.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the server: a postgres:// URL whose role may create databases.
const Env = "CLUBBOT_TEST_POSTGRES"

// Prefix starts the name of every database URL creates.
const Prefix = "clubbot_test_"

// timeout bounds creating or dropping one database.
const timeout = 30 * time.Second

// missing says what a test does when getenv has no server: fail (in CI,
// where a skipped engine would pass unnoticed) or skip, with a one-line
// message either way. ok is true when a server is set.
func missing(getenv func(string) string) (ok, fail bool, msg string) {
	if getenv(Env) != "" {
		return true, false, ""
	}
	if getenv("CI") != "" {
		return false, true, Env + " is not set: CI runs the PostgreSQL tests against a server (.ci/run starts one with .ci/postgres start)"
	}
	return false, false, Env + ` is not set, so the PostgreSQL tests skip; to run them: export ` + Env + `="$(.ci/postgres start)"`
}

// URL creates a fresh, empty database for t on the server, drops it when t
// ends, and returns its URL.
func URL(t testing.TB) string {
	t.Helper()
	ok, fail, msg := missing(os.Getenv)
	if !ok {
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	base := os.Getenv(Env)
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The URL holds a password: never print it.
		t.Fatalf("%s: want a postgres:// URL", Env)
	}
	name, err := databaseName()
	if err != nil {
		t.Fatal(err)
	}
	if err := admin(base, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create database %s on %s: %v", name, u.Redacted(), err)
	}
	t.Cleanup(func() {
		// FORCE ends connections a test left open.
		if err := admin(base, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// databaseName is Prefix and 16 random hex digits.
func databaseName() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("pgtest: database name: %w", err)
	}
	return Prefix + hex.EncodeToString(b), nil
}

// admin runs one statement on the server's own database: CREATE and DROP
// DATABASE cannot run inside a transaction or in the database they name.
func admin(base, stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}
