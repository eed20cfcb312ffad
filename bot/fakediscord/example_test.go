package fakediscord_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// A typical end-to-end test: a world, the bot's session against the fake,
// one slash command, and what the bot answered.
func Example() {
	srv, err := fakediscord.Start(fakediscord.WithHeartbeatInterval(200 * time.Millisecond))
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	guild := srv.AddGuild("Runners")
	ann := srv.AddMember(guild, "ann", 0)
	srv.AddMember(guild, "boss", discordgo.PermissionManageGuild)

	// In clubbot: bot.NewSession("any-token", srv.APIURL()), handlers, Open.
	var dg *discordgo.Session
	_ = dg

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.WaitReady(ctx); err != nil {
		panic(err)
	}
	ex, err := srv.Deliver(ctx, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 15), fakediscord.Str("timing", "post-run")))
	if err != nil {
		panic(err)
	}
	cb, err := ex.Wait(ctx) // the first accepted callback
	if err != nil {
		panic(err)
	}
	fmt.Println(cb.Type, cb.Data.Ephemeral(), cb.Latency < 50*time.Millisecond)
	orig, _ := ex.WaitOriginal(ctx) // after the edit, if the bot deferred
	fmt.Println(orig.Content)
	for _, p := range srv.Payloads() {
		if !p.SafeMentions() {
			fmt.Println("unsafe mentions in", p.Route)
		}
	}
}
