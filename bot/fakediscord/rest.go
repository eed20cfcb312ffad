package fakediscord

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// fault is a planned failure for the next n matching requests.
type fault struct {
	prefix     string
	n          int
	status     int
	retryAfter time.Duration
	after      bool // carry the request out, then answer status
}

// RateLimitNext answers the next n requests matching routePrefix with 429
// Too Many Requests: body {"message","retry_after","global":false} and the
// X-RateLimit-* headers, so discordgo's bucket waits and, with
// ShouldRetryOnRateLimit (its default), retries after retryAfter.
//
// routePrefix matches the path below the API base ("channels/",
// "interactions/") or the route with its method ("POST channels/").
func (s *Server) RateLimitNext(routePrefix string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{prefix: routePrefix, n: n, status: http.StatusTooManyRequests, retryAfter: retryAfter})
}

// FailNext answers the next n requests matching routePrefix (as in
// RateLimitNext) with status, e.g. 500 or 503. discordgo retries 502 by
// itself (up to Session.MaxRestRetries times) and returns other statuses to
// the caller as *discordgo.RESTError.
func (s *Server) FailNext(routePrefix string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{prefix: routePrefix, n: n, status: status})
}

// LoseNext carries out the next n requests matching routePrefix (as in
// RateLimitNext) and then answers status instead of their result, as when
// Discord made the message but its answer was lost: the bot sees a failure
// for a request that took effect.
func (s *Server) LoseNext(routePrefix string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{prefix: routePrefix, n: n, status: status, after: true})
}

// SetLatency delays every REST response by d (0 turns it off).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func routeMatches(route, prefix string) bool {
	if strings.HasPrefix(route, prefix) {
		return true
	}
	_, path, _ := strings.Cut(route, " ")
	return strings.HasPrefix(path, prefix)
}

func (s *Server) takeFaultLocked(route string) *fault {
	for i, f := range s.faults {
		if routeMatches(route, f.prefix) {
			f.n--
			if f.n <= 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func (f *fault) write(w http.ResponseWriter) {
	if f.status != http.StatusTooManyRequests {
		writeError(w, &apiError{status: f.status, message: fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status))})
		return
	}
	secs := f.retryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	if h.Get("X-RateLimit-Bucket") == "" { // else a SetRouteLimit bucket set them
		h.Set("X-RateLimit-Limit", "5")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(f.retryAfter).UnixMilli())/1000, 'f', 3, 64))
		h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
		h.Set("X-RateLimit-Bucket", "fakebucket")
	}
	h.Set("X-RateLimit-Scope", "user")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	if status == http.StatusNoContent || v == nil {
		w.WriteHeader(status)
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		writeError(w, &apiError{status: 500, message: "fake discord: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"message": e.message, "code": e.code}
	if len(e.errors) > 0 {
		body["errors"] = e.errors
	}
	writeJSON(w, e.status, body)
}

var (
	errNotFound       = &apiError{status: 404, message: "404: Not Found"}
	errMethod         = &apiError{status: 405, message: "405: Method Not Allowed"}
	errUnknownChannel = &apiError{status: 404, code: 10003, message: "Unknown Channel"}
	errUnknownMessage = &apiError{status: 404, code: 10008, message: "Unknown Message"}
	errUnknownWebhook = &apiError{status: 404, code: 10015, message: "Unknown Webhook"}
	errUnknownUser    = &apiError{status: 404, code: 10013, message: "Unknown User"}
	errUnknownGuild   = &apiError{status: 404, code: 10004, message: "Unknown Guild"}
	errUnknownMember  = &apiError{status: 404, code: 10007, message: "Unknown Member"}
	errUnknownCommand = &apiError{status: 404, code: 10063, message: "Unknown application command"}
	errUnknownInter   = &apiError{status: 404, code: 10062, message: "Unknown interaction"}
	errAcked          = &apiError{status: 400, code: 40060, message: "Interaction has already been acknowledged."}
	errCannotDM       = &apiError{status: 403, code: 50007, message: "Cannot send messages to this user"}
)

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	var rest string
	ok := false
	for _, prefix := range []string{"/api/v10/", "/api/v9/"} {
		if rest, ok = strings.CutPrefix(r.URL.Path, prefix); ok {
			break
		}
	}
	if !ok {
		writeError(w, errNotFound)
		return
	}
	route := r.Method + " " + rest
	s.mu.Lock()
	s.requests[route]++
	now := time.Now()
	s.arrivals = append(s.arrivals, arrival{route, now})
	latency := s.latency
	f := s.takeFaultLocked(route)
	limits, over := s.takeRouteLocked(route, now)
	s.mu.Unlock()
	for k, v := range limits {
		w.Header()[k] = v
	}
	if f == nil {
		f = over
	}
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f != nil && !f.after {
		f.write(w)
		return
	}
	segs := strings.Split(rest, "/")
	// Interaction callbacks and webhooks are authorized by their token in
	// the path; everything else needs the bot token.
	if segs[0] != "interactions" && segs[0] != "webhooks" && !s.tokenOK(r.Header.Get("Authorization")) {
		writeError(w, &apiError{status: 401, message: "401: Unauthorized"})
		return
	}
	status, v, err := s.route(r, segs)
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
	if f != nil { // a lost answer
		f.write(w)
		return
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, status, v)
}

// match reports whether segs has the shape of pattern; "*" matches any one
// segment.
func match(segs []string, pattern ...string) bool {
	if len(segs) != len(pattern) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && p != segs[i] {
			return false
		}
	}
	return true
}

