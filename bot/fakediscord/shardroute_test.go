package fakediscord_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"clubbot/bot/fakediscord"
)

// shardOf is Discord's sharding rule, written out here from the docs
// ("Sharding": shard_id = (guild_id >> 22) % num_shards) so the test checks
// the fake against the rule, not against itself.
func shardOf(t *testing.T, guildID string, count int) int {
	t.Helper()
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		t.Fatalf("guild id %q: %v", guildID, err)
	}
	return int((id >> 22) % uint64(count))
}

// heard is what one gateway session received, by guild id.
type heard struct {
	mu      sync.Mutex
	ready   []string // READY's guild list
	creates []string // GUILD_CREATE
	inters  []string // INTERACTION_CREATE, "" for a DM
}

func (h *heard) snapshot() (ready, creates, inters []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Sorted(slices.Values(h.ready)), slices.Sorted(slices.Values(h.creates)), slices.Sorted(slices.Values(h.inters))
}

// openShard connects a session identified as shard id of count (count 0:
// unsharded, no shard in IDENTIFY) that records what it hears and answers
// every interaction.
func openShard(t *testing.T, srv *fakediscord.Server, id, count int) *heard {
	t.Helper()
	h := &heard{}
	dg := newSession(t, srv, "tok")
	dg.ShardID, dg.ShardCount = id, count
	// discordgo's state cache writes into the READY guilds while handlers
	// read them; this session needs no cache.
	dg.StateEnabled = false
	dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, g := range r.Guilds {
			h.ready = append(h.ready, g.ID)
		}
	})
	dg.AddHandler(func(_ *discordgo.Session, gc *discordgo.GuildCreate) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.creates = append(h.creates, gc.ID)
	})
	dg.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		h.mu.Lock()
		h.inters = append(h.inters, ic.GuildID)
		h.mu.Unlock()
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "ok", AllowedMentions: noPings()},
		})
		if err != nil {
			t.Errorf("shard %d/%d respond: %v", id, count, err)
		}
	})
	if err := dg.Open(); err != nil {
		t.Fatalf("open shard %d/%d: %v", id, count, err)
	}
	t.Cleanup(func() { dg.Close() })
	return h
}

