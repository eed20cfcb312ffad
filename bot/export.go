package bot

import (
	"bytes"
	"clubbot"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/store"
)

// defaultAttachmentLimit is Discord's upload limit for a server without
// boosts (10 MiB), used when the interaction does not say its own.
const defaultAttachmentLimit = 10 << 20

// maxExportFiles is how many files one message can carry (Discord: 10).
const maxExportFiles = 10

// attachmentLimitKey carries an interaction's attachment_size_limit in its
// context: discordgo's Interaction has no field for it, so the HTTP
// transport reads it from the raw body.
type attachmentLimitKey struct{}

// withAttachmentLimit returns ctx carrying the limit read from an
// interaction's raw JSON (unchanged when the body has none).
func withAttachmentLimit(ctx context.Context, rawInteraction []byte) context.Context {
	var v struct {
		Limit int64 `json:"attachment_size_limit"`
	}
	if json.Unmarshal(rawInteraction, &v) != nil || v.Limit <= 0 {
		return ctx
	}
	return context.WithValue(ctx, attachmentLimitKey{}, v.Limit)
}

// attachmentLimit is the interaction's upload limit, else the default.
func attachmentLimit(ctx context.Context) int64 {
	if v, ok := ctx.Value(attachmentLimitKey{}).(int64); ok && v > 0 {
		return v
	}
	return defaultAttachmentLimit
}

// rememberName records the interacting member's display name for /export
// (the store writes only when it changed). A failure is logged, never shown:
// the name is a convenience for admins.
func (b *Bot) rememberName(ctx context.Context, i *discordgo.Interaction) {
	if i.GuildID == "" || i.Member == nil || i.Member.User == nil || i.Member.User.Bot || b.Store == nil {
		return
	}
	name := truncate(displayName(i.Member, i.Member.User), store.MaxDisplayNameRunes)
	if strings.TrimSpace(name) == "" {
		return
	}
	if err := b.Store.SetMemberName(ctx, i.GuildID, i.Member.User.ID, name); err != nil {
		b.logger().WarnContext(ctx, "remember member name", "guild", i.GuildID, "err", err)
	}
}

// export is /export (Manage Server): the server's check-ins as a CSV file,
// with members' display names beside their ids, sent only to the admin who
// asked. A big server's file takes a while, so the reply is deferred. A file
// over the interaction's upload limit goes gzipped, and split into parts
// when that is still too big; the message says so.
func (b *Bot) export(ctx context.Context, i *discordgo.Interaction) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	guildID := i.GuildID
	return deferred(true, func(ctx context.Context) *discordgo.WebhookEdit {
		var buf bytes.Buffer
		if err := b.writeCSV(ctx, guildID, &buf); err != nil {
			return b.failLater(ctx, "export csv", err)
		}
		today, _, err := b.serverDay(ctx, guildID)
		base := "checkins"
		if err == nil {
			base = fmt.Sprintf("checkins-%s", today)
		}
		limit := attachmentLimit(ctx)
		if int64(buf.Len()) <= limit {
			w := edit("The server's check-ins, one row per session, with members' names as last seen beside their ids.")
			w.Files = []*discordgo.File{{Name: base + ".csv", ContentType: "text/csv", Reader: &buf}}
			return w
		}
		parts, err := gzipParts(buf.Bytes(), limit)
		if err != nil {
			return b.failLater(ctx, "export gzip", err)
		}
		mib := fmt.Sprintf("%.1f MiB", float64(limit)/(1<<20))
		if len(parts) > maxExportFiles {
			return edit(fmt.Sprintf("⚠️ The export is too big to send here even gzipped in %d parts under this server's %s upload limit. Please ask the bot's operator for a database export.", maxExportFiles, mib))
		}
		var files []*discordgo.File
		for n, p := range parts {
			name := base + ".csv.gz"
			if len(parts) > 1 {
				name = fmt.Sprintf("%s-part%d-of-%d.csv.gz", base, n+1, len(parts))
			}
			files = append(files, &discordgo.File{Name: name, ContentType: "application/gzip", Reader: bytes.NewReader(p)})
		}
		text := fmt.Sprintf("The server's check-ins are over this server's %s upload limit, so the CSV is gzipped.", mib)
		if len(parts) > 1 {
			text = fmt.Sprintf("The server's check-ins are over this server's %s upload limit even gzipped, so the CSV is split into %d gzipped parts, each with the header row.", mib, len(parts))
		}
		w := edit(text)
		w.Files = files
		return w
	})
}