func (s *Server) route(r *http.Request, segs []string) (int, any, *apiError) {
	m := r.Method
	only := func(method string, h func() (int, any, *apiError)) (int, any, *apiError) {
		if m != method {
			return 0, nil, errMethod
		}
		return h()
	}
	switch {
	case match(segs, "gateway"):
		return only("GET", func() (int, any, *apiError) { return 200, s.gatewayInfo(false), nil })
	case match(segs, "gateway", "bot"):
		return only("GET", func() (int, any, *apiError) { return 200, s.gatewayInfo(true), nil })
	case match(segs, "users", "@me", "channels"):
		return only("POST", func() (int, any, *apiError) { return s.createDM(r) })
	case match(segs, "users", "*"):
		return only("GET", func() (int, any, *apiError) { return s.getUser(segs[1]) })
	case match(segs, "channels", "*"):
		return only("GET", func() (int, any, *apiError) { return s.getChannel(segs[1]) })
	case match(segs, "channels", "*", "messages"):
		switch m {
		case "GET":
			return s.listMessages(r, segs[1])
		case "POST":
			return s.postMessage(r, segs[1])
		}
		return 0, nil, errMethod
	case match(segs, "channels", "*", "messages", "*"):
		return s.channelMessage(r, segs[1], segs[3])
	case match(segs, "guilds", "*"):
		return only("GET", func() (int, any, *apiError) { return s.getGuild(segs[1]) })
	case match(segs, "guilds", "*", "channels"):
		return only("GET", func() (int, any, *apiError) { return s.guildChannels(segs[1]) })
	case match(segs, "guilds", "*", "members"):
		return only("GET", func() (int, any, *apiError) { return s.guildMembers(segs[1]) })
	case match(segs, "guilds", "*", "members", "*"):
		return only("GET", func() (int, any, *apiError) { return s.guildMember(segs[1], segs[3]) })
	case match(segs, "interactions", "*", "*", "callback"):
		return only("POST", func() (int, any, *apiError) { return s.restCallback(r, segs[1], segs[2]) })
	case match(segs, "webhooks", "*", "*"):
		return only("POST", func() (int, any, *apiError) { return s.postFollowup(r, segs[1], segs[2]) })
	case match(segs, "webhooks", "*", "*", "messages", "*"):
		return s.webhookMessage(r, segs[1], segs[2], segs[4])
	case match(segs, "applications", "*", "commands"):
		return s.commandList(r, segs[1], "")
	case match(segs, "applications", "*", "commands", "*"):
		return s.commandOne(r, segs[1], "", segs[3])
	case match(segs, "applications", "*", "guilds", "*", "commands"):
		return s.commandList(r, segs[1], segs[3])
	case match(segs, "applications", "*", "guilds", "*", "commands", "*"):
		return s.commandOne(r, segs[1], segs[3], segs[5])
	}
	return 0, nil, errNotFound
}

// --- users, guilds, channels ---

func (s *Server) getUser(id string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "@me" {
		return 200, s.bot, nil
	}
	if u := s.users[id]; u != nil {
		return 200, u, nil
	}
	return 0, nil, errUnknownUser
}

