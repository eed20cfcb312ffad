package fakediscord_test

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// BenchmarkInteractionRoundTrip measures the fake's own share of an
// acknowledgement: delivery over the gateway, discordgo's handler, the
// callback POST, with a bot that answers at once. Interactions are sent at
// 200/s; it reports the p50 and p99 delivery-to-callback latency.
func BenchmarkInteractionRoundTrip(b *testing.B) {
	srv, err := fakediscord.Start(fakediscord.WithHeartbeatInterval(time.Second))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	g := srv.AddGuild("g")
	m := srv.AddMember(g, "ann", 0)
	dg := newSession(b, srv, "tok")
	dg.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "ok", AllowedMentions: noPings()}})
	})
	if err := dg.Open(); err != nil {
		b.Fatal(err)
	}
	defer dg.Close()
	ctx := ctxT(b, time.Minute)
	if err := srv.WaitReady(ctx); err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	b.ResetTimer()
	for range b.N {
		<-tick.C
		ex, err := srv.Deliver(ctx, srv.Command(g, m, "checkin"))
		if err != nil {
			b.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cb, err := ex.Wait(ctx)
			if err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			lat = append(lat, cb.Latency)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
