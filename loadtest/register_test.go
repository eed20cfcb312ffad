package loadtest

import (
	"path/filepath"
	"testing"
	"time"

	"clubbot/bot"
)

// TestRunRegistersCommandsOnce starts `clubbot run` twice against one fake
// Discord (SPEC 2): the first start registers the commands, the second finds
// Discord's the same and does not write them again.
func TestRunRegistersCommandsOnce(t *testing.T) {
	w := newWorld(t, 1)
	dbPath := filepath.Join(t.TempDir(), "register.db")
	prepareDB(t, w, dbPath)
	writes := func() int { return w.fake.Requests("PUT applications/") }
	for start, want := range []int{1, 1} {
		c := startChild(t, w, dbPath, "DISCORD_GUILD_ID="+w.guild)
		if code := c.terminate(15 * time.Second); code != 0 {
			t.Fatalf("start %d: exit %d\n%s", start+1, code, tail(c.out.String(), 20))
		}
		if got := writes(); got != want {
			t.Fatalf("start %d: %d command writes, want %d\n%s", start+1, got, want, tail(c.out.String(), 20))
		}
		if n := len(w.fake.Commands(w.guild)); n != len(bot.Commands()) {
			t.Fatalf("start %d: %d commands on the server, want %d", start+1, n, len(bot.Commands()))
		}
	}
}
