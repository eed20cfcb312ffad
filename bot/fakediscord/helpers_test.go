package fakediscord_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// newSession builds a discordgo session pointed at the fake the way
// bot.NewSession does (the session's HTTP client rebases discordgo's API
// URLs onto APIURL). It is repeated here rather than imported because
// package bot pulls in the whole application, and this package's tests must
// not break when another part of it does.
func newSession(t testing.TB, srv *fakediscord.Server, token string) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	dg.Identify.Intents = discordgo.IntentsGuilds
	dg.Client = &http.Client{Timeout: 10 * time.Second, Transport: rebase{to: srv.APIURL()}}
	return dg
}

type rebase struct{ to string }

func (r rebase) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	if rest, ok := strings.CutPrefix(u, discordgo.EndpointAPI); ok {
		out := req.Clone(req.Context())
		nu, err := out.URL.Parse(r.to + rest)
		if err != nil {
			return nil, err
		}
		out.URL, out.Host = nu, ""
		return http.DefaultTransport.RoundTrip(out)
	}
	return nil, errors.New("test refuses a request outside the fake: " + u)
}

// world is a started fake with one guild, its channel, a member and an
// admin.
type world struct {
	srv     *fakediscord.Server
	guild   string
	channel string
	ann     *discordgo.Member
	admin   *discordgo.Member
}

func newWorld(t *testing.T, opts ...fakediscord.Option) *world {
	t.Helper()
	opts = append([]fakediscord.Option{fakediscord.WithHeartbeatInterval(100 * time.Millisecond)}, opts...)
	srv, err := fakediscord.Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	w := &world{srv: srv, guild: srv.AddGuild("Runners")}
	w.channel = srv.Channels(w.guild)[0].ID
	w.ann = srv.AddMember(w.guild, "ann", 0)
	w.admin = srv.AddMember(w.guild, "boss", discordgo.PermissionManageGuild)
	return w
}

// open connects a session with handler registered before Open, and waits
// until the fake sees it ready.
func (w *world) open(t *testing.T, handlers ...any) *discordgo.Session {
	t.Helper()
	dg := newSession(t, w.srv, "test-token")
	for _, h := range handlers {
		dg.AddHandler(h)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { dg.Close() })
	ctx := ctxT(t, 5*time.Second)
	if err := w.srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return dg
}

func ctxT(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}
