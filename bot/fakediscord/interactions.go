package fakediscord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// interaction is the fake's record of one interaction id.
type interaction struct {
	i           *discordgo.Interaction
	deliveredAt time.Time // latest delivery
	deliveries  int
	callbacks   []*Callback
	acked       *Callback // the accepted callback
	originalID  string    // the message @original refers to
	editsAtAck  int       // the original's edit count when acknowledged
	followups   []string
	ex          *Exchange
}

// Exchange follows one interaction after delivery: its callbacks, the
// original response as edited, and follow-ups. Delivering the same
// interaction again returns the same Exchange.
type Exchange struct {
	s  *Server
	st *interaction
}

// --- options ---

// Str builds a string option.
func Str(name, v string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

// Int builds an integer option.
func Int(name string, v int64) *Opt {
	// JSON numbers decode to float64; discordgo's IntValue expects that.
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(v)}
}

// Num builds a number option.
func Num(name string, v float64) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionNumber, Value: v}
}

// Bool builds a boolean option.
func Bool(name string, v bool) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: v}
}

// User builds a user option; the command builder fills the resolved user and
// member from the world.
func User(name, userID string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: userID}
}

// Sub builds a sub-command with its options.
func Sub(name string, opts ...*Opt) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

// Group builds a sub-command group.
func Group(name string, subs ...*Opt) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: subs}
}

// Focused marks the option an autocomplete interaction is about.
func Focused(o *Opt) *Opt {
	o.Focused = true
	return o
}

// --- builders ---

// newInteractionLocked fills what every interaction has: a fresh id and
// token, the app, the guild and its first channel, the member with their
// computed permissions, locales.
func (s *Server) newInteractionLocked(t discordgo.InteractionType, guildID string, m *discordgo.Member) *discordgo.Interaction {
	i := &discordgo.Interaction{
		ID: s.newIDLocked(), AppID: s.appID, Type: t, Token: newToken(), Version: 1,
		Locale: discordgo.EnglishUS, GuildID: guildID,
		AppPermissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles,
	}
	if g := s.guilds[guildID]; g != nil {
		loc := discordgo.EnglishUS
		i.GuildLocale = &loc
		i.Context = discordgo.InteractionContextGuild
		if len(g.channels) > 0 {
			i.ChannelID = g.channels[0]
		}
		if m != nil && m.User != nil {
			if cur := g.members[m.User.ID]; cur != nil {
				m = cur
			}
		}
	}
	if m != nil {
		i.Member = copyMember(m)
		i.Member.GuildID = ""
	}
	return i
}

func (s *Server) commandIDLocked(guildID, name string, t discordgo.ApplicationCommandType) string {
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if c.Name == name && commandType(c) == t {
				return c.ID
			}
		}
	}
	return s.newIDLocked()
}

// resolveLocked fills resolved users and members for user options.
func (s *Server) resolveLocked(guildID string, opts []*Opt, res *discordgo.ApplicationCommandInteractionDataResolved) {
	for _, o := range opts {
		if o.Type == discordgo.ApplicationCommandOptionUser {
			id, _ := o.Value.(string)
			if u := s.users[id]; u != nil {
				if res.Users == nil {
					res.Users = map[string]*discordgo.User{}
					res.Members = map[string]*discordgo.Member{}
				}
				uc := *u
				res.Users[id] = &uc
				if g := s.guilds[guildID]; g != nil && g.members[id] != nil {
					mc := copyMember(g.members[id])
					mc.User, mc.GuildID = nil, ""
					res.Members[id] = mc
				}
			}
		}
		s.resolveLocked(guildID, o.Options, res)
	}
}

// Command builds a slash-command interaction from member m in the guild's
// first channel. Options are built with Str, Int, Num, Bool, User, Sub and
// Group. The command id is the registered one when the bot registered name.
func (s *Server) Command(guildID string, m *discordgo.Member, name string, opts ...*Opt) *discordgo.Interaction {
	return s.command(discordgo.InteractionApplicationCommand, guildID, m, name, opts)
}

