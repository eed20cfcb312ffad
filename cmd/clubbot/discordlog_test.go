package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestDiscordgoLogger: discordgo's lines become JSON log records at the
// matching level, and the expected Label-submit decoding complaint is only
// debug (not shown at the default info level).
func TestDiscordgoLogger(t *testing.T) {
	var buf bytes.Buffer
	logf := discordgoLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	logf(discordgo.LogError, 1, "websocket closed: %s", "1006")
	logf(discordgo.LogError, 1, "error unmarshalling %s event, %s", "INTERACTION_CREATE", "unknown component type: 18")
	logf(discordgo.LogDebug, 1, "heartbeat %d", 3)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d log lines, want 1: %q", len(lines), buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("not JSON: %q", lines[0])
	}
	if rec["level"] != "ERROR" || rec["msg"] != "websocket closed: 1006" || rec["component"] != "discordgo" {
		t.Errorf("record %v", rec)
	}
}
