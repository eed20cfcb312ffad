package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// NewSession returns a discordgo session for the bot token. When apiURL is
// set (DISCORD_API_URL, e.g. "http://127.0.0.1:9999/api/v10/"), every REST
// request discordgo would send to Discord's API goes to apiURL instead, and
// so does the gateway lookup, which is how the bot finds the gateway of a
// fake Discord or sits behind a REST proxy. The rewrite lives in the
// session's own HTTP client rather than in discordgo's package-level
// endpoint variables, so two sessions in one process can point at two
// different servers.
func NewSession(token, apiURL string) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("new discord session: %w", err)
	}
	// Interactions arrive without any intent; Guilds keeps the guild list
	// (GUILD_CREATE) and nothing privileged is asked for.
	s.Identify.Intents = discordgo.IntentsGuilds
	if apiURL == "" {
		return s, nil
	}
	base, err := url.Parse(apiURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || !strings.HasSuffix(base.Path, "/") {
		// Not the URL itself: it may hold a proxy's password or a token.
		return nil, fmt.Errorf("DISCORD_API_URL: want an http(s) URL ending in \"/\", like http://127.0.0.1:9999/api/v10/")
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// The bot talks to one host; keep enough idle connections for bursts of
	// interaction callbacks instead of reconnecting for each.
	transport.MaxIdleConnsPerHost = 64
	s.Client = &http.Client{
		Timeout:   20 * time.Second,
		Transport: &rebaseTransport{from: discordgo.EndpointAPI, to: base.String(), next: transport},
	}
	return s, nil
}

// rebaseTransport moves requests under one URL prefix onto another base URL.
type rebaseTransport struct {
	from string
	to   string
	next http.RoundTripper
}

func (t *rebaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	if !strings.HasPrefix(u, t.from) {
		return t.next.RoundTrip(req)
	}
	to, err := url.Parse(t.to + strings.TrimPrefix(u, t.from))
	if err != nil {
		return nil, fmt.Errorf("rebase %s: %w", u, err)
	}
	out := req.Clone(req.Context())
	out.URL = to
	out.Host = ""
	return t.next.RoundTrip(out)
}
