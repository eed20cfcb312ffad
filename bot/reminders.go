package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// reminders sends each opted-in member in a running challenge who has not
// checked in today one reminder (SPEC 6): by DM, or when their DMs are closed
// in the club's channel, mentioning only them. Each is claimed per member and
// day, so nobody is reminded twice.
func (s *Scheduler) reminders(ctx context.Context, st clubbot.Settings, today clubbot.Day) error {
	users, err := s.Bot.Store.ReminderTargets(ctx, st.GuildID, today)
	if err != nil {
		return fmt.Errorf("reminder targets: %w", err)
	}
	var errs []error
	for _, u := range users {
		key := today.String() + ":" + u
		errs = append(errs, s.post(ctx, st.GuildID, postReminder, key, func(ctx context.Context) (sent, error) {
			return s.remind(ctx, st, u)
		}))
	}
	return errors.Join(errs...)
}

// remind sends one member their reminder.
func (s *Scheduler) remind(ctx context.Context, st clubbot.Settings, userID string) (sent, error) {
	const text = "🦶 Friendly reminder: you have not logged a foot massage today. " +
		"Use `/checkin` or a button on today's check-in post. (Turn these off with `/me reminders:off`.)"
	dm, err := s.Bot.REST.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err == nil {
		m, err := s.send(ctx, dm.ID, &discordgo.MessageSend{Content: text, AllowedMentions: mentionUser(userID)})
		if err == nil {
			return m, nil
		}
		s.log().Info("reminder DM failed; using the channel", "guild", st.GuildID, "user", userID, "err", err)
	}
	return s.send(ctx, st.ChannelID, &discordgo.MessageSend{
		Content:         fmt.Sprintf("<@%s> %s", userID, text),
		AllowedMentions: mentionUser(userID),
	})
}
