// Package sandbox runs the real bot against an in-process fake Discord, for
// `clubbot sandbox`: a script or a person types lines such as
// `as ann /checkin minutes:15`, `click bob 10 min` or `advance 1d`, and the
// sandbox prints what each member and the channel would see.
//
// Nothing is simulated on the bot's side: the handlers, the router, the
// gateway transport, the store and the scheduler are the ones `clubbot run`
// uses. Only Discord is fake (bot/fakediscord), and the bot's clock, which
// the sandbox moves so a week of daily posts takes a second.
package sandbox

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot"
	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
	"clubbot/store/sqlite"
)

// Config sets up a sandbox run.
type Config struct {
	In  io.Reader // script lines
	Out io.Writer // what members and the channel see
	// DBPath is the SQLite file; "" uses a temporary one, removed at the end.
	// A kept file can be inspected afterwards, but each run is a new server
	// in the fake Discord (new ids), so a second run starts a fresh club.
	DBPath string
	// Interactive prints a "> " prompt before each line and does not echo
	// actions back (the person just typed them).
	Interactive bool
	// Knowledge is the FAQ documents folder; "" uses the bundled ones.
	Knowledge string
	// Now is the bot's clock at the start; zero means the current time.
	Now time.Time
	// Log receives the bot's logs; nil prints warnings and errors to Out.
	Log *slog.Logger
	// Pictures, when set, is a folder (made if missing) that receives each
	// PNG the bot sends, so anyone can look at them.
	Pictures string
}

// The sandbox's server name and its timing.
const (
	guildName = "Sandbox Run Club"
	// tickStep is how far the clock moves between scheduler ticks while
	// advancing: posts fire within a minute of their time.
	tickStep = time.Minute
	// replyTimeout bounds the wait for a response (LLM deadline included).
	replyTimeout = 15 * time.Second
)

// Permissions a member has: enough to use commands; admins also Manage Server.
const (
	memberPerms = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionUseApplicationCommands
	adminPerms  = memberPerms | discordgo.PermissionManageGuild
)

