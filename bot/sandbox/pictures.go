package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// savePictures writes each PNG the bot sent since the last call into
// Config.Pictures, numbered in the order sent ("003-leaderboard.png"), and
// says where. It does nothing without a Pictures folder.
func (sb *sandbox) savePictures() error {
	if sb.cfg.Pictures == "" {
		return nil
	}
	payloads := sb.fake.Payloads()
	for _, p := range payloads[min(sb.savedPayloads, len(payloads)):] {
		for _, f := range p.Data.Files {
			if !bytes.HasPrefix(f.Data, pngSignature) {
				continue
			}
			sb.savedPictures++
			name := fmt.Sprintf("%03d-%s", sb.savedPictures, safeFileName(f.Name))
			path := filepath.Join(sb.cfg.Pictures, name)
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				return fmt.Errorf("save picture: %w", err)
			}
			sb.printf("    (saved %s)\n", path)
		}
	}
	sb.savedPayloads = len(payloads)
	return nil
}

// safeFileName keeps a sent file's name to its last element, ending in
// .png, so a name from the bot cannot write outside the folder.
func safeFileName(name string) string {
	name = filepath.Base(filepath.Clean("/" + name))
	if name == "/" || name == "." {
		name = "picture"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".png") {
		name += ".png"
	}
	return name
}
