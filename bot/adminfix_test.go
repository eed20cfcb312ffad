package bot

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

func TestAdminFixRecordsWhoEnteredIt(t *testing.T) {
	tb := newTestBot(t)
	old := (tb.today() - 5).String()
	withMember := func(i *discordgo.Interaction, id string) *discordgo.Interaction {
		d := i.Data.(discordgo.ApplicationCommandInteractionData)
		d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{
			Users:   map[string]*discordgo.User{id: {ID: id, Username: "user" + id}},
			Members: map[string]*discordgo.Member{id: {}},
		}
		i.Data = d
		return i
	}

	// A plain member may not fix days, for others or themselves.
	wantUserError(t, tb.handle(withMember(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.User("member", bob)), bob)), "Manage Server")
	wantUserError(t, tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("date", old))), "Manage Server")
	// Bad dates are refused with nothing stored.
	future := (tb.today() + 2).String()
	for _, d := range []string{future, "2026-13-01", "yesterday!", (tb.today() - 400).String()} {
		wantUserError(t, tb.handle(withMember(tb.cmd(adminID, "checkin", fakediscord.Int("minutes", 10), fakediscord.User("member", bob), fakediscord.Str("date", d)), bob)), "date")
	}
	wantUserError(t, tb.handle(tb.cmd(adminID, "checkin", fakediscord.Int("minutes", 10), fakediscord.Str("day", "yesterday"), fakediscord.Str("date", old))), "not both")
	if h := tb.history(t, bob); len(h) != 0 {
		t.Fatalf("refused fixes stored %v", h)
	}

	// The admin records 25 minutes for bob five days ago.
	r := tb.handle(withMember(tb.cmd(adminID, "checkin", fakediscord.Int("minutes", 25), fakediscord.User("member", bob), fakediscord.Str("date", old)), bob))
	wantOK(t, r)
	wantSafe(t, r)
	if !isEphemeral(r) {
		t.Error("admin fix confirmation is public")
	}
	h := tb.history(t, bob)
	if len(h) != 1 || h[0].Day.String() != old || h[0].Minutes != 25 {
		t.Fatalf("bob's history after the fix: %+v", h)
	}
	var buf bytes.Buffer
	if err := tb.writeCSV(context.Background(), testGuild, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("export rows %v, %v", rows, err)
	}
	col := map[string]int{}
	for n, name := range rows[0] {
		col[name] = n
	}
	if got := rows[1][col["entered_by"]]; got != adminID {
		t.Fatalf("entered_by = %q, want the admin %s", got, adminID)
	}
}
