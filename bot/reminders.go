package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/store"
)

// reminders sends each opted-in member who is due (clubbot.ReminderDue:
// their own reminder time in their own zone, about their own day, not
// checked in that day, in a running challenge or with a streak at stake) one
// reminder (SPEC 6). Each is claimed per member and their local day, so
// nobody is reminded twice.
func (s *Scheduler) reminders(ctx context.Context, st clubbot.Settings, now time.Time) error {
	// A member's day is at most two days from the server's (UTC-12 to UTC+14).
	ms, err := s.Bot.Store.ReminderMembers(ctx, st.GuildID, clubbot.DayOf(now, st.Location())-2)
	if err != nil {
		return fmt.Errorf("reminder members: %w", err)
	}
	var errs []error
	for _, m := range ms {
		breaks, err := s.Bot.Store.Breaks(ctx, st.GuildID, m.UserID)
		if err != nil {
			errs = append(errs, fmt.Errorf("breaks of %s: %w", m.UserID, err))
			continue
		}
		m.OnBreak = func(d clubbot.Day) bool { return clubbot.OnBreak(breaks, d) }
		if m.Streak != nil {
			// The stored streak is as of the last check-in: carry it on to
			// the member's day, using freezes and passing break days.
			day := clubbot.DayOf(now, clubbot.Zone(m.TimeZone, st.TimeZone))
			streak := m.Streak.Extend(nil, breaks, st.MaxFreezes, day)
			m.Streak = &streak
		}
		day, due := clubbot.ReminderDue(m, st, now)
		if !due {
			continue
		}
		key := store.ReminderPostKey(day, m.UserID)
		errs = append(errs, s.post(ctx, st.GuildID, postReminder, key, func(ctx context.Context) (sent, error) {
			text, err := s.reminderText(ctx, st, m, day)
			if err != nil {
				return sent{}, err
			}
			return s.remind(ctx, st, m.UserID, text)
		}))
	}
	return errors.Join(errs...)
}

// reminderText words member m's reminder on their day with
// clubbot.ReminderText: the streak at stake and the freezes left, and the
// running challenges with what each still needs.
func (s *Scheduler) reminderText(ctx context.Context, st clubbot.Settings, m clubbot.ReminderMember, day clubbot.Day) (string, error) {
	stakes := clubbot.ReminderStakes{MaxFreezes: st.MaxFreezes}
	if m.Streak != nil {
		stakes.Streak = *m.Streak
	}
	for _, cp := range m.Challenges {
		if !cp.Participation.TakesPart(cp.Challenge, day) {
			continue
		}
		p, err := s.Bot.Store.Progress(ctx, cp.Challenge.ID, m.UserID, day)
		if err != nil {
			return "", fmt.Errorf("reminder: progress in %d: %w", cp.Challenge.ID, err)
		}
		stakes.Challenges = append(stakes.Challenges, clubbot.ChallengeStanding{Challenge: cp.Challenge, Progress: p.Progress})
	}
	return clubbot.ReminderText(stakes, day) + "\n" + reminderFooter, nil
}

// channelReminderText is the reminder when it must go to the club's
// channel: public, so it names no streak, freezes or challenge standing.
const channelReminderText = "🦶 Friendly reminder: no foot massage logged today yet. " + reminderFooter

// reminderFooter ends every reminder: how to check in and to stop them.
const reminderFooter = "Use `/checkin` or a button on today's check-in post. (Turn these off with `/me reminders:off`.)"

// remind sends one member their reminder by DM. Only when Discord says the
// member cannot receive DMs (50007) does it go to the club's channel,
// mentioning only them; any other failure (a rate limit, a 5xx) is returned,
// so the scheduler logs it and retries on a later tick instead of pinging
// the member in public.
func (s *Scheduler) remind(ctx context.Context, st clubbot.Settings, userID, text string) (sent, error) {
	m, err := s.sendDM(ctx, userID, &discordgo.MessageSend{Content: text, AllowedMentions: mentionUser(userID)})
	if err == nil {
		return m, nil
	}
	if !cannotDM(err) {
		return sent{}, fmt.Errorf("reminder DM: %w", err)
	}
	s.log().Info("member cannot receive DMs; reminding in the channel", "guild", st.GuildID, "user", userID)
	return s.send(ctx, st.ChannelID, &discordgo.MessageSend{
		Content:         fmt.Sprintf("<@%s> %s", userID, channelReminderText),
		AllowedMentions: mentionUser(userID),
	})
}

// cannotDM reports whether err is Discord's "Cannot send messages to this
// user" (the member closed their DMs or blocked the bot).
func cannotDM(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == discordgo.ErrCodeCannotSendMessagesToThisUser
}

// sendDM sends m to the member's DM channel, opening it once per process:
// the channel id is cached, and forgotten when Discord no longer knows it.
func (s *Scheduler) sendDM(ctx context.Context, userID string, m *discordgo.MessageSend) (sent, error) {
	channelID, ok := s.dms.get(userID)
	if !ok {
		rest, err := s.rest()
		if err != nil {
			return sent{}, err
		}
		ch, err := rest.UserChannelCreate(userID, discordgo.WithContext(ctx))
		if err != nil {
			return sent{}, fmt.Errorf("open DM channel: %w", err)
		}
		channelID = ch.ID
		s.dms.put(userID, channelID)
	}
	out, err := s.send(ctx, channelID, m)
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil && re.Message.Code == discordgo.ErrCodeUnknownChannel {
		s.dms.forget(userID)
	}
	return out, err
}

// maxDMChannels bounds the DM channel cache; past it an arbitrary entry
// goes (reopening a DM channel is one request).
const maxDMChannels = 10000

// dmChannels caches members' DM channel ids for one process.
type dmChannels struct {
	mu  sync.Mutex
	ids map[string]string
}

func (c *dmChannels) get(userID string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[userID]
	return id, ok
}

func (c *dmChannels) put(userID, channelID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[string]string{}
	}
	if _, ok := c.ids[userID]; !ok && len(c.ids) >= maxDMChannels {
		for k := range c.ids {
			delete(c.ids, k)
			break
		}
	}
	c.ids[userID] = channelID
}

func (c *dmChannels) forget(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, userID)
}
