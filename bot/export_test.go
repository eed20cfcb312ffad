package bot

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
)

func TestExportCSV(t *testing.T) {
	tb := newTestBot(t)
	tb.checkInDaysAgo(t, alice, 0, 12)
	tb.checkInDaysAgo(t, bob, 1, 7)
	wantUserError(t, tb.handle(tb.cmd(alice, "export")), "Manage Server")

	i := tb.cmd(adminID, "export")
	r := tb.handle(i)
	wantSafe(t, r)
	if !isEphemeral(r) {
		t.Error("export is not ephemeral")
	}
	e := later(t, tb, i, r)
	if len(e.Files) != 1 || !strings.HasSuffix(e.Files[0].Name, ".csv") || e.Files[0].ContentType != "text/csv" {
		t.Fatalf("files %+v", e.Files)
	}
	data, _ := io.ReadAll(e.Files[0].Reader)
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, data)
	}
	if len(rows) != 3 {
		t.Errorf("%d rows, want header + 2:\n%s", len(rows), data)
	}
}

// exportEdit runs /export for the admin with ctx and returns the edit.
func exportEdit(t *testing.T, tb *testBot, ctx context.Context) *discordgo.WebhookEdit {
	t.Helper()
	i := tb.cmd(adminID, "export")
	r := tb.handle(i)
	return tb.runLater(ctx, i, r.Later)
}

// readCSV parses a CSV file, gunzipping it when it is .gz.
func readCSV(t *testing.T, f *discordgo.File) [][]string {
	t.Helper()
	var rd io.Reader = f.Reader
	if strings.HasSuffix(f.Name, ".gz") {
		z, err := gzip.NewReader(f.Reader)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		rd = z
	}
	rows, err := csv.NewReader(rd).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return rows
}

// TestExportNames: the export has each member's display name, as last seen
// when they used the bot, beside their id, formula-safe; the name follows a
// rename.
func TestExportNames(t *testing.T) {
	tb := newTestBot(t)
	tb.checkInDaysAgo(t, alice, 0, 12) // username "user<alice>"
	i := tb.cmd(bob, "checkin", fakediscord.Int("minutes", 7))
	i.Member.Nick = "=HYPERLINK(\"x\")"
	wantOK(t, tb.handle(i))
	i = tb.cmd(alice, "streak")
	i.Member.Nick = "Ann the Runner"
	tb.handle(i)

	e := exportEdit(t, tb, context.Background())
	if len(e.Files) != 1 || !strings.HasSuffix(e.Files[0].Name, ".csv") {
		t.Fatalf("files %+v", e.Files)
	}
	rows := readCSV(t, e.Files[0])
	col := map[string]int{}
	for n, name := range rows[0] {
		col[name] = n
	}
	if col["user_name"] != col["user_id"]+1 || col["entered_by_name"] != col["entered_by"]+1 {
		t.Fatalf("names are not beside the ids: %q", rows[0])
	}
	names := map[string]string{}
	for _, r := range rows[1:] {
		names[r[col["user_id"]]] = r[col["user_name"]]
	}
	if names[alice] != "Ann the Runner" || names[bob] != `'=HYPERLINK("x")` {
		t.Errorf("names %q", names)
	}
}