func (s *Server) createDM(r *http.Request) (int, any, *apiError) {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxJSONBody)).Decode(&req); err != nil {
		return 0, nil, invalidForm("recipient_id", "%v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[req.RecipientID]
	if u == nil || u.ID == s.appID {
		return 0, nil, invalidForm("recipient_id", "Unknown user")
	}
	cid, ok := s.dmByUser[u.ID]
	if !ok {
		cid = s.newIDLocked()
		s.dmByUser[u.ID] = cid
		uc := *u
		s.channels[cid] = &channel{ch: discordgo.Channel{ID: cid, Type: discordgo.ChannelTypeDM, Recipients: []*discordgo.User{&uc}}}
	}
	return 200, s.channels[cid].ch, nil
}

func (s *Server) getChannel(id string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.channels[id]; c != nil {
		return 200, c.ch, nil
	}
	return 0, nil, errUnknownChannel
}

func (s *Server) getGuild(id string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.guilds[id]; g != nil {
		return 200, s.guildJSONLocked(g), nil
	}
	return 0, nil, errUnknownGuild
}

func (s *Server) guildChannels(id string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[id]
	if g == nil {
		return 0, nil, errUnknownGuild
	}
	return 200, s.guildJSONLocked(g).Channels, nil
}

func (s *Server) guildMembers(id string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[id]
	if g == nil {
		return 0, nil, errUnknownGuild
	}
	out := []*discordgo.Member{}
	for _, uid := range g.order {
		out = append(out, copyMember(g.members[uid]))
	}
	return 200, out, nil
}

func (s *Server) guildMember(gid, uid string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[gid]
	if g == nil {
		return 0, nil, errUnknownGuild
	}
	if m := g.members[uid]; m != nil {
		return 200, copyMember(m), nil
	}
	return 0, nil, errUnknownMember
}

// --- messages ---

func (s *Server) recordLocked(r *http.Request, kind string, d MessageData) {
	route := r.Method + " " + strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/api/v10/"), "/api/v9/")
	s.payloads = append(s.payloads, &Payload{Route: route, Kind: kind, At: time.Now(), Data: d})
}

func (s *Server) listMessages(r *http.Request, cid string) (int, any, *apiError) {
	limit := 50
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 && l <= 100 {
		limit = l
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[cid]
	if c == nil {
		return 0, nil, errUnknownChannel
	}
	out := []*discordgo.Message{}
	for i := len(c.msgs) - 1; i >= 0 && len(out) < limit; i-- {
		if m := s.messages[c.msgs[i]]; m != nil && !m.Ephemeral() {
			out = append(out, m.Message)
		}
	}
	return 200, out, nil
}

func (s *Server) postMessage(r *http.Request, cid string) (int, any, *apiError) {
	d, err := readMessage(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordLocked(r, "message", d)
	c := s.channels[cid]
	if c == nil {
		return 0, nil, errUnknownChannel
	}
	if c.ch.Type == discordgo.ChannelTypeDM && len(c.ch.Recipients) == 1 && s.dmClosed[c.ch.Recipients[0].ID] {
		return 0, nil, errCannotDM
	}
	if d.Ephemeral() {
		return 0, nil, invalidForm("flags", "ephemeral messages can only be interaction responses")
	}
	if err := validateMessage(&d, true); err != nil {
		return 0, nil, err
	}
	now := time.Now()
	if m := s.nonceMessageLocked(cid, d, now); m != nil {
		return 200, m.Message, nil
	}
	m := s.createMessageLocked(cid, d, "")
	s.rememberNonceLocked(cid, d, m, now)
	return 200, m.Message, nil
}

func (s *Server) channelMessage(r *http.Request, cid, mid string) (int, any, *apiError) {
	switch r.Method {
	case "GET", "DELETE":
		s.mu.Lock()
		defer s.mu.Unlock()
		m := s.messages[mid]
		if m == nil || m.ChannelID != cid || m.Ephemeral() {
			return 0, nil, errUnknownMessage
		}
		if r.Method == "DELETE" {
			s.deleteMessageLocked(m)
			return 204, nil, nil
		}
		return 200, m.Message, nil
	case "PATCH":
		b, err := readBody(r)
		if err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		m := s.messages[mid]
		if m == nil || m.ChannelID != cid || m.Ephemeral() {
			return 0, nil, errUnknownMessage
		}
		if err := s.editLocked(r, m, b); err != nil {
			return 0, nil, err
		}
		return 200, m.Message, nil
	}
	return 0, nil, errMethod
}

// createMessageLocked stores a new bot message in a channel.
func (s *Server) createMessageLocked(cid string, d MessageData, interactionID string) *Message {
	c := s.channels[cid]
	bot := s.bot
	dm := &discordgo.Message{
		ID: s.newIDLocked(), ChannelID: cid, GuildID: c.ch.GuildID,
		Content: d.Content, Embeds: d.Embeds, Components: d.Components, Flags: d.Flags,
		Author: &bot, Timestamp: time.Now().UTC(), Type: discordgo.MessageTypeDefault,
		Mentions: []*discordgo.User{}, Attachments: []*discordgo.MessageAttachment{},
	}
	if interactionID != "" {
		dm.WebhookID = s.appID
	}
	dm.Attachments = s.storeFilesLocked(cid, d.Files, dm.Attachments)
	m := &Message{Message: dm, Files: d.Files, AllowedMentions: d.AllowedMentions, InteractionID: interactionID}
	s.messages[dm.ID] = m
	c.msgs = append(c.msgs, dm.ID)
	return m
}

func (s *Server) storeFilesLocked(cid string, files []File, atts []*discordgo.MessageAttachment) []*discordgo.MessageAttachment {
	out := append([]*discordgo.MessageAttachment{}, atts...)
	for _, f := range files {
		id := s.newIDLocked()
		s.files[id] = f
		url := fmt.Sprintf("%s/attachments/%s/%s/%s", s.base, cid, id, f.Name)
		out = append(out, &discordgo.MessageAttachment{ID: id, Filename: f.Name, ContentType: f.ContentType,
			Size: len(f.Data), URL: url, ProxyURL: url})
	}
	return out
}

func (s *Server) deleteMessageLocked(m *Message) {
	delete(s.messages, m.ID)
	if c := s.channels[m.ChannelID]; c != nil {
		for i, id := range c.msgs {
			if id == m.ID {
				c.msgs = append(c.msgs[:i:i], c.msgs[i+1:]...)
				break
			}
		}
	}
}

// editLocked applies a PATCH to a message: fields present replace, absent
// ones stay; an attachments list keeps only the listed attachments; new
// files are added. The result must still be a valid, non-empty message.
func (s *Server) editLocked(r *http.Request, m *Message, b body) *apiError {
	d, kept, err := messageData(b)
	if err != nil {
		return err
	}
	s.recordLocked(r, "edit", d)
	nm := *m.Message
	files := m.Files
	if b.has("content") {
		nm.Content = d.Content
	}
	if b.has("embeds") {
		nm.Embeds = d.Embeds
	}
	if b.has("components") {
		nm.Components = d.Components
	}
	if kept != nil {
		keep := map[string]bool{}
		for _, id := range kept {
			keep[id] = true
		}
		var atts []*discordgo.MessageAttachment
		var fs []File
		for i, a := range nm.Attachments {
			if keep[a.ID] {
				atts = append(atts, a)
				fs = append(fs, files[i])
			}
		}
		nm.Attachments, files = atts, fs
	}
	all := append(append([]File{}, files...), d.Files...)
	check := MessageData{Content: nm.Content, Embeds: nm.Embeds, Components: nm.Components, Files: all, AllowedMentions: d.AllowedMentions}
	if err := validateMessage(&check, true); err != nil {
		return err
	}
	nm.Attachments = s.storeFilesLocked(nm.ChannelID, d.Files, nm.Attachments)
	now := time.Now().UTC()
	nm.EditedTimestamp = &now
	m.Message = &nm
	m.Files = all
	if d.AllowedMentions != nil {
		m.AllowedMentions = d.AllowedMentions
	}
	m.Edits++
	m.Deferred = false
	return nil
}

func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/attachments/"), "/")
	if len(parts) < 2 {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	f, ok := s.files[parts[1]]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if f.ContentType != "" {
		w.Header().Set("Content-Type", f.ContentType)
	}
	w.Write(f.Data)
}

// --- application commands ---

var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func (s *Server) commandList(r *http.Request, app, gid string) (int, any, *apiError) {
	if app != s.appID {
		return 0, nil, &apiError{status: 403, code: 50001, message: "Missing Access"}
	}
	if gid != "" {
		s.mu.Lock()
		g := s.guilds[gid]
		s.mu.Unlock()
		if g == nil {
			return 0, nil, &apiError{status: 403, code: 50001, message: "Missing Access"}
		}
	}
	switch r.Method {
	case "GET":
		s.mu.Lock()
		defer s.mu.Unlock()
		return 200, append([]*discordgo.ApplicationCommand{}, s.commands[gid]...), nil
	case "PUT":
		var cmds []*discordgo.ApplicationCommand
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxJSONBody)).Decode(&cmds); err != nil {
			return 0, nil, invalidForm("body", "%v", err)
		}
		if err := validateCommands(cmds); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		old := s.commands[gid]
		out := []*discordgo.ApplicationCommand{}
		for _, c := range cmds {
			s.fillCommandLocked(c, gid, findCommand(old, c))
			out = append(out, c)
		}
		s.commands[gid] = out
		return 200, out, nil
	case "POST":
		var c discordgo.ApplicationCommand
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxJSONBody)).Decode(&c); err != nil {
			return 0, nil, invalidForm("body", "%v", err)
		}
		if err := validateCommands([]*discordgo.ApplicationCommand{&c}); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		// Stored commands are replaced, never changed in place: responses
		// are encoded after the lock is released.
		list := s.commands[gid]
		if prev := findCommand(list, &c); prev != nil {
			s.fillCommandLocked(&c, gid, prev)
			out := append([]*discordgo.ApplicationCommand{}, list...)
			for i, o := range out {
				if o == prev {
					out[i] = &c
				}
			}
			s.commands[gid] = out
			return 200, &c, nil
		}
		s.fillCommandLocked(&c, gid, nil)
		s.commands[gid] = append(list, &c)
		return 201, &c, nil
	}
	return 0, nil, errMethod
}

