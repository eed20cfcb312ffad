package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// TestE2ELeaderboardFollowupGateway: over the gateway, /leaderboard answers
// publicly with the same board for everyone, and the asker's place comes as
// an ephemeral follow-up message.
func TestE2ELeaderboardFollowupGateway(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 30))
	w.command(w.members["ben"], "checkin", fakediscord.Int("minutes", 20))
	var boards []string
	for _, c := range []struct {
		asker *discordgo.Member
		want  string
	}{{w.members["ann"], "Your place: #1 of 2"}, {w.members["cat"], "not on this board yet"}} {
		ex, err := w.srv.Deliver(w.ctx, w.srv.Command(w.guild, c.asker, "leaderboard"))
		if err != nil {
			t.Fatal(err)
		}
		orig, err := ex.WaitOriginal(w.ctx)
		if err != nil || orig.Ephemeral() {
			t.Fatalf("board: %v (ephemeral %v)", err, orig != nil && orig.Ephemeral())
		}
		boards = append(boards, msgText(orig))
		fs, err := ex.WaitFollowups(w.ctx, 1)
		if err != nil {
			t.Fatalf("follow-up: %v", err)
		}
		if len(fs) != 1 || !fs[0].Ephemeral() || !strings.Contains(msgText(fs[0]), c.want) {
			t.Errorf("follow-up for %s: %d messages, %q", c.asker.User.Username, len(fs), msgText(fs[0]))
		}
	}
	w.Wait(5 * time.Second)
	if boards[0] != boards[1] || strings.Contains(strings.ToLower(boards[0]), "you") {
		t.Errorf("public boards differ or speak to the asker:\n%q\n%q", boards[0], boards[1])
	}
}

// TestE2ELeaderboardFollowupHTTP: the same in HTTP mode, where the
// follow-up goes out through REST after the inline response.
func TestE2ELeaderboardFollowupHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "", time.Time{}, "ann")
	srv, guild, ann, tb := w.srv, w.guild, w.members["ann"], w.testBot
	url, priv := w.serveHTTP()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	if _, err := srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 15))); err != nil {
		t.Fatal(err)
	}
	ex, err := srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "leaderboard"))
	if err != nil {
		t.Fatal(err)
	}
	orig, err := ex.WaitOriginal(ctx)
	if err != nil || orig.Ephemeral() || strings.Contains(msgText(orig), "You") {
		t.Fatalf("board %q: %v", msgText(orig), err)
	}
	fs, err := ex.WaitFollowups(ctx, 1)
	if err != nil || len(fs) != 1 || !fs[0].Ephemeral() || !strings.Contains(msgText(fs[0]), "Your place: #1 of 1") {
		t.Fatalf("follow-up: %v %+v", err, fs)
	}
	tb.Wait(5 * time.Second)
}
