package fakediscord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// discordEpoch is the start of Discord's snowflake clock, in Unix ms.
const discordEpoch = 1420070400000

// ErrClosed is returned by waits and deliveries on a closed server.
var ErrClosed = errors.New("fakediscord: server closed")

// Server is a running fake Discord. It is safe for concurrent use.
type Server struct {
	cfg      config
	base     string // http://127.0.0.1:PORT
	appID    string
	bot      discordgo.User
	http     *http.Server
	upgrader websocket.Upgrader
	done     chan struct{}
	wg       sync.WaitGroup // gateway connections

	mu        sync.Mutex
	closed    bool
	changed   chan struct{} // closed and replaced on every change
	lastID    int64
	guilds    map[string]*guild
	guildIDs  []string
	channels  map[string]*channel
	users     map[string]*discordgo.User
	userNames map[string]string // name -> user id
	dmByUser  map[string]string // user id -> DM channel id
	dmClosed  map[string]bool   // user ids who accept no DMs from the bot
	messages  map[string]*Message
	files     map[string]File // attachment id -> file
	commands  map[string][]*discordgo.ApplicationCommand
	inters    map[string]*interaction
	byToken   map[string]*interaction
	modals    map[string][]modalField // modalKey -> the inputs last shown
	nonces    map[string]sentNonce    // nonceKey -> the message it made
	payloads  []*Payload
	requests  map[string]int // "METHOD path" -> count
	faults    []*fault
	latency   time.Duration
	arrivals  []arrival   // every REST request's arrival, for PeakRate
	buckets   *routeLimit // SetRouteLimit's per-route buckets
	limited   int         // requests the buckets answered 429

	// gateway
	sessions map[string]*gwSession
	active   *gwSession            // the session last identified or resumed
	shards   map[[2]int]*gwSession // each shard's session: the last to identify or resume as it
	conns    map[*gwConn]struct{}
	stats    GatewayStats
}

type guild struct {
	id, name string
	channels []string
	members  map[string]*discordgo.Member // by user id
	order    []string
}

type channel struct {
	ch   discordgo.Channel
	msgs []string // message ids, oldest first
}

// Start starts a fake Discord on 127.0.0.1 on a free port.
func Start(opts ...Option) (*Server, error) {
	cfg := config{heartbeat: 41250 * time.Millisecond, ackDeadline: 3 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.heartbeat < time.Millisecond {
		cfg.heartbeat = time.Millisecond
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fake discord listen: %w", err)
	}
	s := &Server{
		cfg:       cfg,
		base:      "http://" + ln.Addr().String(),
		done:      make(chan struct{}),
		changed:   make(chan struct{}),
		guilds:    map[string]*guild{},
		channels:  map[string]*channel{},
		users:     map[string]*discordgo.User{},
		userNames: map[string]string{},
		dmByUser:  map[string]string{},
		dmClosed:  map[string]bool{},
		messages:  map[string]*Message{},
		files:     map[string]File{},
		commands:  map[string][]*discordgo.ApplicationCommand{},
		inters:    map[string]*interaction{},
		byToken:   map[string]*interaction{},
		modals:    map[string][]modalField{},
		requests:  map[string]int{},
		sessions:  map[string]*gwSession{},
		shards:    map[[2]int]*gwSession{},
		conns:     map[*gwConn]struct{}{},
	}
	s.appID = s.newIDLocked()
	s.bot = discordgo.User{ID: s.appID, Username: "clubbot", Bot: true, Discriminator: "0"}
	s.users[s.appID] = &s.bot

	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveREST)
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/attachments/", s.serveAttachment)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.http.Serve(ln)
	return s, nil
}

// Close stops the server: it closes the gateway connections, waits for
// requests in flight and for its goroutines. Waits and deliveries in progress
// return ErrClosed.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()

	for _, c := range conns {
		c.ws.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.http.Shutdown(ctx)
	s.wg.Wait()
}

// APIURL is the REST base for bot.NewSession and DISCORD_API_URL,
// "http://127.0.0.1:PORT/api/v10/". Both /api/v9/ and /api/v10/ are served.
func (s *Server) APIURL() string { return s.base + "/api/v10/" }

// AppID is the application id. As on Discord, it is also the bot user's id.
func (s *Server) AppID() string { return s.appID }

// BotUser returns a copy of the bot's user.
func (s *Server) BotUser() *discordgo.User {
	u := s.bot
	return &u
}

// newIDLocked returns a fresh snowflake: increasing, with the current time in
// its top bits as Discord's have, so discordgo.SnowflakeTimestamp works.
func (s *Server) newIDLocked() string {
	id := (time.Now().UnixMilli() - discordEpoch) << 22
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return fmt.Sprint(id)
}

func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "fake_" + hex.EncodeToString(b)
}

// notifyLocked wakes every WaitFor.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitFor waits until cond returns true. cond is called without the
// server's lock held, so it may call the server's methods; it is checked
// again after every change the server sees (a request, a gateway event).
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fake discord wait: %w", ctx.Err())
		}
	}
}

// AddGuild adds a guild with one text channel, "general", and returns its
// id. Interactions built for the guild come from its first channel. A
// connected bot hears of the guild by GUILD_CREATE, on the shard that owns it.
func (s *Server) AddGuild(name string) string { return s.addGuild(name, s.newIDLocked) }