// gzipParts gzips a CSV whole, or when that is over limit, in parts of whole
// records (a note may hold a line break, so the cut is by CSV record, not
// by line), each starting with the header row and each gzipped under limit.
func gzipParts(data []byte, limit int64) ([][]byte, error) {
	whole, err := gzipBytes(data)
	if err != nil {
		return nil, err
	}
	if int64(len(whole)) <= limit {
		return [][]byte{whole}, nil
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) < 2 {
		return nil, fmt.Errorf("export: re-read csv to split it: %w", err)
	}
	// Aim each part's raw size at what compresses to 90% of the limit (at
	// the whole file's ratio); halve the aim while a part comes out over.
	aim := int64(float64(limit) * 0.9 * float64(len(data)) / float64(len(whole)))
	for ; aim > 0; aim /= 2 {
		parts, err := splitGzip(recs[0], recs[1:], aim)
		if err != nil {
			return nil, err
		}
		fits := true
		for _, p := range parts {
			fits = fits && int64(len(p)) <= limit
		}
		if fits {
			return parts, nil
		}
	}
	return nil, fmt.Errorf("export: no split fits the %d-byte limit", limit)
}

// splitGzip writes records in parts of about aim raw bytes (at least one
// record each), each after the header, gzipped.
func splitGzip(header []string, recs [][]string, aim int64) ([][]byte, error) {
	var parts [][]byte
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := 0
	flush := func() error {
		w.Flush()
		if err := w.Error(); err != nil {
			return fmt.Errorf("export: split csv: %w", err)
		}
		z, err := gzipBytes(buf.Bytes())
		if err != nil {
			return err
		}
		parts = append(parts, z)
		buf.Reset()
		rows = 0
		return nil
	}
	for _, r := range recs {
		if rows == 0 {
			if err := w.Write(header); err != nil {
				return nil, fmt.Errorf("export: split csv: %w", err)
			}
		}
		if err := w.Write(r); err != nil {
			return nil, fmt.Errorf("export: split csv: %w", err)
		}
		rows++
		w.Flush()
		if int64(buf.Len()) >= aim {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if rows > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// gzipBytes compresses b.
func gzipBytes(b []byte) ([]byte, error) {
	var out bytes.Buffer
	z := gzip.NewWriter(&out)
	if _, err := z.Write(b); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return out.Bytes(), nil
}

// exportEntry is /export (Manage Server).
func exportEntry() command {
	return command{
		def: adminCommand(serverCommand(&discordgo.ApplicationCommand{
			Name:        "export",
			Description: "The server's check-ins as a CSV file (Manage Server).",
		})),
		run: (*Bot).export,
	}
}

// csvHeader is the export's first row.
var csvHeader = []string{"id", "date", "user_id", "user_name", "minutes", "timing", "tool", "sore_spot", "note",
	"source", "entered_by", "entered_by_name", "created_at"}

// csvSafe defuses a cell a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// writeCSV writes the server's check-ins as CSV with a header row, in the
// order they were recorded, with the members' display names as last
// recorded beside their ids. Cells that a spreadsheet would read as a
// formula get a leading quote.
func (b *Bot) writeCSV(ctx context.Context, guildID string, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	err := b.Store.ServerCheckIns(ctx, guildID, func(c clubbot.CheckIn, names map[string]string) error {
		rec := []string{
			fmt.Sprint(c.ID), c.Day.String(), c.UserID, names[c.UserID], fmt.Sprint(c.Minutes), c.Timing, c.Tool,
			c.SoreSpot, c.Note, c.Source, c.EnteredBy, names[c.EnteredBy], c.CreatedAt.Format(time.RFC3339),
		}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}
