package faq

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"clubbot/prompts"
)

// Limits on a knowledge folder, so a stray or hostile file (a symlink to a
// huge file or /dev/zero) cannot eat the bot's memory at start-up. The
// bundled documents are 36 KB in all.
const (
	maxDocumentBytes  = 1 << 20  // one document
	maxKnowledgeBytes = 16 << 20 // all documents together
)

// bundledDocuments reads the knowledge documents embedded in prompts/.
func bundledDocuments() ([]document, error) {
	return readDocuments(prompts.Knowledge, prompts.Knowledge.Open)
}

// folderDocuments reads the .md/.txt documents of a folder (and its
// sub-folders), sorted by path so the index is the same on every start.
//
// The folder is opened as an os.Root: a symlink may point only inside it.
// Each file is opened without blocking (a FIFO would otherwise hang start-up
// until a writer came), must be a regular file once open, and is read
// through a size limit.
func folderDocuments(dir string) ([]document, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("knowledge folder: %w", err)
	}
	defer root.Close()
	docs, err := readDocuments(root.FS(), func(name string) (fs.File, error) {
		return root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge folder %s: %w", dir, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("knowledge folder %s: no .md or .txt documents", dir)
	}
	return docs, nil
}

// readDocuments walks fsys for documents and reads each through open.
func readDocuments(fsys fs.FS, open func(name string) (fs.File, error)) ([]document, error) {
	var docs []document
	total := 0
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".md" && ext != ".txt" && ext != ".markdown") {
			return nil
		}
		b, err := readDocument(open, path, min(maxDocumentBytes, maxKnowledgeBytes-total))
		if err != nil {
			return err
		}
		total += len(b)
		docs = append(docs, document{name: path, text: string(b), markdown: ext != ".txt"})
		return nil
	})
	sort.Slice(docs, func(i, j int) bool { return docs[i].name < docs[j].name })
	return docs, err
}

// readDocument reads one document of at most limit bytes.
func readDocument(open func(name string) (fs.File, error), path string, limit int) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", path, info.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > limit && limit < maxDocumentBytes {
		return nil, fmt.Errorf("%s: too large: the documents together pass %d bytes", path, maxKnowledgeBytes)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s: too large: over %d bytes", path, maxDocumentBytes)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s: not UTF-8 text", path)
	}
	return b, nil
}