// addGuild is AddGuild with the guild's id from newID (called with s.mu held).
func (s *Server) addGuild(name string, newID func() string) string {
	s.mu.Lock()
	g := &guild{id: newID(), name: name, members: map[string]*discordgo.Member{}}
	s.guilds[g.id] = g
	s.guildIDs = append(s.guildIDs, g.id)
	s.addChannelLocked(g, "general")
	data := s.guildJSONLocked(g)
	owners := s.ownersLocked(g.id)
	s.notifyLocked()
	s.mu.Unlock()
	for _, sess := range owners {
		sess.dispatch("GUILD_CREATE", data)
	}
	return g.id
}

// AddChannel adds a text channel to a guild and returns its id, or "" if the
// guild does not exist.
func (s *Server) AddChannel(guildID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	if g == nil {
		return ""
	}
	id := s.addChannelLocked(g, name)
	s.notifyLocked()
	return id
}

func (s *Server) addChannelLocked(g *guild, name string) string {
	c := &channel{ch: discordgo.Channel{
		ID: s.newIDLocked(), GuildID: g.id, Name: name,
		Type: discordgo.ChannelTypeGuildText, Position: len(g.channels),
	}}
	s.channels[c.ch.ID] = c
	g.channels = append(g.channels, c.ch.ID)
	return c.ch.ID
}

// Channels returns a guild's channels in order; the first is where
// interactions come from unless the interaction says otherwise.
func (s *Server) Channels(guildID string) []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	if g == nil {
		return nil
	}
	return s.guildJSONLocked(g).Channels
}

// AddMember adds the user called name to a guild with the given permission
// bits (discordgo.Permission*; PermissionAdministrator implies all) and
// returns a copy of the member. Users are global and unique by name: the
// same name in two guilds is the same user. Adding an existing member
// updates their permissions. It returns nil if the guild does not exist.
func (s *Server) AddMember(guildID, name string, perms int64) *discordgo.Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	if g == nil {
		return nil
	}
	uid, ok := s.userNames[name]
	if !ok {
		uid = s.newIDLocked()
		s.users[uid] = &discordgo.User{ID: uid, Username: name, GlobalName: name, Discriminator: "0"}
		s.userNames[name] = uid
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		perms = discordgo.PermissionAll
	}
	m := g.members[uid]
	if m == nil {
		u := *s.users[uid]
		m = &discordgo.Member{GuildID: g.id, User: &u, JoinedAt: time.Now().UTC(), Roles: []string{}}
		g.members[uid] = m
		g.order = append(g.order, uid)
	}
	m.Permissions = perms
	s.notifyLocked()
	return copyMember(m)
}

// Member returns a copy of the guild member called name, or nil.
func (s *Server) Member(guildID, name string) *discordgo.Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	if g == nil {
		return nil
	}
	if m := g.members[s.userNames[name]]; m != nil {
		return copyMember(m)
	}
	return nil
}

func copyMember(m *discordgo.Member) *discordgo.Member {
	c := *m
	u := *m.User
	c.User = &u
	c.Roles = append([]string{}, m.Roles...)
	return &c
}

func (s *Server) guildJSONLocked(g *guild) *discordgo.Guild {
	out := &discordgo.Guild{ID: g.id, Name: g.name, MemberCount: len(g.members), OwnerID: s.appID,
		Roles: []*discordgo.Role{{ID: g.id, Name: "@everyone", Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionUseApplicationCommands}}}
	for _, cid := range g.channels {
		c := s.channels[cid].ch
		out.Channels = append(out.Channels, &c)
	}
	return out
}

// Messages returns a channel's messages, oldest first, with edits applied.
// Ephemeral messages are left out (only their member sees them; read them
// from the Exchange).
func (s *Server) Messages(channelID string) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	var out []*Message
	for _, id := range c.msgs {
		if m := s.messages[id]; m != nil && !m.Ephemeral() {
			out = append(out, snapshot(m))
		}
	}
	return out
}

// CloseDMs makes the user accept no DMs from the bot (they turned off DMs
// from server members, or blocked it): as on Discord, opening the DM
// channel still works, and each message sent in it fails with 403, JSON
// code 50007 "Cannot send messages to this user".
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dmClosed[userID] = true
}

// DMs returns the messages the bot sent to a user in DM, oldest first.
func (s *Server) DMs(userID string) []*Message {
	s.mu.Lock()
	cid, ok := s.dmByUser[userID]
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return s.Messages(cid)
}

// Commands returns the registered commands of a guild, or the global ones
// for guildID "", in registration order.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	for _, c := range s.commands[guildID] {
		cc := *c
		out = append(out, &cc)
	}
	return out
}

// Payloads returns every message body the bot sent, in arrival order,
// including those the fake refused.
func (s *Server) Payloads() []*Payload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Payload{}, s.payloads...)
}

// Requests counts the REST requests whose route ("METHOD path" below the
// API base, e.g. "POST channels/1/messages") or path starts with prefix,
// faulted ones included; tests use it to see that discordgo retried.
func (s *Server) Requests(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for route, c := range s.requests {
		if routeMatches(route, prefix) {
			n += c
		}
	}
	return n
}

// snapshot copies a message so the caller's view does not change under it.
// Slices in stored messages are replaced, never modified in place, on edits.
func snapshot(m *Message) *Message {
	c := *m
	dm := *m.Message
	c.Message = &dm
	return &c
}

// sortedKeys returns a map's keys in order, for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
