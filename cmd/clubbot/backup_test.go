package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clubbot/store/sqlite"
)

// TestBackupCommand: `clubbot backup FILE` refuses an existing FILE (exit 2,
// file unchanged) unless --force is given, and never touches FILE.tmp.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "clubbot.db")
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	env := envOf(map[string]string{"CLUBBOT_DB": dbPath})
	backup := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"backup"}, args...), newEnv(env, strings.NewReader(""), &stdout, &stderr))
		return stdout.String(), err
	}
	dest := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(dest+".tmp", []byte("someone's"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := backup(dest); err != nil || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if b, _ := os.ReadFile(dest + ".tmp"); string(b) != "someone's" {
		t.Errorf("FILE.tmp changed: %q", b)
	}
	if err := os.WriteFile(dest, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = backup(dest)
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("backup over an existing file: %v, want exit 2 naming --force", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Errorf("existing file overwritten: %q", b)
	}
	if _, err := backup("--force", dest); err != nil {
		t.Fatalf("backup --force: %v", err)
	}
	if b, _ := os.ReadFile(dest); !strings.HasPrefix(string(b), "SQLite format 3") {
		t.Errorf("--force did not replace the file with a database: %q", b[:min(len(b), 20)])
	}
	if _, err := backup(); err == nil {
		t.Error("backup with no file succeeded")
	}
}