func (s *Server) commandOne(r *http.Request, app, gid, cid string) (int, any, *apiError) {
	if app != s.appID {
		return 0, nil, &apiError{status: 403, code: 50001, message: "Missing Access"}
	}
	var patch *discordgo.ApplicationCommand
	if r.Method == "PATCH" {
		patch = &discordgo.ApplicationCommand{}
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxJSONBody)).Decode(patch); err != nil {
			return 0, nil, invalidForm("body", "%v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.commands[gid]
	for i, c := range list {
		if c.ID != cid {
			continue
		}
		switch r.Method {
		case "GET":
			return 200, c, nil
		case "DELETE":
			s.commands[gid] = append(list[:i:i], list[i+1:]...)
			return 204, nil, nil
		case "PATCH":
			if patch.Type == 0 {
				patch.Type = c.Type
			}
			if err := validateCommands([]*discordgo.ApplicationCommand{patch}); err != nil {
				return 0, nil, err
			}
			s.fillCommandLocked(patch, gid, c)
			out := append([]*discordgo.ApplicationCommand{}, list...)
			out[i] = patch
			s.commands[gid] = out
			return 200, patch, nil
		}
		return 0, nil, errMethod
	}
	return 0, nil, errUnknownCommand
}

func findCommand(list []*discordgo.ApplicationCommand, c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	for _, o := range list {
		if o.Name == c.Name && commandType(o) == commandType(c) {
			return o
		}
	}
	return nil
}

func commandType(c *discordgo.ApplicationCommand) discordgo.ApplicationCommandType {
	if c.Type == 0 {
		return discordgo.ChatApplicationCommand
	}
	return c.Type
}

func (s *Server) fillCommandLocked(c *discordgo.ApplicationCommand, gid string, prev *discordgo.ApplicationCommand) {
	c.Type = commandType(c)
	c.ApplicationID = s.appID
	c.GuildID = gid
	c.Version = s.newIDLocked()
	if prev != nil {
		c.ID = prev.ID
	} else {
		c.ID = s.newIDLocked()
	}
}

// validateCommands applies Discord's rules for command definitions: names,
// descriptions, option and choice counts, no duplicates.
func validateCommands(cmds []*discordgo.ApplicationCommand) *apiError {
	seen := map[string]bool{}
	counts := map[discordgo.ApplicationCommandType]int{}
	for i, c := range cmds {
		f := fmt.Sprintf("%d", i)
		if c == nil {
			return invalidForm(f, "null command")
		}
		t := commandType(c)
		counts[t]++
		key := fmt.Sprint(t, c.Name)
		if seen[key] {
			return invalidForm(f+".name", "Application command names must be unique")
		}
		seen[key] = true
		switch t {
		case discordgo.ChatApplicationCommand:
			if !commandName.MatchString(c.Name) || strings.ToLower(c.Name) != c.Name {
				return invalidForm(f+".name", "Command name is invalid: %q", c.Name)
			}
			if n := runes(c.Description); n < 1 || n > 100 {
				return invalidForm(f+".description", "Must be between 1 and 100 in length.")
			}
			if err := validateOptions(c.Options, f+".options", 0); err != nil {
				return err
			}
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			if n := runes(c.Name); n < 1 || n > 32 {
				return invalidForm(f+".name", "Must be between 1 and 32 in length.")
			}
			if c.Description != "" || len(c.Options) > 0 {
				return invalidForm(f, "Context menu commands cannot have description or options")
			}
		default:
			return invalidForm(f+".type", "Value must be one of (1, 2, 3).")
		}
		if total := commandChars(c.Name, c.Description, c.Options); total > maxCommandTotalLen {
			return invalidForm(f, "Command exceeds maximum size (%d)", maxCommandTotalLen)
		}
	}
	if counts[discordgo.ChatApplicationCommand] > 100 || counts[discordgo.UserApplicationCommand] > 5 || counts[discordgo.MessageApplicationCommand] > 5 {
		return invalidForm("commands", "Maximum number of application commands reached")
	}
	return nil
}

func commandChars(name, desc string, opts []*discordgo.ApplicationCommandOption) int {
	n := runes(name) + runes(desc)
	for _, o := range opts {
		if o == nil {
			continue
		}
		n += commandChars(o.Name, o.Description, o.Options)
		for _, c := range o.Choices {
			if c != nil {
				n += runes(c.Name) + runes(fmt.Sprint(c.Value))
			}
		}
	}
	return n
}

func validateOptions(opts []*discordgo.ApplicationCommandOption, field string, depth int) *apiError {
	if len(opts) > 25 {
		return invalidForm(field, "Must be 25 or fewer in length.")
	}
	seen := map[string]bool{}
	optional := false
	for i, o := range opts {
		f := fmt.Sprintf("%s[%d]", field, i)
		if o == nil {
			return invalidForm(f, "null option")
		}
		if !commandName.MatchString(o.Name) || strings.ToLower(o.Name) != o.Name {
			return invalidForm(f+".name", "Command name is invalid: %q", o.Name)
		}
		if seen[o.Name] {
			return invalidForm(f+".name", "Option names must be unique")
		}
		seen[o.Name] = true
		if n := runes(o.Description); n < 1 || n > 100 {
			return invalidForm(f+".description", "Must be between 1 and 100 in length.")
		}
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			if depth != 0 {
				return invalidForm(f+".type", "Sub-command groups must be top-level options")
			}
			for j, sub := range o.Options {
				if sub == nil || sub.Type != discordgo.ApplicationCommandOptionSubCommand {
					return invalidForm(fmt.Sprintf("%s.options[%d].type", f, j), "A group holds only sub-commands")
				}
			}
			if err := validateOptions(o.Options, f+".options", depth+1); err != nil {
				return err
			}
		case discordgo.ApplicationCommandOptionSubCommand:
			if depth > 1 {
				return invalidForm(f+".type", "Sub-commands nest at most in one group")
			}
			for j, sub := range o.Options {
				if sub != nil && (sub.Type == discordgo.ApplicationCommandOptionSubCommand || sub.Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
					return invalidForm(fmt.Sprintf("%s.options[%d].type", f, j), "Sub-commands cannot hold sub-commands")
				}
			}
			if err := validateOptions(o.Options, f+".options", 2); err != nil {
				return err
			}
		default:
			if o.Type < discordgo.ApplicationCommandOptionString || o.Type > discordgo.ApplicationCommandOptionAttachment {
				return invalidForm(f+".type", "Value must be one of 1..11.")
			}
			if o.Required && optional {
				return invalidForm(f+".required", "Required options must be placed before non-required options")
			}
			if !o.Required {
				optional = true
			}
			if len(o.Choices) > maxChoices {
				return invalidForm(f+".choices", "Must be %d or fewer in length.", maxChoices)
			}
			if o.Autocomplete && len(o.Choices) > 0 {
				return invalidForm(f+".autocomplete", "Autocomplete cannot be set on options with choices")
			}
			for j, c := range o.Choices {
				if c == nil || runes(c.Name) < 1 || runes(c.Name) > 100 || c.Value == nil {
					return invalidForm(fmt.Sprintf("%s.choices[%d]", f, j), "choice name 1-100 characters and a value are required")
				}
			}
		}
	}
	return nil
}