// TestShardRouting: a guild's events (its entry in READY, GUILD_CREATE,
// INTERACTION_CREATE) reach only the session whose shard owns it by
// Discord's rule, DMs only shard 0; an unsharded session gets everything.
func TestShardRouting(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		count  int // num_shards; 0 opens one session without a shard
		guilds []int
	}{
		{"unsharded", 0, []int{0, 1, 1}},
		{"two shards", 2, []int{0, 0, 1}},
		{"three shards", 3, []int{2, 0, 1, 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, err := fakediscord.Start(fakediscord.WithHeartbeatInterval(100 * time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			shards := max(tt.count, 1)
			placeGuilds := max(tt.count, 2) // unsharded: still spread the ids over two shards
			var guilds []string
			for k, sh := range tt.guilds {
				g := srv.AddGuildOnShard(fmt.Sprintf("club %d", k), sh, placeGuilds)
				if got := shardOf(t, g, placeGuilds); got != sh {
					t.Fatalf("AddGuildOnShard(_, %d, %d) = %s, which is on shard %d", sh, placeGuilds, g, got)
				}
				guilds = append(guilds, g)
			}
			if !slices.IsSorted(guilds) {
				t.Errorf("guild ids not increasing: %v", guilds)
			}
			// want[s] is what shard s should hear of, by guild id.
			want := make([][]string, shards)
			for _, g := range guilds {
				s := shardOf(t, g, shards)
				want[s] = append(want[s], g)
			}

			sessions := make([]*heard, shards)
			var wantConnected [][2]int
			for s := range shards {
				sessions[s] = openShard(t, srv, s, tt.count)
				wantConnected = append(wantConnected, [2]int{s, shards})
			}
			ctx := ctxT(t, 10*time.Second)
			if err := srv.WaitFor(ctx, func() bool { return slices.Equal(srv.ConnectedShards(), wantConnected) }); err != nil {
				t.Fatalf("connected shards %v, want %v: %v", srv.ConnectedShards(), wantConnected, err)
			}

			// A guild added while connected is announced on its shard.
			late := srv.AddGuildOnShard("late club", shards-1, shards)
			want[shards-1] = append(want[shards-1], late)
			guilds = append(guilds, late)

			member := srv.AddMember(guilds[0], "ann", 0)
			for _, g := range guilds {
				srv.AddMember(g, "ann", 0)
				ex, err := srv.Deliver(ctx, srv.Command(g, member, "leaderboard"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ex.Wait(ctx); err != nil {
					t.Fatalf("guild %s on shard %d: no answer: %v", g, shardOf(t, g, shards), err)
				}
			}
			// A DM interaction (no guild) goes to shard 0.
			dmc, err := newSession(t, srv, "tok").UserChannelCreate(member.User.ID)
			if err != nil {
				t.Fatal(err)
			}
			dm := srv.Command(guilds[0], member, "help")
			dm.GuildID, dm.ChannelID, dm.Member, dm.User = "", dmc.ID, nil, member.User
			ex, err := srv.Deliver(ctx, dm)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ex.Wait(ctx); err != nil {
				t.Fatalf("DM interaction: no answer: %v", err)
			}

			for s, h := range sessions {
				wantGuilds := slices.Sorted(slices.Values(want[s]))
				wantInters := slices.Clone(wantGuilds)
				wantReady := slices.DeleteFunc(slices.Clone(wantGuilds), func(g string) bool { return g == late })
				if s == 0 {
					wantInters = append([]string{""}, wantInters...)
				}
				// discordgo runs handlers in goroutines: GUILD_CREATE of
				// the late guild may trail the answers. Wait for it.
				ready, creates, inters := h.snapshot()
				for deadline := time.Now().Add(2 * time.Second); len(creates) < len(wantGuilds) && time.Now().Before(deadline); {
					time.Sleep(10 * time.Millisecond)
					ready, creates, inters = h.snapshot()
				}
				if !slices.Equal(ready, wantReady) {
					t.Errorf("shard %d/%d: READY guilds %v, want %v", s, shards, ready, wantReady)
				}
				if !slices.Equal(creates, wantGuilds) {
					t.Errorf("shard %d/%d: GUILD_CREATE for %v, want %v", s, shards, creates, wantGuilds)
				}
				if !slices.Equal(inters, wantInters) {
					t.Errorf("shard %d/%d: interactions of guilds %q, want %q", s, shards, inters, wantInters)
				}
			}
		})
	}
}

// TestInvalidShard: an IDENTIFY with a shard outside [0, num_shards) is
// closed with 4010, as Discord does.
func TestInvalidShard(t *testing.T) {
	t.Parallel()
	srv, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url := "ws" + strings.TrimPrefix(strings.TrimSuffix(srv.APIURL(), "/api/v10/"), "http") + "/gateway"
	for _, shard := range [][2]int{{2, 2}, {0, 0}, {-1, 2}} {
		ws, _, err := websocket.DefaultDialer.DialContext(context.Background(), url, nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, _, err := ws.ReadMessage(); err != nil { // HELLO
			t.Fatal(err)
		}
		d, _ := json.Marshal(map[string]any{"token": "Bot tok", "shard": shard, "intents": 1, "properties": map[string]string{}})
		if err := ws.WriteJSON(map[string]any{"op": 2, "d": json.RawMessage(d)}); err != nil {
			t.Fatal(err)
		}
		_, _, err = ws.ReadMessage()
		if !websocket.IsCloseError(err, 4010) {
			t.Errorf("IDENTIFY shard %v: read = %v, want close 4010", shard, err)
		}
		ws.Close()
	}
	if st := srv.GatewayStats(); st.Identifies != 0 {
		t.Errorf("%d identifies accepted", st.Identifies)
	}
}
