package bot

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

func TestNewSessionRejectsBadAPIURL(t *testing.T) {
	for _, u := range []string{"ftp://127.0.0.1/api/v10/", "127.0.0.1:9999", "http://127.0.0.1:9999/api/v10", "http:///api/"} {
		if _, err := NewSession("t", u); err == nil || !strings.HasPrefix(err.Error(), "DISCORD_API_URL") {
			t.Errorf("NewSession(%q) error = %v, want one naming DISCORD_API_URL", u, err)
		}
	}
}

func TestNewSessionTalksToTheGivenAPI(t *testing.T) {
	fake, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	before := discordgo.EndpointAPI
	for _, base := range []string{fake.APIURL(), strings.Replace(fake.APIURL(), "/v10/", "/v9/", 1)} {
		s, err := NewSession("test-token", base)
		if err != nil {
			t.Fatal(err)
		}
		me, err := s.User("@me")
		if err != nil {
			t.Fatalf("GET users/@me through %s: %v", base, err)
		}
		if me.ID != fake.BotUser().ID {
			t.Fatalf("got user %s, want the fake's bot %s", me.ID, fake.BotUser().ID)
		}
		gw, err := s.Gateway()
		if err != nil || !strings.HasPrefix(gw, "ws://127.0.0.1:") {
			t.Fatalf("gateway %q, %v: want the fake's loopback websocket", gw, err)
		}
	}
	if discordgo.EndpointAPI != before {
		t.Fatal("NewSession changed discordgo's package-level endpoints")
	}
}