// Run starts the bot against a fake Discord, runs the lines from cfg.In
// until EOF, "quit" or ctx ends, and shuts everything down. In a script,
// lines the sandbox cannot run (a typo, an unknown option) are reported as
// they happen and make Run return an error at the end; what the bot answers,
// refusals included, is output, not an error.
func Run(ctx context.Context, cfg Config) error {
	if cfg.In == nil || cfg.Out == nil {
		return errors.New("sandbox: In and Out are required")
	}
	out := &lockedWriter{w: cfg.Out}
	if cfg.Pictures != "" {
		if err := os.MkdirAll(cfg.Pictures, 0o755); err != nil {
			return fmt.Errorf("sandbox: pictures folder: %w", err)
		}
	}
	sb, err := start(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer sb.close()

	failed := 0
	lines, next := readLines(ctx, cfg.In, cfg.Interactive, out)
	for {
		var raw string
		var ok bool
		select {
		case raw, ok = <-lines:
		case <-ctx.Done():
		}
		if !ok {
			break
		}
		l, err := ParseLine(raw)
		if err == nil {
			if l.Kind == Quit {
				break
			}
			err = sb.do(ctx, l)
		}
		if err != nil {
			failed++
			sb.printf("! %v\n", err)
		}
		if err := sb.savePictures(); err != nil {
			failed++
			sb.printf("! %v\n", err)
		}
		if ctx.Err() != nil {
			break
		}
		next()
	}
	if failed > 0 && !cfg.Interactive {
		return fmt.Errorf("sandbox: %d script line(s) could not run", failed)
	}
	return nil
}

// readLines delivers input lines on a channel (closed at EOF or when ctx
// ends). When interactive, it prints the prompt before each line, once the
// caller has said the previous line's output is out by calling next.
func readLines(ctx context.Context, in io.Reader, prompt bool, out io.Writer) (lines <-chan string, next func()) {
	ch := make(chan string)
	ready := make(chan struct{}, 1)
	ready <- struct{}{}
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for {
			select {
			case <-ready:
			case <-ctx.Done():
				return
			}
			if prompt {
				fmt.Fprint(out, "> ")
			}
			if !sc.Scan() {
				if prompt {
					fmt.Fprintln(out)
				}
				return
			}
			select {
			case ch <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, func() {
		select {
		case ready <- struct{}{}:
		default:
		}
	}
}

// sandbox is one running world: the fake Discord, the bot and what has been
// printed so far.
type sandbox struct {
	cfg    Config
	out    *lockedWriter
	fake   *fakediscord.Server
	db     *sqlite.DB
	bot    *bot.Bot
	sched  *bot.Scheduler
	clock  *clock
	table  []*discordgo.ApplicationCommand
	cancel context.CancelFunc
	done   chan error
	tmpDir string

	guildID  string
	channels map[string]string // id -> name
	members  map[string]*discordgo.Member
	order    []string // member names in order of arrival

	// What members have seen only for themselves, for click: newest last.
	ephemeral map[string][]*shown
	// The member's open modal, for submit.
	modal map[string]*openModal
	// Messages printed so far (channels and DMs), by message id.
	seen map[string]*shown
	// Interactions the sandbox delivered: id -> "ann's /leaderboard".
	asked map[string]string
	seq   int

	// Pictures saved so far, and the fake's payloads already looked at.
	savedPictures, savedPayloads int
}

// shown is a message as last printed.
type shown struct {
	msg   *discordgo.Message
	lines []string
	edits int
	seq   int // when it was last printed, for "the latest message with that button"
}

type openModal struct {
	customID, title string
	fields          []textInput
}

func start(ctx context.Context, cfg Config, out *lockedWriter) (*sandbox, error) {
	sb := &sandbox{
		cfg: cfg, out: out,
		channels: map[string]string{}, members: map[string]*discordgo.Member{},
		ephemeral: map[string][]*shown{}, modal: map[string]*openModal{}, seen: map[string]*shown{}, asked: map[string]string{},
		table: bot.Commands(),
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	sb.clock = &clock{now: now.Truncate(time.Minute)}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{
			Level: slog.LevelWarn,
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if len(groups) == 0 && a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		})).With("from", "bot")
	}

	path := cfg.DBPath
	if path == "" {
		dir, err := os.MkdirTemp("", "clubbot-sandbox-")
		if err != nil {
			return nil, fmt.Errorf("sandbox: temporary database: %w", err)
		}
		sb.tmpDir = dir
		path = filepath.Join(dir, "sandbox.db")
	}
	ok := false
	defer func() {
		if !ok {
			sb.close()
		}
	}()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("sandbox: open database %s: %w", path, err)
	}
	db.Now = sb.clock.Now
	sb.db = db
	eng, err := faq.New(ctx, faq.Config{KnowledgeDir: cfg.Knowledge, Now: sb.clock.Now, Log: log})
	if err != nil {
		return nil, fmt.Errorf("sandbox: load FAQ documents: %w", err)
	}

	fake, err := fakediscord.Start()
	if err != nil {
		return nil, fmt.Errorf("sandbox: start fake discord: %w", err)
	}
	sb.fake = fake
	session, err := bot.NewSession("sandbox-token", fake.APIURL())
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	sb.bot = &bot.Bot{Store: db, FAQ: eng, REST: session, AppID: fake.AppID(), Now: sb.clock.Now, Log: log}
	if err := sb.bot.LoadFAQEntries(ctx); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	// Daily-post count edits follow each check-in at once: the sandbox
	// waits for them before printing, instead of Discord-friendly batching.
	sb.sched = &bot.Scheduler{Bot: sb.bot, EditDelay: time.Millisecond}
	sb.bot.DailyPost = sb.sched

	runCtx, cancel := context.WithCancel(context.Background())
	sb.cancel = cancel
	sb.done = make(chan error, 1)
	go func() { sb.done <- sb.bot.RunGateway(runCtx, session) }()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := fake.WaitReady(wctx); err != nil {
		return nil, fmt.Errorf("sandbox: the bot did not connect to the fake Discord: %w", err)
	}

	sb.guildID = fake.AddGuild(guildName)
	// Interactions come from the guild's first channel, #general.
	probe := fake.Command(sb.guildID, &discordgo.Member{User: &discordgo.User{ID: "0", Username: "probe"}}, "help")
	if probe == nil || probe.ChannelID == "" {
		return nil, errors.New("sandbox: the fake Discord has no #general channel")
	}
	sb.channels[probe.ChannelID] = "general"

	loc := sb.zone(ctx)
	sb.printf("clubbot sandbox: %q with #general; the bot's clock reads %s.\n", guildName, sb.clock.Now().In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
	sb.printf("Type help for the commands. Scheduled posts need a channel: as admin /settings channel:#general\n")
	ok = true
	return sb, nil
}

// close stops the bot and the fake and removes a temporary database.
func (sb *sandbox) close() {
	if sb.cancel != nil {
		sb.cancel()
		select {
		case <-sb.done:
		case <-time.After(5 * time.Second):
		}
	}
	if sb.bot != nil {
		sb.bot.Wait(5 * time.Second)
	}
	if sb.sched != nil {
		sb.sched.WaitEdits()
	}
	if sb.fake != nil {
		sb.fake.Close()
	}
	if sb.db != nil {
		sb.db.Close()
	}
	if sb.tmpDir != "" {
		os.RemoveAll(sb.tmpDir)
	}
}

func (sb *sandbox) printf(format string, args ...any) {
	fmt.Fprintf(sb.out, format, args...)
}

// echo prints what a script line did, so a script's output reads as a
// transcript. At a prompt the person has just typed it.
func (sb *sandbox) echo(format string, args ...any) {
	if !sb.cfg.Interactive {
		sb.printf(format+"\n", args...)
	}
}

func (sb *sandbox) do(ctx context.Context, l Line) error {
	switch l.Kind {
	case Blank:
		return nil
	case Help:
		sb.printf("%s", helpText)
		return nil
	case Show:
		return sb.show()
	case Members:
		sb.listMembers()
		return nil
	case Admin:
		m := sb.member(l.Member)
		if m.Permissions&discordgo.PermissionManageGuild == 0 {
			m = sb.fake.AddMember(sb.guildID, l.Member, adminPerms)
			sb.members[l.Member] = m
		}
		sb.printf("%s has Manage Server.\n", l.Member)
		return nil
	case Advance:
		return sb.advance(ctx, l.Advance)
	case Command:
		return sb.command(ctx, l)
	case Menu:
		return sb.menu(ctx, l)
	case Click:
		return sb.click(ctx, l)
	case Submit:
		return sb.submit(ctx, l)
	}
	return fmt.Errorf("line kind %d is not handled", l.Kind)
}

// member returns the member called name, adding them on first use. A member
// called "admin" has Manage Server.
func (sb *sandbox) member(name string) *discordgo.Member {
	if m, ok := sb.members[name]; ok {
		return m
	}
	perms := int64(memberPerms)
	if name == "admin" {
		perms = adminPerms
	}
	m := sb.fake.AddMember(sb.guildID, name, perms)
	sb.members[name] = m
	sb.order = append(sb.order, name)
	return m
}

func (sb *sandbox) userID(name string) (string, error) { return sb.member(name).User.ID, nil }

func (sb *sandbox) channelID(name string) (string, error) {
	var known []string
	for id, n := range sb.channels {
		if n == name {
			return id, nil
		}
		known = append(known, "#"+n)
	}
	sort.Strings(known)
	return "", fmt.Errorf("no channel #%s; the sandbox has %s", name, strings.Join(known, " "))
}

func (sb *sandbox) listMembers() {
	if len(sb.order) == 0 {
		sb.printf("No members yet; `as NAME ...` adds one.\n")
		return
	}
	for _, name := range sb.order {
		m := sb.members[name]
		role := ""
		if m.Permissions&discordgo.PermissionManageGuild != 0 {
			role = " (Manage Server)"
		}
		sb.printf("%s%s id %s\n", name, role, m.User.ID)
	}
}

// command delivers a slash command typed as name:value options.
func (sb *sandbox) command(ctx context.Context, l Line) error {
	m := sb.member(l.Member)
	opts, err := commandOptions(sb.table, l, sb)
	if err != nil {
		return err
	}
	i := sb.fake.Command(sb.guildID, m, l.Command, opts...)
	if i == nil {
		return fmt.Errorf("the fake Discord could not build /%s", l.Command)
	}
	sb.addResolved(i, opts)
	desc := "/" + strings.Join(append([]string{l.Command}, l.Sub...), " ")
	typed := desc
	for _, o := range l.Options {
		typed += " " + o.Name + ":" + quoteIfNeeded(o.Value)
	}
	sb.echo("%s › %s", l.Member, typed)
	return sb.deliver(ctx, l.Member, desc, i)
}

// quoteIfNeeded writes a value back the way a script would type it.
func quoteIfNeeded(v string) string {
	if v == "" || strings.ContainsAny(v, " \t\"\\") {
		return strconv.Quote(v)
	}
	return v
}

// addResolved adds the channels given in options to the interaction's
// resolved data, as Discord does, for options the fake's builder left out.
func (sb *sandbox) addResolved(i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) {
	d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return
	}
	var walk func([]*discordgo.ApplicationCommandInteractionDataOption)
	walk = func(os []*discordgo.ApplicationCommandInteractionDataOption) {
		for _, o := range os {
			walk(o.Options)
			if o.Type != discordgo.ApplicationCommandOptionChannel {
				continue
			}
			id, _ := o.Value.(string)
			if d.Resolved == nil {
				d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{}
			}
			if d.Resolved.Channels == nil {
				d.Resolved.Channels = map[string]*discordgo.Channel{}
			}
			if d.Resolved.Channels[id] == nil {
				d.Resolved.Channels[id] = &discordgo.Channel{ID: id, GuildID: sb.guildID, Name: sb.channels[id], Type: discordgo.ChannelTypeGuildText}
			}
		}
	}
	walk(opts)
	i.Data = d
}

