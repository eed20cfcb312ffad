package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/store"
)

// Post kinds, the "kind" of store.ClaimPost. Keys are the server-local day
// ("2025-01-06"), the ISO week ("2025-W02"), or a challenge id, so each post
// is claimed once per day, week or challenge.
const (
	postDaily          = "daily"
	postLeaderboard    = "leaderboard"
	postChallengeStart = "challenge-start"
	postChallengeMid   = "challenge-midway"
	postChallengeEnd   = "challenge-end"
	postReminder       = store.ReminderPostKind // keyed store.ReminderPostKey, so /me-data finds a member's
)

// Scheduler sends each server's scheduled posts (SPEC 6) in the server's time
// zone: the daily check-in post, the weekly leaderboard and challenge news;
// and members' reminders, each at the member's own time in their own zone.
//
// Every post is claimed in the database (store.ClaimPost) before it is sent,
// so restarts, a second process and retries never post twice. A post is due
// from its time until the end of that local day: a tick after downtime sends
// what was missed today, never what was missed on an earlier day, because
// posts are only ever looked for on the day the clock reads now.
//
// When sending fails after the claim, the claim is kept (at most once: a
// send that failed on our side may still have reached Discord) and this
// process retries it on later ticks of the same local day, up to maxAttempts,
// for half a claim lease (Lease) after it claimed. A claim that stays without a
// message past the lease, because its process died between claim and send or
// gave up, is taken over by exactly one process (store.ReclaimPost), so a
// restarted bot sends the missed post late the same local day.
type Scheduler struct {
	Bot *Bot
	// Sender paces every request the scheduler makes; nil means one at
	// DefaultSendRate over Bot.REST's token and transport.
	Sender *Sender
	// Shard limits the posts to its servers (SPEC 10); the zero value
	// owns every server.
	Shard clubbot.Shard
	// Every is how often Run ticks; 0 means 20 seconds.
	Every time.Duration
	// EditDelay is the least time between two edits of one server's daily
	// post, so a burst of check-ins becomes one edit; 0 means 5 seconds.
	EditDelay time.Duration
	// Lease is how long a claim without a message belongs to the process
	// that made it (CLUBBOT_POST_LEASE); 0 means DefaultPostLease.
	Lease time.Duration

	mu     sync.Mutex
	ctx    context.Context    // Run's context; edits stop with it
	sender *Sender            // Sender, or the default made on first use
	unsent map[postRef]unsent // claimed here, not delivered yet
	done   map[postRef]bool   // sent, here or elsewhere: no need to ask the database again
	daily  map[string]dailyRef
	edits  map[string]*editState
	dms    dmChannels // members' DM channels, for reminders
	editWG sync.WaitGroup
}

// postRef names one claimed post.
type postRef struct{ guild, kind, key string }

// unsent is a post this process claimed and has not delivered.
type unsent struct {
	attempts int       // sends tried so far
	claimed  time.Time // when this process last claimed it (the bot's clock)
}

// maxAttempts bounds one process's sends of one post, so a deleted channel is
// not hammered all day.
const maxAttempts = 5

// DefaultPostLease is how long a claim without a message belongs to the
// process that made it. The holder retries only within half of it, so a
// send it starts ends (Discord's REST timeout is 20 seconds) before another
// process may take the claim over.
//
// A claim taken over after its holder sent the post but died before
// recording it is not sent twice: the new holder sends the same nonce
// (postsend.go), and Discord returns the first message for it within its
// nonce window ("the past few minutes"). So the lease may not be longer
// (MaxPostLease); a shorter one (seconds) makes a dead replica's posts come
// sooner from another.
const DefaultPostLease = 2 * time.Minute

// MaxPostLease bounds Lease: a takeover comes up to a tick (20 s) after the
// lease, and must stay within Discord's nonce window of a few minutes, or a
// post sent but not recorded could be posted twice.
const MaxPostLease = DefaultPostLease

// lease is Lease or its default.
func (s *Scheduler) lease() time.Duration {
	if s.Lease > 0 {
		return s.Lease
	}
	return DefaultPostLease
}

