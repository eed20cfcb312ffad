package fakediscord

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// closeInvalidShard is the close code for an IDENTIFY whose shard is not
// [shard_id, num_shards] with 0 <= shard_id < num_shards.
const closeInvalidShard = 4010

// replayLimit bounds the dispatches a session keeps for RESUME.
const replayLimit = 4096

type gwFrame struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
}

// gwConn is one websocket; writes are serialized.
type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (c *gwConn) write(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

func (c *gwConn) writeOp(op int, data any) error {
	d, _ := json.Marshal(data)
	frame, _ := json.Marshal(gwFrame{Op: op, Data: d})
	return c.write(frame)
}

// gwSession is an identified gateway session. It outlives its connection so
// the client can RESUME and get the dispatches it missed.
type gwSession struct {
	id    string
	shard [2]int     // [shard_id, num_shards] as identified; [0, 1] unsharded
	mu    sync.Mutex // seq, log, conn; held while writing dispatches, to keep them in order
	seq   int64
	log   [][]byte // recent dispatch frames; log[i] has seq seq-len(log)+1+i
	conn  *gwConn
}

// dispatch sends an event to the session, or keeps it for a RESUME when the
// session has no connection (as Discord does for a while).
func (g *gwSession) dispatch(event string, data any) {
	d, _ := json.Marshal(data)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seq++
	frame, _ := json.Marshal(gwFrame{Op: opDispatch, Data: d, Seq: g.seq, Type: event})
	g.log = append(g.log, frame)
	if len(g.log) > replayLimit {
		g.log = append([][]byte{}, g.log[len(g.log)-replayLimit:]...)
	}
	if g.conn != nil {
		if err := g.conn.write(frame); err != nil {
			g.conn.ws.Close()
			g.conn = nil
		}
	}
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	closed := s.closed
	if !closed {
		s.wg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.stats.Connections++
	s.mu.Unlock()

	var sess *gwSession
	defer func() {
		ws.Close()
		s.mu.Lock()
		delete(s.conns, c)
		if sess != nil {
			sess.mu.Lock()
			if sess.conn == c {
				sess.conn = nil
			}
			sess.mu.Unlock()
		}
		s.notifyLocked()
		s.mu.Unlock()
	}()

	hb := s.cfg.heartbeat
	if c.writeOp(opHello, map[string]int64{"heartbeat_interval": hb.Milliseconds()}) != nil {
		return
	}
	for {
		// Discord drops a connection that stops heartbeating.
		ws.SetReadDeadline(time.Now().Add(2*hb + 5*time.Second))
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f gwFrame
		if json.Unmarshal(msg, &f) != nil {
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "Error while decoding payload."), time.Now().Add(time.Second))
			return
		}
		switch f.Op {
		case opHeartbeat:
			s.mu.Lock()
			s.stats.Heartbeats++
			s.mu.Unlock()
			if c.writeOp(opHeartbeatAck, nil) != nil {
				return
			}
		case opIdentify:
			var id struct {
				Token string  `json:"token"`
				Shard *[2]int `json:"shard"`
			}
			json.Unmarshal(f.Data, &id)
			if !s.tokenOK(id.Token) {
				ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				return
			}
			if sh := id.Shard; sh != nil && (sh[1] < 1 || sh[0] < 0 || sh[0] >= sh[1]) {
				ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeInvalidShard, "Invalid shard."), time.Now().Add(time.Second))
				return
			}
			sess = s.identify(c, id.Shard)
		case opResume:
			var res struct {
				SessionID string `json:"session_id"`
				Seq       int64  `json:"seq"`
			}
			json.Unmarshal(f.Data, &res)
			if sess = s.resume(c, res.SessionID, res.Seq); sess == nil {
				if c.writeOp(opInvalidSession, false) != nil {
					return
				}
			}
		default:
			// Presence updates, guild member requests: accepted, ignored.
		}
	}
}

// tokenOK checks a token as sent by the client ("Bot TOKEN").
func (s *Server) tokenOK(auth string) bool {
	tok, ok := strings.CutPrefix(auth, "Bot ")
	if !ok || tok == "" {
		return false
	}
	return s.cfg.token == "" || tok == s.cfg.token
}

