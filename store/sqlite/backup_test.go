package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestBackupNeverClobbers: the copy is written to a fresh temporary file
// beside dest, so a file named dest.tmp is left alone; an existing dest is
// replaced only when asked; no temporary file is left either way.
func TestBackupNeverClobbers(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay, 25)
	dir := t.TempDir()
	dest := filepath.Join(dir, "backup.db")
	mustWrite := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mustRead := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Someone else's file named like the old fixed temporary name.
	mustWrite(dest+".tmp", "not ours")
	if err := db.Backup(ctx, dest, false); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(dest + ".tmp"); got != "not ours" {
		t.Errorf("%s.tmp was changed or removed: %q", dest, got)
	}

	// A file at dest, e.g. created while the backup ran: refused, kept.
	other := filepath.Join(dir, "other.db")
	mustWrite(other, "precious")
	err := db.Backup(ctx, other, false)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup over an existing file: %v, want ErrExist", err)
	}
	if got := mustRead(other); got != "precious" {
		t.Errorf("existing file overwritten: %q", got)
	}
	// Asked to replace: replaced by a real database.
	if err := db.Backup(ctx, other, true); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.Stats(ctx, "g", "u", testDay)
	b.Close()
	if err != nil || st.TotalMinutes != 25 {
		t.Fatalf("replaced backup stats %+v %v", st, err)
	}
	// A destination in a folder that does not exist: an error, nothing left.
	if err := db.Backup(ctx, filepath.Join(dir, "no", "such.db"), false); err == nil {
		t.Error("backup into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 { // backup.db, backup.db.tmp (not ours), other.db
		t.Errorf("files left in the folder: %v", names)
	}
}