// Autocomplete builds an autocomplete interaction for a command; mark the
// option being typed with Focused.
func (s *Server) Autocomplete(guildID string, m *discordgo.Member, name string, opts ...*Opt) *discordgo.Interaction {
	return s.command(discordgo.InteractionApplicationCommandAutocomplete, guildID, m, name, opts)
}

func (s *Server) command(t discordgo.InteractionType, guildID string, m *discordgo.Member, name string, opts []*Opt) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.newInteractionLocked(t, guildID, m)
	res := &discordgo.ApplicationCommandInteractionDataResolved{}
	s.resolveLocked(guildID, opts, res)
	if res.Users == nil {
		res = nil
	}
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: s.commandIDLocked(guildID, name, discordgo.ChatApplicationCommand), Name: name,
		CommandType: discordgo.ChatApplicationCommand, Options: opts, Resolved: res,
	}
	return wireForm(i)
}

// UserCommand builds a user context-menu interaction ("Apps > name" on
// target) from member m.
func (s *Server) UserCommand(guildID string, m *discordgo.Member, name string, target *discordgo.Member) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.newInteractionLocked(discordgo.InteractionApplicationCommand, guildID, m)
	res := &discordgo.ApplicationCommandInteractionDataResolved{}
	s.resolveLocked(guildID, []*Opt{User("target", target.User.ID)}, res)
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: s.commandIDLocked(guildID, name, discordgo.UserApplicationCommand), Name: name,
		CommandType: discordgo.UserApplicationCommand, TargetID: target.User.ID, Resolved: res,
	}
	return wireForm(i)
}

// Click builds a button click by member m on msg (as returned by Messages
// or an Exchange). The interaction carries the message as it is now.
func (s *Server) Click(guildID string, m *discordgo.Member, msg *discordgo.Message, customID string) *discordgo.Interaction {
	return s.component(guildID, m, msg, customID, discordgo.ButtonComponent, nil)
}

// Select builds a string select-menu choice by member m on msg.
func (s *Server) Select(guildID string, m *discordgo.Member, msg *discordgo.Message, customID string, values ...string) *discordgo.Interaction {
	return s.component(guildID, m, msg, customID, discordgo.SelectMenuComponent, values)
}

func (s *Server) component(guildID string, m *discordgo.Member, msg *discordgo.Message, customID string, t discordgo.ComponentType, values []string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.newInteractionLocked(discordgo.InteractionMessageComponent, guildID, m)
	if msg != nil {
		cur := msg
		if stored := s.messages[msg.ID]; stored != nil {
			cur = stored.Message
		}
		c := *cur
		i.Message = &c
		i.ChannelID = c.ChannelID
	}
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: t, Values: values}
	return wireForm(i)
}

// Submit builds a modal submit by member m: the modal's custom id and its
// inputs' values by custom id (a select's chosen value), in Discord's Label
// form, shaped like the modal last shown to m with that custom id.
func (s *Server) Submit(guildID string, m *discordgo.Member, customID string, fields map[string]string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.newInteractionLocked(discordgo.InteractionModalSubmit, guildID, m)
	comps := submitComponents(s.modals[modalKey(i, customID)], fields)
	i.Data = discordgo.ModalSubmitInteractionData{CustomID: customID, Components: comps}
	return wireForm(i)
}

// Ping builds the PING Discord sends to an HTTP-mode bot, which must answer
// with PONG (callback type 1).
func (s *Server) Ping() *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &discordgo.Interaction{ID: s.newIDLocked(), AppID: s.appID, Type: discordgo.InteractionPing, Token: newToken(), Version: 1}
}

// wireForm returns i as the bot will decode it from the wire (numbers as
// float64, components as pointers), so a handler called directly with a
// built interaction sees what it would see through the gateway.
func wireForm(i *discordgo.Interaction) *discordgo.Interaction {
	raw, err := wireJSON(i)
	if err != nil {
		panic(err) // the builders only make encodable interactions
	}
	out, err := discordx.DecodeInteraction(raw)
	if err != nil {
		panic(fmt.Sprintf("fakediscord: decode built interaction: %v", err))
	}
	return out
}