// menu runs the user context-menu command on another member.
func (sb *sandbox) menu(ctx context.Context, l Line) error {
	name := ""
	for _, c := range sb.table {
		if c.Type == discordgo.UserApplicationCommand {
			name = c.Name
		}
	}
	if name == "" {
		return errors.New("the bot has no user context-menu command")
	}
	m := sb.member(l.Member)
	target := sb.member(l.Target)
	i := sb.fake.UserCommand(sb.guildID, m, name, target)
	if i == nil {
		return fmt.Errorf("the fake Discord could not build %q", name)
	}
	sb.echo("%s › %s on %s", l.Member, name, l.Target)
	return sb.deliver(ctx, l.Member, fmt.Sprintf("%q on %s", name, l.Target), i)
}

// click presses the button labelled l.Label on the newest message the member
// can see that has one: their own ephemeral replies and the channel's posts.
func (sb *sandbox) click(ctx context.Context, l Line) error {
	m := sb.member(l.Member)
	sb.refresh()
	var best *shown
	var bestButton button
	// An exact label wins; "Delete" also finds "Delete everything".
	for _, match := range []func(typed, label string) bool{sameLabel, labelPrefix} {
		consider := func(s *shown) {
			for _, b := range buttons(s.msg.Components) {
				if match(l.Label, b.Label) && (best == nil || s.seq > best.seq) {
					best, bestButton = s, b
				}
			}
		}
		for _, s := range sb.ephemeral[l.Member] {
			consider(s)
		}
		for _, s := range sb.seen {
			if _, isChannel := sb.channels[s.msg.ChannelID]; isChannel {
				consider(s)
			}
		}
		if best != nil {
			break
		}
	}
	if best == nil {
		return fmt.Errorf("%s sees no button %q (show lists the channel's messages)", l.Member, l.Label)
	}
	if bestButton.Disabled {
		return fmt.Errorf("the button %q is disabled", bestButton.Label)
	}
	i := sb.fake.Click(sb.guildID, m, best.msg, bestButton.CustomID)
	if i == nil {
		return fmt.Errorf("the fake Discord could not build a click on %q", bestButton.Label)
	}
	sb.echo("%s › click [%s]", l.Member, bestButton.Label)
	return sb.deliver(ctx, l.Member, "["+bestButton.Label+"]", i)
}

