package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// dailyRef is the message a server's daily post became, kept so check-ins
// can edit its count without a database lookup, with the text it last
// showed so an edit goes out only when that changed.
type dailyRef struct {
	day                  clubbot.Day
	channelID, messageID string
	shown                string
}

// dailyKey keys Scheduler.daily: a server's post of one day. Today's and
// yesterday's are kept (a late click on yesterday's post changes its count).
func dailyKey(guildID string, day clubbot.Day) string { return guildID + "/" + day.String() }

// editState debounces one server's daily-post edits.
type editState struct {
	pending bool       // an edit is scheduled and will read the latest count
	last    time.Time  // when the last edit started (wall clock: it paces Discord calls)
	running sync.Mutex // one edit at a time, so counts never go backwards
}

// dailyPost sends the server's check-in post for today.
func (s *Scheduler) dailyPost(ctx context.Context, st clubbot.Settings, today clubbot.Day) error {
	return s.post(ctx, st.GuildID, postDaily, today.String(), func(ctx context.Context) (sent, error) {
		text, err := s.dailyText(ctx, st, today)
		if err != nil {
			return sent{}, err
		}
		m, err := s.send(ctx, st.ChannelID, &discordgo.MessageSend{
			Content:    text,
			Components: dailyButtons(),
		})
		if err != nil {
			return sent{}, err
		}
		s.mu.Lock()
		if s.daily == nil {
			s.daily = map[string]dailyRef{}
		}
		s.daily[dailyKey(st.GuildID, today)] = dailyRef{day: today, channelID: m.channelID, messageID: m.messageID, shown: text}
		delete(s.daily, dailyKey(st.GuildID, today-2))
		s.mu.Unlock()
		return m, nil
	})
}

// dailyButtons are the daily post's check-in buttons (SPEC 3 "Components").
func dailyButtons() []discordgo.MessageComponent {
	btn := func(label, id string) discordgo.MessageComponent {
		return discordgo.Button{Label: label, Style: discordgo.PrimaryButton, CustomID: id}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		btn("10 min", checkInButtonID(10)),
		btn("15 min", checkInButtonID(15)),
		btn("20 min", checkInButtonID(20)),
		discordgo.Button{Label: "Other…", Style: discordgo.SecondaryButton, CustomID: otherButtonID()},
	}}}
}

// dailyText is the daily post: the date, each running challenge's day X of Y
// with yesterday's group consistency, and how many checked in so far.
func (s *Scheduler) dailyText(ctx context.Context, st clubbot.Settings, day clubbot.Day) (string, error) {
	db := s.Bot.Store
	var b strings.Builder
	y, m, d := day.Date()
	fmt.Fprintf(&b, "🦶 **Foot-care check-in: %s %d %s %d**\n", day.Weekday(), d, m, y)
	chs, err := db.Challenges(ctx, st.GuildID, day, false)
	if err != nil {
		return "", fmt.Errorf("daily post challenges: %w", err)
	}
	for _, c := range chs {
		if !c.Running(day) {
			continue
		}
		fmt.Fprintf(&b, "🏁 **%s**: day %d of %d (%d min a day)", escapeMarkdown(c.Name), c.DayNumber(day), c.Days, c.DailyMinutes)
		if day > c.Start {
			q, n, err := db.GroupConsistency(ctx, c.ID, day-1)
			if err != nil {
				return "", fmt.Errorf("daily post consistency: %w", err)
			}
			if n > 0 {
				fmt.Fprintf(&b, ". Yesterday %d of %d qualified (%.0f%%)", q, n, 100*clubbot.GroupConsistency(q, n))
			}
		}
		b.WriteString("\n")
	}
	n, err := db.CheckedInCount(ctx, st.GuildID, day)
	if err != nil {
		return "", fmt.Errorf("daily post count: %w", err)
	}
	fmt.Fprintf(&b, "✅ %d checked in\n", n)
	b.WriteString("Tap a button after a session, or use `/checkin` for details.")
	return truncate(b.String(), maxContent), nil
}