// ButtonID returns the custom id of the button labelled label on msg, or ""
// if there is none; the sandbox and tests click buttons by label.
func ButtonID(msg *discordgo.Message, label string) string {
	if msg == nil {
		return ""
	}
	for _, c := range msg.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, inner := range row.Components {
			if b, ok := inner.(*discordgo.Button); ok && b.Label == label {
				return b.CustomID
			}
		}
	}
	return ""
}

// wireJSON encodes an interaction as Discord sends it.
func wireJSON(i *discordgo.Interaction) ([]byte, error) { return discordx.MarshalInteraction(i) }

// --- delivery ---

// register records a delivery of i and returns its record.
func (s *Server) registerLocked(i *discordgo.Interaction) *interaction {
	st := s.inters[i.ID]
	if st == nil {
		st = &interaction{i: i}
		st.ex = &Exchange{s: s, st: st}
		s.inters[i.ID] = st
		s.byToken[i.Token] = st
	}
	st.deliveredAt = time.Now()
	st.deliveries++
	return st
}

// Deliver sends i to the bot as an INTERACTION_CREATE dispatch, on the
// gateway shard that owns i's guild (shard 0 for a DM). It waits (up to ctx)
// for such a session to exist; if the session is between connections the
// dispatch waits for its RESUME, as on Discord. Delivering the same
// interaction again (same id) is a redelivery: the same Exchange, and a
// second callback is refused with 40060.
func (s *Server) Deliver(ctx context.Context, i *discordgo.Interaction) (*Exchange, error) {
	raw, err := wireJSON(i)
	if err != nil {
		return nil, err
	}
	var owners []*gwSession
	err = s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		owners = s.ownersLocked(i.GuildID)
		return len(owners) > 0
	})
	if err != nil {
		return nil, fmt.Errorf("deliver interaction: no gateway session for guild %q: %w", i.GuildID, err)
	}
	s.mu.Lock()
	st := s.registerLocked(i)
	s.notifyLocked()
	s.mu.Unlock()
	for _, sess := range owners {
		sess.dispatch("INTERACTION_CREATE", json.RawMessage(raw))
	}
	return st.ex, nil
}

// Sign returns the hex X-Signature-Ed25519 Discord sends: an ed25519
// signature of timestamp followed by the body.
func Sign(key ed25519.PrivateKey, timestamp string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(key, append([]byte(timestamp), body...)))
}

// DeliverHTTP posts i, signed with key, to an HTTP-mode bot's interactions
// endpoint url, as Discord does, and records the inline response as the
// interaction's callback. A non-200 answer, a response the fake refuses or
// one later than the acknowledgement deadline is an error (the exchange is
// still returned when there is one).
func (s *Server) DeliverHTTP(ctx context.Context, url string, key ed25519.PrivateKey, i *discordgo.Interaction) (*Exchange, error) {
	raw, err := wireJSON(i)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("deliver interaction over http: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", Sign(key, ts, raw))

	s.mu.Lock()
	st := s.registerLocked(i)
	s.mu.Unlock()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st.ex, fmt.Errorf("deliver interaction over http: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusAccepted {
		// Discord: a bot that POSTed the callback endpoint answers the
		// webhook with 202 and no body.
		s.mu.Lock()
		acked := st.acked != nil
		s.mu.Unlock()
		if !acked {
			return st.ex, fmt.Errorf("deliver interaction over http: bot answered 202 without having POSTed the interaction callback")
		}
		return st.ex, nil
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return st.ex, fmt.Errorf("deliver interaction over http: bot answered %s: %s", resp.Status, b)
	}
	// Discord documents files only on the callback endpoint and on later
	// edits; an inline response is JSON.
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return st.ex, fmt.Errorf("deliver interaction over http: inline response is %q; Discord takes JSON here (files go to POST /interactions/{id}/{token}/callback, then answer 202)", mt)
	}
	// Read the inline response as the callback endpoint reads a callback.
	cbReq, _ := http.NewRequest("POST", "/api/v10/interactions/"+i.ID+"/"+i.Token+"/callback", resp.Body)
	cbReq.Header.Set("Content-Type", resp.Header.Get("Content-Type"))
	b, apiErr := readBody(cbReq)
	if apiErr == nil {
		_, _, apiErr = s.callback(cbReq, st, b)
	}
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
	if apiErr != nil {
		return st.ex, fmt.Errorf("deliver interaction over http: response refused: %w", apiErr)
	}
	return st.ex, nil
}