// submit fills in and sends the member's open modal.
func (sb *sandbox) submit(ctx context.Context, l Line) error {
	m := sb.member(l.Member)
	mod := sb.modal[l.Member]
	if mod == nil {
		return fmt.Errorf("%s has no form open (a button such as Other… opens one)", l.Member)
	}
	values := map[string]string{}
	var names []string
	for _, f := range mod.fields {
		names = append(names, f.CustomID)
	}
	for _, o := range l.Options {
		var field *textInput
		for k := range mod.fields {
			f := &mod.fields[k]
			if strings.EqualFold(o.Name, f.CustomID) || strings.EqualFold(o.Name, f.Label) {
				field = f
			}
		}
		if field == nil {
			return fmt.Errorf("the form %q has no field %q; its fields: %s", mod.title, o.Name, strings.Join(names, ", "))
		}
		if field.MaxLength > 0 && len([]rune(o.Value)) > field.MaxLength {
			return fmt.Errorf("field %s: at most %d characters", field.CustomID, field.MaxLength)
		}
		value := o.Value
		if field.Options != nil && value != "" {
			// A select: Discord sends only one of its options.
			i := slices.IndexFunc(field.Options, func(v string) bool { return strings.EqualFold(v, o.Value) })
			if i < 0 {
				return fmt.Errorf("field %s: choose one of %s", field.CustomID, strings.Join(field.Options, ", "))
			}
			value = field.Options[i]
		}
		values[field.CustomID] = value
	}
	for _, f := range mod.fields {
		if f.Required && values[f.CustomID] == "" {
			return fmt.Errorf("the form %q needs %s:…", mod.title, f.CustomID)
		}
	}
	i := sb.fake.Submit(sb.guildID, m, mod.customID, values)
	if i == nil {
		return errors.New("the fake Discord could not build the form submit")
	}
	delete(sb.modal, l.Member)
	var typed []string
	for _, o := range l.Options {
		typed = append(typed, o.Name+":"+quoteIfNeeded(o.Value))
	}
	sb.echo("%s › submit %q %s", l.Member, mod.title, strings.Join(typed, " "))
	return sb.deliver(ctx, l.Member, "the form", i)
}

