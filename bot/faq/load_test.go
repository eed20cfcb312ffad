package faq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeDoc writes a knowledge document under dir.
func writeDoc(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A knowledge folder loads only regular files inside it, each and all
// together within the size limits, and a refusal is one line naming the file.
func TestFolderDocumentsRefusesWhatIsNotADocument(t *testing.T) {
	outside := t.TempDir()
	writeDoc(t, outside, "secret.md", "# Secret\nThe admin password is hunter2.\n")
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // in the error; "" means it loads
	}{
		{"a normal folder", func(t *testing.T, dir string) {
			writeDoc(t, dir, "a.md", "# Heel care\nRoll the heel.\n")
			writeDoc(t, dir, "sub/b.txt", "Ice the arch.\n")
			writeDoc(t, dir, "notes.pdf", "ignored")
			if err := os.Symlink("a.md", filepath.Join(dir, "alias.md")); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"symlink out of the folder", func(t *testing.T, dir string) {
			writeDoc(t, dir, "a.md", "# A\ntext\n")
			if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "leak.md")); err != nil {
				t.Fatal(err)
			}
		}, "leak.md"},
		{"relative symlink climbing out", func(t *testing.T, dir string) {
			rel, err := filepath.Rel(dir, filepath.Join(outside, "secret.md"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(rel, filepath.Join(dir, "up.md")); err != nil {
				t.Fatal(err)
			}
		}, "up.md"},
		{"symlink to /dev/zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
				t.Fatal(err)
			}
		}, "zero.txt"},
		{"FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "pipe.md: not a regular file"},
		{"symlink to a FIFO inside", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("pipe", filepath.Join(dir, "pipe.txt")); err != nil {
				t.Fatal(err)
			}
		}, "pipe.txt: not a regular file"},
		{"oversize file", func(t *testing.T, dir string) {
			writeDoc(t, dir, "big.md", strings.Repeat("a", maxDocumentBytes+1))
		}, "big.md: too large"},
		{"over the total", func(t *testing.T, dir string) {
			for i := range maxKnowledgeBytes/maxDocumentBytes + 1 {
				writeDoc(t, dir, filepath.Join("many", string(rune('a'+i))+".txt"), strings.Repeat("a ", maxDocumentBytes/2))
			}
		}, "too large"},
		{"not UTF-8", func(t *testing.T, dir string) {
			writeDoc(t, dir, "bin.md", "\xff\xfe")
		}, "bin.md: not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			start := time.Now()
			docs, err := folderDocuments(dir)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, d := range docs {
					names = append(names, d.name)
				}
				if got := strings.Join(names, " "); got != "a.md alias.md sub/b.txt" {
					t.Errorf("loaded %q", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("loaded %d documents, want an error with %q", len(docs), c.want)
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") {
				t.Errorf("error %q, want one line with %q", msg, c.want)
			}
		})
	}
}

// The engine refuses such a folder at New, through the same loader.
func TestNewRefusesKnowledgeSymlinkOut(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	writeDoc(t, outside, "secret.md", "# Secret\nfoot secret\n")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "leak.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := New(context.Background(), Config{KnowledgeDir: dir}); err == nil {
		t.Error("a knowledge folder reading outside itself was accepted")
	}
}