// Run ticks until ctx is done. It returns ctx's error.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	every := s.Every
	if every <= 0 {
		every = 20 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log().Error("scheduled posts", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Tick sends every post due at the bot's clock (b.Now()) that has not been
// sent, for the servers of the scheduler's shard. The sandbox and tests call
// it after moving the clock. A failure for one server does not stop the
// others; the errors are joined.
//
// Servers go through one queue served by Sender.Workers goroutines, each
// working through one server's posts in order, and every request they make
// waits for the sender's limiter. The queue holds servers, not claimed
// posts: a post is claimed just before it is sent, as with one goroutine,
// so no claim waits in a queue long enough for its lease to run out.
func (s *Scheduler) Tick(ctx context.Context) error {
	all, err := s.Bot.Store.AllSettings(ctx)
	if err != nil {
		return fmt.Errorf("scheduled posts: list servers: %w", err)
	}
	sender, err := s.paced()
	if err != nil {
		return err
	}
	now := s.Bot.Now()
	queue := make(chan clubbot.Settings)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range min(sender.Workers(), len(all)) {
		wg.Go(func() {
			for st := range queue {
				if err := s.tickGuild(ctx, st, now); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("server %s: %w", st.GuildID, err))
					mu.Unlock()
				}
			}
		})
	}
	for _, st := range all {
		if st.ChannelID == "" || !s.Shard.Owns(st.GuildID) {
			continue
		}
		select {
		case queue <- st:
		case <-ctx.Done():
		}
	}
	close(queue)
	wg.Wait()
	s.forgetOld(now, all)
	if ctx.Err() != nil {
		errs = append(errs, ctx.Err())
	}
	return errors.Join(errs...)
}

// paced returns the Sender, making the default one on first use.
func (s *Scheduler) paced() (*Sender, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sender == nil {
		s.sender = s.Sender
	}
	if s.sender == nil {
		sender, err := NewSender(s.Bot.REST, DefaultSendRate)
		if err != nil {
			return nil, err
		}
		s.sender = sender
	}
	return s.sender, nil
}

// rest is the paced session every scheduled request goes through.
func (s *Scheduler) rest() (*discordgo.Session, error) {
	sender, err := s.paced()
	if err != nil {
		return nil, err
	}
	return sender.REST, nil
}

// tickGuild runs one server's posts in order: challenge news first, so a
// challenge's start announcement comes before the daily post that counts its
// first day.
func (s *Scheduler) tickGuild(ctx context.Context, st clubbot.Settings, now time.Time) error {
	loc := st.Location()
	today := clubbot.DayOf(now, loc)
	due := func(c clubbot.Clock) bool { return !now.Before(c.On(today, loc)) }
	var errs []error
	if due(st.CheckinTime) {
		errs = append(errs, s.challengeNews(ctx, st, today))
		errs = append(errs, s.dailyPost(ctx, st, today))
	}
	if today.Weekday() == st.LeaderboardDay && due(st.LeaderboardTime) {
		errs = append(errs, s.weeklyLeaderboard(ctx, st, today))
	}
	if _, _, dd := today.Date(); dd == 1 && due(st.LeaderboardTime) {
		errs = append(errs, s.monthlyRecap(ctx, st, today))
	}
	// Reminders are due at each member's own time in their own zone.
	errs = append(errs, s.reminders(ctx, st, now))
	return errors.Join(errs...)
}

// sent is what a delivered post became.
type sent struct{ channelID, messageID string }