// deliver sends an interaction over the gateway, waits for the bot's answer
// and everything it set off (deferred edits, daily-post counts), and prints it.
func (sb *sandbox) deliver(ctx context.Context, name, desc string, i *discordgo.Interaction) error {
	sb.asked[i.ID] = name + "'s " + desc
	ctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	ex, err := sb.fake.Deliver(ctx, i)
	if err != nil {
		return fmt.Errorf("deliver %s: %w", desc, err)
	}
	cb, err := ex.Wait(ctx)
	if err != nil {
		return fmt.Errorf("%s: the bot did not answer: %w", desc, err)
	}
	if cb.Status >= 400 {
		sb.printf("! Discord refused the bot's answer to %s (HTTP %d, code %d)\n", desc, cb.Status, cb.Code)
	}
	switch cb.Type {
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if err := sb.fake.WaitFor(ctx, func() bool { o := ex.Original(); return o != nil && !o.Deferred }); err != nil {
			return fmt.Errorf("%s: the bot said it was thinking but never answered: %w", desc, err)
		}
	case discordgo.InteractionResponseModal:
		sb.openModal(name, cb.Data)
	}
	sb.settle()

	switch cb.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if cb.Data.Ephemeral() {
			v := viewOfData(cb.Data)
			msg := &discordgo.Message{ChannelID: i.ChannelID, Flags: discordgo.MessageFlagsEphemeral}
			if o := ex.Original(); o != nil {
				v, msg = viewOfMessage(o), o.Message
			}
			sb.showEphemeral(name, msg, v, "")
		}
	case discordgo.InteractionResponseUpdateMessage, discordgo.InteractionResponseDeferredMessageUpdate:
		if i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0 {
			v := viewOfData(cb.Data)
			msg := *i.Message
			if o := ex.Original(); o != nil {
				v, msg = viewOfMessage(o), *o.Message
			} else if cb.Data != nil {
				msg.Components = cb.Data.Components
				msg.Content = cb.Data.Content
			}
			sb.showEphemeral(name, &msg, v, "(updated) ")
		}
	}
	// The channel's messages first, so an ephemeral follow-up (the asker's
	// place under a public board) prints after the message it follows.
	sb.refresh()
	for _, f := range ex.Followups() {
		if f.Ephemeral() {
			sb.showEphemeral(name, f.Message, viewOfMessage(f), "")
		}
	}
	sb.refresh()
	return nil
}

// settle waits for the work an interaction set off: deferred follow-ups and
// the daily post's count edit.
func (sb *sandbox) settle() {
	sb.bot.Wait(replyTimeout)
	sb.sched.WaitEdits()
}

