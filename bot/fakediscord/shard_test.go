package fakediscord_test

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestIdentifyShard: READY names the shard the client identified as.
func TestIdentifyShard(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ id, count int }{{0, 1}, {1, 2}} {
		w := newWorld(t)
		dg := newSession(t, w.srv, "tok")
		dg.ShardID, dg.ShardCount = tt.id, tt.count
		ready := make(chan *discordgo.Ready, 1)
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })
		if err := dg.Open(); err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-ready:
			if r.Shard == nil || *r.Shard != [2]int{tt.id, tt.count} {
				t.Errorf("identified as %d/%d, READY says shard %v", tt.id, tt.count, r.Shard)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no READY")
		}
		dg.Close()
	}
}