// Touch notes that a server's check-ins changed, so its daily post's count
// gets edited. It returns at once: the edit runs in a goroutine after at most
// EditDelay (a burst of check-ins becomes one edit, keeping within Discord's
// rate limits) and stops with Run's context.
func (s *Scheduler) Touch(guildID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.edits == nil {
		s.edits = map[string]*editState{}
	}
	e := s.edits[guildID]
	if e == nil {
		e = &editState{}
		s.edits[guildID] = e
	}
	if e.pending {
		return // the scheduled edit will read this change too
	}
	e.pending = true
	delay := s.EditDelay
	if delay <= 0 {
		delay = 5 * time.Second
	}
	wait := delay - time.Since(e.last)
	if wait < 0 || e.last.IsZero() {
		wait = 0
	}
	s.editWG.Add(1)
	time.AfterFunc(wait, func() {
		defer s.editWG.Done()
		ctx := s.runCtx()
		e.running.Lock()
		defer e.running.Unlock()
		s.mu.Lock()
		e.pending = false // Touches from now on schedule another edit
		e.last = time.Now()
		s.mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		if err := s.UpdateCount(ctx, guildID); err != nil && !errors.Is(err, clubbot.ErrNotFound) {
			s.log().Warn("edit daily post", "guild", guildID, "err", err)
		}
	})
}

// WaitEdits waits for scheduled daily-post edits to finish (tests, sandbox).
func (s *Scheduler) WaitEdits() { s.editWG.Wait() }

// UpdateCount edits the server's daily posts of today and yesterday with
// their current check-in counts, each only when its text changed: a click on
// yesterday's post after midnight counts for yesterday, so yesterday's count
// must follow. ErrNotFound when there is no post today.
func (s *Scheduler) UpdateCount(ctx context.Context, guildID string) error {
	st, err := s.Bot.Store.Settings(ctx, guildID)
	if err != nil {
		return fmt.Errorf("daily post settings: %w", err)
	}
	today := clubbot.DayOf(s.Bot.Now(), st.Location())
	s.mu.Lock()
	delete(s.daily, dailyKey(guildID, today-2))
	s.mu.Unlock()
	if err := s.updatePost(ctx, st, today-1); err != nil && !errors.Is(err, clubbot.ErrNotFound) {
		return err
	}
	return s.updatePost(ctx, st, today)
}

// updatePost edits one day's daily post when its text changed since this
// process last showed it. ErrNotFound when that day had no post.
func (s *Scheduler) updatePost(ctx context.Context, st clubbot.Settings, day clubbot.Day) error {
	key := dailyKey(st.GuildID, day)
	s.mu.Lock()
	ref, ok := s.daily[key]
	s.mu.Unlock()
	if !ok {
		// Posted by an earlier run or another process.
		p, err := s.Bot.Store.GetPost(ctx, st.GuildID, postDaily, day.String())
		if err != nil {
			return fmt.Errorf("find daily post of %s: %w", day, err)
		}
		ref = dailyRef{day: day, channelID: p.ChannelID, messageID: p.MessageID}
	}
	if ref.messageID == "" {
		return fmt.Errorf("daily post of %s: %w", day, clubbot.ErrNotFound)
	}
	text, err := s.dailyText(ctx, st, day)
	if err != nil {
		return err
	}
	if text == ref.shown {
		return nil
	}
	e := discordgo.NewMessageEdit(ref.channelID, ref.messageID).SetContent(text)
	e.AllowedMentions = noMentions()
	rest, err := s.rest()
	if err != nil {
		return err
	}
	if _, err := rest.ChannelMessageEditComplex(e, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit daily post of %s: %w", day, err)
	}
	ref.shown = text
	s.mu.Lock()
	if s.daily == nil {
		s.daily = map[string]dailyRef{}
	}
	s.daily[key] = ref
	s.mu.Unlock()
	return nil
}