func (sb *sandbox) openModal(name string, d *fakediscord.MessageData) {
	if d == nil {
		return
	}
	mod := &openModal{customID: d.CustomID, title: d.Title, fields: textInputs(d.Components)}
	sb.modal[name] = mod
	var fields []string
	for _, f := range mod.fields {
		s := f.CustomID
		if f.Required {
			s += " (required)"
		}
		if f.Label != "" && !strings.EqualFold(f.Label, f.CustomID) {
			s += " = " + f.Label
		}
		if f.Options != nil {
			s += " [" + strings.Join(f.Options, "|") + "]"
		}
		fields = append(fields, s)
	}
	sb.printf("[%s, only you] a form opens: %q with fields %s\n", name, mod.title, strings.Join(fields, "; "))
	sb.printf("    fill it in with: submit %s FIELD:VALUE ...\n", name)
}

func (sb *sandbox) showEphemeral(name string, msg *discordgo.Message, v view, note string) {
	sb.seq++
	lines := v.lines()
	s := &shown{msg: msg, lines: lines, seq: sb.seq}
	list := sb.ephemeral[name]
	replaced := false
	if msg.ID != "" {
		for k, old := range list {
			if old.msg.ID == msg.ID {
				list[k], replaced = s, true
			}
		}
	}
	if !replaced {
		list = append(list, s)
		if len(list) > 20 {
			list = list[len(list)-20:]
		}
	}
	sb.ephemeral[name] = list
	sb.printBlock(fmt.Sprintf("[%s, only you] %s", name, note), lines)
}

// printBlock prints a message's lines, the first after the header and the
// rest indented under it.
func (sb *sandbox) printBlock(header string, lines []string) {
	var b strings.Builder
	names := sb.mentions()
	for k, l := range lines {
		l = sb.stamps(names.Replace(l))
		if k == 0 {
			b.WriteString(header + l + "\n")
		} else {
			b.WriteString("    " + l + "\n")
		}
	}
	sb.out.Write([]byte(b.String()))
}

// mentions turns <@id> and <#id> into @name and #name, as Discord shows them.
func (sb *sandbox) mentions() *strings.Replacer {
	var pairs []string
	for _, name := range sb.order {
		id := sb.members[name].User.ID
		pairs = append(pairs, "<@"+id+">", "@"+name, "<@!"+id+">", "@"+name)
	}
	for id, name := range sb.channels {
		pairs = append(pairs, "<#"+id+">", "#"+name)
	}
	return strings.NewReplacer(pairs...)
}

// refresh prints channel posts and DMs that are new or edited since they
// were last printed. It reports whether it printed anything.
func (sb *sandbox) refresh() bool {
	printed := false
	var chans []string
	for id := range sb.channels {
		chans = append(chans, id)
	}
	sort.Strings(chans)
	for _, id := range chans {
		for _, m := range sb.fake.Messages(id) {
			if sb.note(m, "[#"+sb.channels[id]+"] ") {
				printed = true
			}
		}
	}
	for _, name := range sb.order {
		for _, m := range sb.fake.DMs(sb.members[name].User.ID) {
			if sb.note(m, "[DM to "+name+"] ") {
				printed = true
			}
		}
	}
	return printed
}

// note prints one message if it is new, or the lines that changed if it was
// edited, and remembers it for clicks.
func (sb *sandbox) note(m *fakediscord.Message, where string) bool {
	if m.Deferred {
		return false // "thinking…": printed once the answer replaces it
	}
	old := sb.seen[m.ID]
	if old != nil && old.edits == m.Edits {
		return false
	}
	lines := viewOfMessage(m).lines()
	sb.seq++
	s := &shown{msg: m.Message, lines: lines, edits: m.Edits, seq: sb.seq}
	sb.seen[m.ID] = s
	author := authorName(m)
	if old == nil {
		header := where + "<" + author + "> "
		if who, ok := sb.asked[m.InteractionID]; ok {
			header = where + "<" + author + " to " + who + "> "
		}
		sb.printBlock(header, lines)
		return true
	}
	changed := changedLines(old.lines, lines)
	if len(changed) == 0 {
		return false
	}
	sb.printBlock(where+"✎ edited: ", changed)
	return true
}

// authorName is the name a message is printed under: its author's, or
// "clubbot" when the message carries no author name.
func authorName(m *fakediscord.Message) string {
	if m.Author != nil && m.Author.Username != "" {
		return m.Author.Username
	}
	return "clubbot"
}