// identify starts a new session on c and sends READY and the guilds of
// its shard. READY echoes the shard the client identified as (Discord's
// [0, 1] when it sent none).
func (s *Server) identify(c *gwConn, shard *[2]int) *gwSession {
	if shard == nil {
		shard = &[2]int{0, 1}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &gwSession{id: newToken()[5:37], shard: *shard}
	s.sessions[g.id] = g
	s.attachLocked(g, c)
	s.stats.Identifies++
	ready := map[string]any{
		"v":                  10,
		"user":               s.bot,
		"session_id":         g.id,
		"resume_gateway_url": "ws" + strings.TrimPrefix(s.base, "http") + "/gateway",
		"shard":              *shard,
		"application":        map[string]any{"id": s.appID, "flags": 0},
		"guilds":             s.unavailableGuildsLocked(g.shard),
		"private_channels":   []any{},
	}
	g.dispatch("READY", ready)
	for _, id := range s.guildIDs {
		if owns(g.shard, id) {
			g.dispatch("GUILD_CREATE", s.guildJSONLocked(s.guilds[id]))
		}
	}
	s.notifyLocked()
	return g
}

// unavailableGuildsLocked is READY's guild list: the guilds on shard only.
func (s *Server) unavailableGuildsLocked(shard [2]int) []map[string]any {
	out := []map[string]any{}
	for _, id := range s.guildIDs {
		if owns(shard, id) {
			out = append(out, map[string]any{"id": id, "unavailable": true})
		}
	}
	return out
}

// owns reports whether a session identified as shard gets the events of
// guildID, by Discord's rule (guild_id >> 22) % num_shards == shard_id;
// events of no guild (DMs) go to shard 0 only. The rule is evaluated per
// session, as Discord does, so sessions with different num_shards (while a
// bot reshards) may both get, or both miss, a guild's events. The fake
// keeps its own copy of the rule rather than the bot's clubbot.ShardOf, so
// the bot's is checked against it.
func owns(shard [2]int, guildID string) bool {
	if guildID == "" {
		return shard[0] == 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || shard[1] < 1 {
		return false
	}
	return (id>>22)%uint64(shard[1]) == uint64(shard[0])
}

// ownersLocked returns the sessions that get guildID's events (guildID ""
// for a DM): of each shard's latest session, those whose shard owns it, in
// shard order.
func (s *Server) ownersLocked(guildID string) []*gwSession {
	var out []*gwSession
	for _, g := range s.shards {
		if owns(g.shard, guildID) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b *gwSession) int {
		return cmp.Or(cmp.Compare(a.shard[1], b.shard[1]), cmp.Compare(a.shard[0], b.shard[0]))
	})
	return out
}

// AddGuildOnShard is AddGuild with an id that Discord's sharding rule puts
// on shard id of count, so a test can place servers on chosen shards. The
// id's timestamp is at most count-1 ms ahead of now. It panics unless
// 0 <= id < count.
func (s *Server) AddGuildOnShard(name string, id, count int) string {
	if count < 1 || id < 0 || id >= count {
		panic(fmt.Sprintf("fakediscord: AddGuildOnShard(%q, %d, %d): want 0 <= id < count", name, id, count))
	}
	return s.addGuild(name, func() string {
		ms := max(time.Now().UnixMilli()-discordEpoch, s.lastID>>22+1)
		ms += (int64(id) - ms%int64(count) + int64(count)) % int64(count)
		s.lastID = ms << 22
		return strconv.FormatInt(s.lastID, 10)
	})
}

// ConnectedShards returns the shards, [shard_id, num_shards], whose latest
// session is connected, in order; a test waits on it for every shard of a
// sharded bot (WaitReady waits for the last session only).
func (s *Server) ConnectedShards() [][2]int {
	s.mu.Lock()
	var gs []*gwSession
	for _, g := range s.shards {
		gs = append(gs, g)
	}
	s.mu.Unlock()
	var out [][2]int
	for _, g := range gs {
		g.mu.Lock()
		if g.conn != nil {
			out = append(out, g.shard)
		}
		g.mu.Unlock()
	}
	slices.SortFunc(out, func(a, b [2]int) int {
		return cmp.Or(cmp.Compare(a[1], b[1]), cmp.Compare(a[0], b[0]))
	})
	return out
}

// resume reattaches session id to c, replays what the client missed after
// seq, then sends RESUMED. It returns nil for an unknown session.
func (s *Server) resume(c *gwConn, id string, seq int64) *gwSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.sessions[id]
	if g == nil {
		return nil
	}
	g.mu.Lock()
	first := g.seq - int64(len(g.log)) + 1
	if seq+1 < first || seq > g.seq {
		// Too much was missed to replay (or the client is confused): it
		// must identify again.
		g.mu.Unlock()
		return nil
	}
	if g.conn != nil && g.conn != c {
		g.conn.ws.Close()
	}
	// Replay before attaching, under the session lock, so no new dispatch
	// overtakes the missed ones.
	g.conn = c
	for i := seq + 1 - first; i < int64(len(g.log)); i++ {
		if c.write(g.log[i]) != nil {
			g.conn = nil
			break
		}
	}
	g.mu.Unlock()
	s.active = g
	s.shards[g.shard] = g
	s.stats.Resumes++
	g.dispatch("RESUMED", map[string]any{})
	s.notifyLocked()
	return g
}

// attachLocked makes c the connection of session g and g the session that
// gets its shard's events; a previous connection of g is closed.
func (s *Server) attachLocked(g *gwSession, c *gwConn) {
	g.mu.Lock()
	if g.conn != nil && g.conn != c {
		g.conn.ws.Close()
	}
	g.conn = c
	g.mu.Unlock()
	s.active = g
	s.shards[g.shard] = g
}

// WaitReady waits until a gateway session has identified or resumed and is
// connected. After DropGateway it waits for the client to come back.
func (s *Server) WaitReady(ctx context.Context) error {
	return s.WaitFor(ctx, s.connected)
}

func (s *Server) connected() bool {
	s.mu.Lock()
	g := s.active
	s.mu.Unlock()
	if g == nil {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.conn != nil
}

// GatewayStats counts gateway connections, identifies, resumes and heartbeats.
func (s *Server) GatewayStats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// DropGateway closes the active gateway socket abruptly, without a close
// frame, as a network failure would. The session stays resumable and
// dispatches sent meanwhile are kept for the RESUME.
func (s *Server) DropGateway() {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.active
	if g == nil {
		return
	}
	g.mu.Lock()
	if g.conn != nil {
		g.conn.ws.UnderlyingConn().Close()
		g.conn = nil
	}
	g.mu.Unlock()
	s.notifyLocked()
}

// gatewayInfo answers GET gateway and GET gateway/bot.
func (s *Server) gatewayInfo(bot bool) any {
	url := "ws" + strings.TrimPrefix(s.base, "http") + "/gateway"
	if !bot {
		return map[string]string{"url": url}
	}
	return &discordgo.GatewayBotResponse{URL: url, Shards: 1, SessionStartLimit: discordgo.SessionInformation{
		Total: 1000, Remaining: 1000, ResetAfter: 0, MaxConcurrency: 1,
	}}
}
