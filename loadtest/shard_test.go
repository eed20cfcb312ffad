package loadtest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/store/sqlite"
)

// shardServer is one server of the sharded world.
type shardServer struct {
	guild, channel string
	shard          int
	members        []*discordgo.Member
}

// TestShardedRun runs two `clubbot run` processes as shards 0/2 and 1/2 of
// one bot (SPEC 10) on one SQLite file against one fake Discord, which
// routes each server's gateway events to the shard that owns it, as Discord
// does. Shard 0 starts alone: its servers get their daily post and shard 1's
// get none; then shard 1 starts and posts its own. Every server ends with
// one daily post, each process counts exactly its shard's posts, and every
// interaction is answered once, by the process of its server's shard, with
// each check-in stored once.
func TestShardedRun(t *testing.T) {
	fake, err := fakediscord.Start(fakediscord.WithHeartbeatInterval(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	w := &world{fake: fake}

	// Unequal shards, so posts or interactions handled by the wrong
	// process cannot add up to the right counts.
	var servers []shardServer
	for k, sh := range []int{0, 1, 0, 0, 1} {
		s := shardServer{guild: fake.AddGuildOnShard(fmt.Sprintf("Club %d", k), sh, 2), shard: sh}
		if got := clubbot.ShardOf(s.guild, 2); got != sh {
			t.Fatalf("guild %s is on shard %d, want %d", s.guild, got, sh)
		}
		s.channel = fake.Channels(s.guild)[0].ID
		for m := range 3 {
			s.members = append(s.members, fake.AddMember(s.guild, fmt.Sprintf("runner%d-%d", k, m), discordgo.PermissionUseApplicationCommands))
		}
		servers = append(servers, s)
	}
	dbPath := filepath.Join(t.TempDir(), "shards.db")
	saveShardSettings(t, dbPath, servers)

	onShard := func(sh int) (out []shardServer) {
		for _, s := range servers {
			if s.shard == sh {
				out = append(out, s)
			}
		}
		return out
	}
	start := time.Now()

	shard0 := startChild(t, w, dbPath, "CLUBBOT_SHARD=0/2")
	waitPosts(t, w, onShard(0), 20*time.Second)
	waitMetric(t, shard0, `clubbot_scheduled_posts_total{kind="daily",outcome="sent"}`, len(onShard(0)), 5*time.Second)
	for _, s := range onShard(1) {
		if n := len(dailyPosts(w, s.channel)); n != 0 {
			t.Fatalf("shard 1's server %s has %d daily posts with only shard 0 running", s.guild, n)
		}
	}

	shard1 := startChild(t, w, dbPath, "CLUBBOT_SHARD=1/2")
	waitPosts(t, w, onShard(1), 20*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	both := [][2]int{{0, 2}, {1, 2}}
	if err := fake.WaitFor(ctx, func() bool { return slices.Equal(fake.ConnectedShards(), both) }); err != nil {
		t.Fatalf("connected shards %v, want %v: %v", fake.ConnectedShards(), both, err)
	}

	// Each member checks in; one /leaderboard per server.
	checkins := map[string]string{} // interaction id -> guild
	want := [2]int{}                // interactions per shard
	for _, s := range servers {
		for _, m := range s.members {
			i := fake.Command(s.guild, m, "checkin", fakediscord.Int("minutes", 15))
			deliverAndWait(t, w, i, 10*time.Second)
			checkins[i.ID] = s.guild
			want[s.shard]++
		}
		ex, cb := deliverAndWait(t, w, fake.Command(s.guild, s.members[0], "leaderboard"), 10*time.Second)
		text := answerText(t, ex, cb, 10*time.Second)
		for _, m := range s.members {
			if !strings.Contains(text, "<@"+m.User.ID+">") {
				t.Errorf("server %s: /leaderboard leaves out %s, who checked in:\n%s", s.guild, m.User.Username, text)
			}
		}
		want[s.shard]++
	}
	for sh, c := range []*child{shard0, shard1} {
		waitMetric(t, c, "clubbot_interactions_total", want[sh], 5*time.Second)
		waitMetric(t, c, `clubbot_scheduled_posts_total{kind="daily",outcome="sent"}`, len(onShard(sh)), time.Second)
	}
	for _, s := range servers {
		if n := len(dailyPosts(w, s.channel)); n != 1 {
			t.Errorf("server %s (shard %d): %d daily posts, want 1", s.guild, s.shard, n)
		}
	}

	for sh, c := range []*child{shard0, shard1} {
		if code := c.terminate(15 * time.Second); code != 0 {
			t.Errorf("shard %d/2 exit %d\n%s", sh, code, tail(c.out.String(), 20))
		}
	}
	checkStoredOnce(t, dbPath, servers, checkins)
	t.Logf("%d servers on 2 shards: %d daily posts and %d interactions in %s", len(servers), len(servers), want[0]+want[1], time.Since(start).Round(time.Millisecond))
}

// saveShardSettings gives every server a channel and the daily post due
// from midnight, so each shard posts as soon as it starts.
func saveShardSettings(t *testing.T, path string, servers []shardServer) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range servers {
		st := clubbot.DefaultSettings(s.guild)
		st.ChannelID = s.channel
		st.CheckinTime = 0
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
}

// dailyPosts are the channel's check-in posts (those with the buttons).
func dailyPosts(w *world, channel string) []*fakediscord.Message {
	var out []*fakediscord.Message
	for _, m := range w.fake.Messages(channel) {
		if buttonID(m.Components, "10 min") != "" {
			out = append(out, m)
		}
	}
	return out
}

// waitPosts waits until every server in servers has its daily post.
func waitPosts(t *testing.T, w *world, servers []shardServer, limit time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	err := w.fake.WaitFor(ctx, func() bool {
		for _, s := range servers {
			if len(dailyPosts(w, s.channel)) == 0 {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("daily posts of shard %d's servers: %v", servers[0].shard, err)
	}
}

// waitMetric waits until the sum of c's /metrics samples of series (an
// exact series, or a name standing for all its labels) is want, and fails
// if it is not within limit.
func waitMetric(t *testing.T, c *child, series string, want int, limit time.Duration) {
	t.Helper()
	var got float64
	for deadline := time.Now().Add(limit); ; {
		text, err := c.metrics()
		if err != nil {
			t.Fatalf("/metrics: %v", err)
		}
		got = metricSum(text, series)
		if got == float64(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got != float64(want) {
		t.Fatalf("%s: %s = %v, want %d", c.addr, series, got, want)
	}
}

// metricSum adds up the samples of series: the one exact series when it
// has labels, else every labelled sample of the name.
func metricSum(text, series string) float64 {
	if strings.Contains(series, "{") {
		v, _ := metricValue(text, series)
		return v
	}
	var sum float64
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, series+"{"); ok {
			if _, val, ok := strings.Cut(rest, "} "); ok {
				if v, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
					sum += v
				}
			}
		}
	}
	return sum
}

// checkStoredOnce opens the database after the shards stopped and checks
// every acknowledged /checkin is stored once, in its own server.
func checkStoredOnce(t *testing.T, path string, servers []shardServer, checkins map[string]string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string]int{}
	today := clubbot.DayOf(time.Now(), time.UTC)
	for _, s := range servers {
		for _, m := range s.members {
			for d := today - 1; d <= today+1; d++ {
				cs, err := db.CheckIns(ctx, s.guild, m.User.ID, d)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					if checkins[c.InteractionID] == s.guild {
						stored[c.InteractionID]++
					}
				}
			}
		}
	}
	for id := range checkins {
		if stored[id] != 1 {
			t.Errorf("check-in %s stored %d times, want 1", id, stored[id])
		}
	}
}