// changedLines returns the lines of after that before did not have.
func changedLines(before, after []string) []string {
	had := map[string]int{}
	for _, l := range before {
		had[l]++
	}
	var out []string
	for _, l := range after {
		if had[l] > 0 {
			had[l]--
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 && len(after) < len(before) {
		out = append(out, "(lines removed)")
	}
	return out
}

// show prints the channel's messages as they stand now.
func (sb *sandbox) show() error {
	sb.refresh()
	found := false
	for id, name := range sb.channels {
		for _, m := range sb.fake.Messages(id) {
			if m.Deferred {
				continue
			}
			found = true
			sb.printBlock("[#"+name+"] <"+authorName(m)+"> ", viewOfMessage(m).lines())
		}
	}
	if !found {
		sb.printf("#general is empty.\n")
	}
	return nil
}

// advance moves the bot's clock forward a minute at a time, running the
// scheduler at each step so due posts go out in order, and prints them
// under the time they went out.
func (sb *sandbox) advance(ctx context.Context, d time.Duration) error {
	loc := sb.zone(ctx)
	end := sb.clock.Now().Add(d)
	sb.echo("⏩ advance %s", formatDuration(d))
	for {
		now := sb.clock.Now()
		if !now.Before(end) {
			break
		}
		next := now.Truncate(tickStep).Add(tickStep)
		if next.After(end) {
			next = end
		}
		sb.clock.Set(next)
		if err := sb.sched.Tick(ctx); err != nil {
			sb.printf("! scheduled posts at %s: %v\n", next.In(loc).Format("Mon 2 Jan 15:04"), err)
		}
		sb.settle()
		if sb.changed() {
			loc = sb.zone(ctx)
			sb.printf("— %s —\n", next.In(loc).Format("Mon 2 Jan 15:04 MST"))
			sb.refresh()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	sb.printf("The bot's clock now reads %s.\n", sb.clock.Now().In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
	return nil
}

// changed reports whether any channel post or DM is new or edited since it
// was printed, without printing.
func (sb *sandbox) changed() bool {
	check := func(ms []*fakediscord.Message) bool {
		for _, m := range ms {
			if m.Deferred {
				continue
			}
			if old := sb.seen[m.ID]; old == nil || old.edits != m.Edits {
				return true
			}
		}
		return false
	}
	for id := range sb.channels {
		if check(sb.fake.Messages(id)) {
			return true
		}
	}
	for _, name := range sb.order {
		if check(sb.fake.DMs(sb.members[name].User.ID)) {
			return true
		}
	}
	return false
}

// zone is the club's time zone, for printing times as members read them.
func (sb *sandbox) zone(ctx context.Context) *time.Location {
	st, err := sb.db.Settings(ctx, sb.guildID)
	if err != nil {
		return time.UTC
	}
	return clubbot.Zone("", st.TimeZone)
}

func formatDuration(d time.Duration) string {
	var parts []string
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.unit; n > 0 {
			parts = append(parts, fmt.Sprintf("%d%s", n, u.name))
			d -= n * u.unit
		}
	}
	if d > 0 || len(parts) == 0 {
		parts = append(parts, d.String())
	}
	return strings.Join(parts, "")
}

// clock is the bot's clock, moved only by advance.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// lockedWriter serialises the sandbox's prints and the bot's log lines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

const helpText = `Lines the sandbox understands:
  as NAME /command [sub] option:value option:"two words" ...
        run a slash command as member NAME (created on first use), e.g.
        as ann /checkin minutes:15 timing:post-run
        as admin /challenge create name:"30 days" days:30 daily-minutes:10
        as admin /settings channel:#general timezone:Europe/London
  as NAME streak-of OTHER     the "Foot-care streak" menu on OTHER's name
  click NAME LABEL            press the button LABEL (e.g. 10 min, Other…, Undo) on the
                              newest message NAME can see that has it
  submit NAME field:value ... fill in and send the form a button opened
  advance 1d | 3h | 30m | 1d12h
                              move the bot's clock forward; due posts go out on the way
  show                        the channel's messages as they stand
  members                     who is here; admin NAME gives NAME Manage Server
  help, quit                  this text; stop (end of input stops too)
  # ...                       a comment
A member called admin has Manage Server; others do not.
`