// post claims (guild, kind, key) and sends it once. It returns nil when
// another process or an earlier tick already sent it, or holds a live claim
// on it. A send that fails is logged, counted and retried on a later tick of
// the same day by this process, which still holds the claim; a claim left
// unsent past the lease is taken over by one process and sent then. A send
// that returns no message had nothing to post: it is done, counted as skipped.
func (s *Scheduler) post(ctx context.Context, guild, kind, key string, send func(ctx context.Context) (sent, error)) error {
	ref := postRef{guild, kind, key}
	s.mu.Lock()
	done := s.done[ref]
	st, ours := s.unsent[ref]
	s.mu.Unlock()
	if done {
		return nil
	}
	if ours && st.attempts >= maxAttempts {
		s.markDone(ref)
		return nil
	}
	claimed, err := s.Bot.Store.ClaimPost(ctx, guild, kind, key)
	if err != nil {
		return fmt.Errorf("claim %s post %s: %w", kind, key, err)
	}
	now := s.Bot.Now()
	if claimed {
		st.claimed = now
	} else if !ours || now.Sub(st.claimed) >= s.lease()/2 {
		// Someone's claim (ours from long ago, or a process that died or
		// is sending now): take it over once its lease has run out.
		took, err := s.Bot.Store.ReclaimPost(ctx, guild, kind, key, now.Add(-s.lease()))
		if err != nil {
			return fmt.Errorf("reclaim %s post %s: %w", kind, key, err)
		}
		if !took {
			p, err := s.Bot.Store.GetPost(ctx, guild, kind, key)
			if err != nil {
				return fmt.Errorf("read %s post %s: %w", kind, key, err)
			}
			if p.MessageID != "" {
				s.markDone(ref) // sent
			}
			return nil // else a live claim: look again on the next tick
		}
		s.log().Info("took over an unsent scheduled post", "guild", guild, "kind", kind, "key", key)
		st.claimed = now
	}
	s.mu.Lock()
	if s.unsent == nil {
		s.unsent = map[postRef]unsent{}
	}
	st.attempts++
	s.unsent[ref] = st
	s.mu.Unlock()
	m, err := send(withPost(ctx, ref))
	if err != nil {
		s.Bot.Metrics.Post(kind, "error")
		s.log().Warn("scheduled post failed", "guild", guild, "kind", kind, "key", key, "attempt", st.attempts, "err", err)
		return fmt.Errorf("send %s post %s: %w", kind, key, err)
	}
	s.markDone(ref)
	if m.messageID == "" {
		// Nothing to say (a week without check-ins): the claim stays, so
		// no later tick looks again.
		s.Bot.Metrics.Post(kind, "skipped")
		return nil
	}
	s.Bot.Metrics.Post(kind, "sent")
	if err := s.Bot.Store.SetPostMessage(ctx, guild, kind, key, m.channelID, m.messageID); err != nil {
		// The post is out; later edits of it suffer, and another process
		// may send it again after the lease.
		s.log().Warn("record scheduled post", "guild", guild, "kind", kind, "key", key, "err", err)
	}
	return nil
}

// markDone remembers a post needs no more work in this process.
func (s *Scheduler) markDone(ref postRef) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.unsent, ref)
	if s.done == nil {
		s.done = map[postRef]bool{}
	}
	s.done[ref] = true
}

// forgetOld drops retry state for days that are over, so a failed post is
// never sent on a later day and the maps do not grow.
func (s *Scheduler) forgetOld(now time.Time, all []clubbot.Settings) {
	today := map[string]clubbot.Day{}
	for _, st := range all {
		today[st.GuildID] = clubbot.DayOf(now, st.Location())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Day-keyed posts carry the day first; others (challenge ids, weeks) are
	// few, and unsent ones are bounded by maxAttempts. A reminder's day is
	// the member's, up to two days from the server's (UTC-12 to UTC+14), so
	// only days further off than that are over for every member.
	old := func(ref postRef) bool {
		if len(ref.key) < 10 || ref.key[4] != '-' || ref.key[7] != '-' {
			return false
		}
		d, err := clubbot.ParseDay(ref.key[:10])
		return err == nil && (d < today[ref.guild]-2 || d > today[ref.guild]+2)
	}
	for ref := range s.unsent {
		if old(ref) {
			delete(s.unsent, ref)
		}
	}
	for ref := range s.done {
		if old(ref) {
			delete(s.done, ref)
		}
	}
}

func (s *Scheduler) log() *slog.Logger { return s.Bot.logger() }

// runCtx is the context background edits run under: Run's, else a
// background one (the sandbox may only call Tick).
func (s *Scheduler) runCtx() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx != nil {
		return s.ctx
	}
	return context.Background()
}

// isoWeek keys the weekly leaderboard: "2025-W02".
func isoWeek(d clubbot.Day) string {
	y, m, dd := d.Date()
	yy, w := time.Date(y, m, dd, 12, 0, 0, 0, time.UTC).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", yy, w)
}

// send posts a message in a channel (a DM channel too); every scheduled
// message goes through here, so none leaves without AllowedMentions, and
// each carries its post's nonce (postsend.go), through the paced session, so
// none passes the send rate.
func (s *Scheduler) send(ctx context.Context, channelID string, m *discordgo.MessageSend) (sent, error) {
	if m.AllowedMentions == nil {
		m.AllowedMentions = noMentions()
	}
	rest, err := s.rest()
	if err != nil {
		return sent{}, err
	}
	msg, err := createMessage(ctx, rest, channelID, m, postNonce(ctx, channelID))
	if err != nil {
		return sent{}, err
	}
	return sent{channelID: msg.ChannelID, messageID: msg.ID}, nil
}