// TestExportOverLimit: past the interaction's attachment_size_limit the CSV
// goes gzipped, and split (each part with the header) when still too big;
// the message says so.
func TestExportOverLimit(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	for n := range 400 {
		if _, err := tb.Store.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: testGuild, UserID: fmt.Sprint(5000 + n), Day: today,
			Minutes: 1 + n%200, Note: fmt.Sprintf("note %d: %x\nline two", n, n*7919*104729), InteractionID: fmt.Sprint("x", n)}, today); err != nil {
			t.Fatal(err)
		}
	}
	whole := exportEdit(t, tb, ctx)
	raw, _ := io.ReadAll(whole.Files[0].Reader)
	all, _ := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if len(all) != 401 {
		t.Fatalf("%d rows", len(all))
	}
	zipped, err := gzipBytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	limitCtx := func(limit int) context.Context {
		return withAttachmentLimit(ctx, []byte(fmt.Sprintf(`{"id":"1","type":2,"attachment_size_limit":%d}`, limit)))
	}

	// Gzipped whole.
	e := exportEdit(t, tb, limitCtx(len(raw)-1))
	if len(e.Files) != 1 || !strings.HasSuffix(e.Files[0].Name, ".csv.gz") || !strings.Contains(editText(e), "gzipped") {
		t.Fatalf("gzipped export: %q, %+v", editText(e), e.Files)
	}
	if got := readCSV(t, e.Files[0]); len(got) != 401 {
		t.Errorf("gzipped export has %d rows", len(got))
	}

	// Split: parts under the limit, each with the header, all rows once.
	limit := len(zipped) / 3
	e = exportEdit(t, tb, limitCtx(limit))
	if len(e.Files) < 3 || len(e.Files) > maxExportFiles || !strings.Contains(editText(e), "split into") {
		t.Fatalf("split export: %q, %d files", editText(e), len(e.Files))
	}
	var rows [][]string
	for _, f := range e.Files {
		data, _ := io.ReadAll(f.Reader)
		if len(data) > limit {
			t.Errorf("%s is %d bytes, over %d", f.Name, len(data), limit)
		}
		part := readCSV(t, &discordgo.File{Name: f.Name, Reader: bytes.NewReader(data)})
		if strings.Join(part[0], ",") != strings.Join(all[0], ",") {
			t.Errorf("%s has no header row", f.Name)
		}
		rows = append(rows, part[1:]...)
	}
	if len(rows) != 400 || strings.Join(rows[399], ",") != strings.Join(all[400], ",") {
		t.Errorf("split parts hold %d rows", len(rows))
	}

	// Too small for even ten parts: said plainly, no files.
	e = exportEdit(t, tb, limitCtx(len(zipped)/40))
	if len(e.Files) != 0 || !strings.Contains(editText(e), "too big") {
		t.Errorf("hopeless export: %q, %d files", editText(e), len(e.Files))
	}
	// No limit in the interaction: 10 MiB.
	if attachmentLimit(withAttachmentLimit(ctx, []byte(`{"id":"1"}`))) != 10<<20 {
		t.Error("default limit is not 10 MiB")
	}
}

// TestGatewayInteractionLimit: over the gateway the attachment limit is read
// from the raw INTERACTION_CREATE event; other events are not interactions.
func TestGatewayInteractionLimit(t *testing.T) {
	ctx := context.Background()
	raw := []byte(`{"id":"5","type":2,"guild_id":"1","data":{"id":"9","name":"export","type":1},"attachment_size_limit":26214400}`)
	e := &discordgo.Event{Type: "INTERACTION_CREATE", RawData: raw,
		Struct: &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{ID: "5"}}}
	ictx, i, err := gatewayInteraction(ctx, e)
	if err != nil || i == nil || i.ID != "5" || attachmentLimit(ictx) != 25<<20 {
		t.Errorf("interaction event: %v, limit %d", err, attachmentLimit(ictx))
	}
	for _, other := range []*discordgo.Event{nil, {Type: "MESSAGE_CREATE", Struct: &discordgo.MessageCreate{}}} {
		if _, i, err := gatewayInteraction(ctx, other); i != nil || err != nil {
			t.Errorf("%+v taken for an interaction (%v)", other, err)
		}
	}
	if _, i, err := gatewayInteraction(ctx, &discordgo.Event{Type: "INTERACTION_CREATE", RawData: []byte("{")}); i != nil || err == nil {
		t.Error("a broken INTERACTION_CREATE is not an error")
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"plain": "plain", "": "", "a=b": "a=b",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