// --- callbacks ---

func (s *Server) restCallback(r *http.Request, id, token string) (int, any, *apiError) {
	b, err := readBody(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	st := s.inters[id]
	s.mu.Unlock()
	if st == nil || st.i.Token != token {
		return 0, nil, errUnknownInter
	}
	return s.callback(r, st, b)
}

// callback applies an interaction response: once, within the deadline,
// valid for the interaction's type.
func (s *Server) callback(r *http.Request, st *interaction, b body) (int, any, *apiError) {
	var typ discordgo.InteractionResponseType
	if err := b.get("type", &typ); err != nil {
		return 0, nil, err
	}
	var d MessageData
	hasData := b.has("data")
	if hasData {
		var fields map[string]json.RawMessage
		if err := b.get("data", &fields); err != nil {
			return 0, nil, err
		}
		// A modal's components are read by the modal rules, which know Labels.
		modalRaw, isModal := fields["components"]
		isModal = isModal && typ == discordgo.InteractionResponseModal
		if isModal {
			delete(fields, "components")
		}
		var err *apiError
		if d, _, err = messageData(body{fields: fields, files: b.files}); err != nil {
			return 0, nil, err
		}
		if isModal {
			var raw []json.RawMessage
			if e := json.Unmarshal(modalRaw, &raw); e != nil {
				return 0, nil, invalidForm("data.components", "%v", e)
			}
			d.Components, d.modalFields, d.modalErr = readModal(raw)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	cb := &Callback{Type: typ, At: now, Latency: now.Sub(st.deliveredAt)}
	if hasData {
		cb.Data = &d
	}
	st.callbacks = append(st.callbacks, cb)
	if typ == discordgo.InteractionResponseChannelMessageWithSource || typ == discordgo.InteractionResponseUpdateMessage {
		s.recordLocked(r, "response", d)
	}
	err := s.acceptLocked(st, typ, &d, now)
	if err != nil {
		cb.Status, cb.Code = err.status, err.code
		return 0, nil, err
	}
	cb.Status = http.StatusNoContent
	return 204, nil, nil
}

func (s *Server) acceptLocked(st *interaction, typ discordgo.InteractionResponseType, d *MessageData, now time.Time) *apiError {
	if st.acked != nil {
		return errAcked
	}
	if now.Sub(st.deliveredAt) > s.cfg.ackDeadline {
		return errUnknownInter
	}
	it := st.i.Type
	isComponent := it == discordgo.InteractionMessageComponent || (it == discordgo.InteractionModalSubmit && st.i.Message != nil)
	bad := func() *apiError {
		return invalidForm("type", "Interaction callback type %d is not valid for interaction type %d", typ, it)
	}
	switch typ {
	case discordgo.InteractionResponsePong:
		if it != discordgo.InteractionPing {
			return bad()
		}
	case discordgo.InteractionResponseChannelMessageWithSource:
		if it == discordgo.InteractionPing || it == discordgo.InteractionApplicationCommandAutocomplete {
			return bad()
		}
		if err := validateMessage(d, true); err != nil {
			return err
		}
		if s.channels[st.i.ChannelID] == nil {
			return errUnknownChannel
		}
		m := s.createMessageLocked(st.i.ChannelID, *d, st.i.ID)
		st.originalID = m.ID
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if it == discordgo.InteractionPing || it == discordgo.InteractionApplicationCommandAutocomplete {
			return bad()
		}
		if s.channels[st.i.ChannelID] == nil {
			return errUnknownChannel
		}
		m := s.createMessageLocked(st.i.ChannelID, MessageData{Flags: d.Flags & discordgo.MessageFlagsEphemeral}, st.i.ID)
		m.Deferred = true
		m.Flags |= discordgo.MessageFlagsLoading
		st.originalID = m.ID
	case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
		if !isComponent {
			return bad()
		}
		m := s.messages[st.i.Message.ID]
		if m == nil {
			return errUnknownMessage
		}
		if typ == discordgo.InteractionResponseUpdateMessage {
			if err := s.updateFromCallbackLocked(m, d); err != nil {
				return err
			}
		}
		st.originalID = m.ID
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if it != discordgo.InteractionApplicationCommandAutocomplete {
			return bad()
		}
		if err := validateChoices(d.Choices); err != nil {
			return err
		}
	case discordgo.InteractionResponseModal:
		if it == discordgo.InteractionPing || it == discordgo.InteractionApplicationCommandAutocomplete || it == discordgo.InteractionModalSubmit {
			return bad()
		}
		if err := validateModal(d); err != nil {
			return err
		}
		s.modals[modalKey(st.i, d.CustomID)] = d.modalFields
	default:
		return bad()
	}
	st.acked = st.callbacks[len(st.callbacks)-1]
	if m := s.messages[st.originalID]; m != nil {
		st.editsAtAck = m.Edits
	}
	return nil
}

// updateFromCallbackLocked applies an UPDATE_MESSAGE callback's data to the
// clicked message; only the fields given change.
func (s *Server) updateFromCallbackLocked(m *Message, d *MessageData) *apiError {
	nm := *m.Message
	if d.Content != "" {
		nm.Content = d.Content
	}
	if d.Embeds != nil {
		nm.Embeds = d.Embeds
	}
	if d.Components != nil {
		nm.Components = d.Components
	}
	check := MessageData{Content: nm.Content, Embeds: nm.Embeds, Components: nm.Components, Files: append(append([]File{}, m.Files...), d.Files...), AllowedMentions: d.AllowedMentions}
	if err := validateMessage(&check, true); err != nil {
		return err
	}
	nm.Attachments = s.storeFilesLocked(nm.ChannelID, d.Files, nm.Attachments)
	now := time.Now().UTC()
	nm.EditedTimestamp = &now
	m.Message = &nm
	m.Files = check.Files
	if d.AllowedMentions != nil {
		m.AllowedMentions = d.AllowedMentions
	}
	m.Edits++
	return nil
}

// --- follow-ups and the original ---

// webhookLocked finds the acknowledged interaction behind a webhook token.
func (s *Server) webhookLocked(app, token string) (*interaction, *apiError) {
	st := s.byToken[token]
	if app != s.appID || st == nil || st.acked == nil {
		return nil, errUnknownWebhook
	}
	return st, nil
}

func (s *Server) postFollowup(r *http.Request, app, token string) (int, any, *apiError) {
	d, err := readMessage(r)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordLocked(r, "followup", d)
	st, err := s.webhookLocked(app, token)
	if err != nil {
		return 0, nil, err
	}
	if err := validateMessage(&d, true); err != nil {
		return 0, nil, err
	}
	if s.channels[st.i.ChannelID] == nil {
		return 0, nil, errUnknownChannel
	}
	m := s.createMessageLocked(st.i.ChannelID, d, st.i.ID)
	st.followups = append(st.followups, m.ID)
	if r.URL.Query().Get("wait") != "true" {
		return 204, nil, nil
	}
	return 200, m.Message, nil
}

func (s *Server) webhookMessage(r *http.Request, app, token, mid string) (int, any, *apiError) {
	var b body
	if r.Method == "PATCH" {
		var err *apiError
		if b, err = readBody(r); err != nil {
			return 0, nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.webhookLocked(app, token)
	if err != nil {
		return 0, nil, err
	}
	if mid == "@original" {
		mid = st.originalID
	} else if mid != st.originalID && !contains(st.followups, mid) {
		return 0, nil, errUnknownMessage
	}
	m := s.messages[mid]
	if m == nil {
		return 0, nil, errUnknownMessage
	}
	switch r.Method {
	case "GET":
		return 200, m.Message, nil
	case "DELETE":
		s.deleteMessageLocked(m)
		return 204, nil, nil
	case "PATCH":
		if err := s.editLocked(r, m, b); err != nil {
			return 0, nil, err
		}
		m.Flags &^= discordgo.MessageFlagsLoading
		return 200, m.Message, nil
	}
	return 0, nil, errMethod
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// --- Exchange ---

// Interaction returns the interaction as built.
func (e *Exchange) Interaction() *discordgo.Interaction { return e.st.i }

// Wait waits for the interaction's accepted callback and returns it. Refused
// callbacks (see Callbacks) do not end the wait.
func (e *Exchange) Wait(ctx context.Context) (*Callback, error) {
	var cb *Callback
	err := e.s.WaitFor(ctx, func() bool {
		e.s.mu.Lock()
		defer e.s.mu.Unlock()
		cb = e.st.acked
		return cb != nil
	})
	if err != nil {
		return nil, fmt.Errorf("interaction %s: no accepted callback (%d refused): %w", e.st.i.ID, len(e.Callbacks()), err)
	}
	c := *cb
	return &c, nil
}

// Callbacks returns every callback attempt, accepted or refused, in order.
func (e *Exchange) Callbacks() []*Callback {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	out := make([]*Callback, len(e.st.callbacks))
	for i, c := range e.st.callbacks {
		cc := *c
		out[i] = &cc
	}
	return out
}

// Deliveries counts how often the interaction was delivered.
func (e *Exchange) Deliveries() int {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.st.deliveries
}

// Original returns the message @original refers to as it is now: the
// response message (callback 4 or 5, after edits), or the clicked message
// for component updates (6, 7). It is nil before the callback or after
// deletion.
func (e *Exchange) Original() *Message {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if m := e.s.messages[e.st.originalID]; m != nil {
		return snapshot(m)
	}
	return nil
}

// ErrNoMessage is returned by WaitOriginal when the interaction was answered
// without a message (a modal, autocomplete choices, PONG).
var ErrNoMessage = errors.New("fakediscord: the interaction response is not a message")

// WaitOriginal waits until the interaction's response message is complete:
// at once for a message response (4, 7), after the first edit for a
// deferred one (5, 6).
func (e *Exchange) WaitOriginal(ctx context.Context) (*Message, error) {
	cb, err := e.Wait(ctx)
	if err != nil {
		return nil, err
	}
	switch cb.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage,
		discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
	default:
		return nil, ErrNoMessage
	}
	deferred := cb.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Type == discordgo.InteractionResponseDeferredMessageUpdate
	var out *Message
	err = e.s.WaitFor(ctx, func() bool {
		e.s.mu.Lock()
		defer e.s.mu.Unlock()
		m := e.s.messages[e.st.originalID]
		if m == nil {
			return false
		}
		if deferred && m.Edits <= e.st.editsAtAck {
			return false
		}
		out = snapshot(m)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("interaction %s: original not complete: %w", e.st.i.ID, err)
	}
	return out, nil
}

// Followups returns the follow-up messages, oldest first, edits applied.
func (e *Exchange) Followups() []*Message {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	var out []*Message
	for _, id := range e.st.followups {
		if m := e.s.messages[id]; m != nil {
			out = append(out, snapshot(m))
		}
	}
	return out
}

// WaitFollowups waits until at least n follow-ups exist and returns them.
func (e *Exchange) WaitFollowups(ctx context.Context, n int) ([]*Message, error) {
	var out []*Message
	err := e.s.WaitFor(ctx, func() bool {
		out = e.Followups()
		return len(out) >= n
	})
	if err != nil {
		return out, fmt.Errorf("interaction %s: %d of %d follow-ups: %w", e.st.i.ID, len(out), n, err)
	}
	return out, nil
}
