package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
)

// Weekdays as /settings leaderboard-day offers them.
var weekdayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// settings is /settings (Manage Server): with no options it shows the
// server's settings; with options it checks every one before saving any.
func (b *Bot) settings(ctx context.Context, i *discordgo.Interaction) Reply {
	if r, ok := adminOnly(i); !ok {
		return r
	}
	_, opts := commandOptions(i)
	s, err := b.Store.Settings(ctx, i.GuildID)
	if err != nil {
		return b.fail(ctx, "settings: load", err)
	}
	if len(opts) == 0 {
		return ephemeral("", settingsEmbed("Club settings", s, b.now()))
	}
	s.GuildID = i.GuildID
	if opts.Has("channel") {
		id, ok := opts.Channel("channel")
		if !ok {
			return userError("**channel** must be a text channel of this server.")
		}
		if ch := resolvedChannel(i, id); ch != nil {
			if ch.Type != discordgo.ChannelTypeGuildText && ch.Type != discordgo.ChannelTypeGuildNews {
				return userError("**channel** must be a text channel (not a voice channel, category, forum or thread).")
			}
			if ch.GuildID != "" && ch.GuildID != i.GuildID {
				return userError("**channel** must be a text channel of this server.")
			}
		}
		s.ChannelID = id
	}
	if opts.Has("timezone") {
		z, ok := opts.String("timezone")
		if !ok || clubbot.ValidZone(z) != nil {
			return userError("**timezone** must be an IANA time zone such as `Europe/London` or `America/New_York`; pick one from the list as you type.")
		}
		s.TimeZone = z
	}
	for _, c := range []struct {
		name string
		dst  *clubbot.Clock
	}{
		{"checkin-time", &s.CheckinTime},
		{"leaderboard-time", &s.LeaderboardTime},
		{"reminder-time", &s.ReminderTime},
	} {
		if !opts.Has(c.name) {
			continue
		}
		v, ok := opts.String(c.name)
		t, err := clubbot.ParseClock(strings.TrimSpace(v))
		if !ok || err != nil {
			return userError("**%s** must be a time like `07:00` or `18:30` (24-hour).", c.name)
		}
		*c.dst = t
	}
	if opts.Has("leaderboard-day") {
		v, _ := opts.String("leaderboard-day")
		wd, ok := parseWeekday(v)
		if !ok {
			return userError("**leaderboard-day** must be a day of the week: %s.", strings.Join(weekdayNames, ", "))
		}
		s.LeaderboardDay = wd
	}
	if opts.Has("max-freezes") {
		n, ok := opts.Int("max-freezes")
		if !ok || n < 0 || n > clubbot.MaxMaxFreezes {
			return userError("**max-freezes** must be a whole number from 0 (freezes off) to %d.", clubbot.MaxMaxFreezes)
		}
		s.MaxFreezes = int(n)
	}
	if err := b.Store.SaveSettings(ctx, s); err != nil {
		return b.fail(ctx, "settings: save", err)
	}
	return ephemeral("", settingsEmbed("✅ Settings saved", s, b.now()))
}

// parseWeekday reads "monday".."sunday".
func parseWeekday(s string) (time.Weekday, bool) {
	for n, name := range weekdayNames {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return time.Weekday((n + 1) % 7), true
		}
	}
	return 0, false
}

// settingsEmbed shows the settings; the posts' times are the server zone's,
// each with its next time as a Discord timestamp (read in the reader's zone).
func settingsEmbed(title string, s clubbot.Settings, now time.Time) *discordgo.MessageEmbed {
	channel := "not set: no scheduled posts (set one with `/settings channel:`)"
	if s.ChannelID != "" {
		channel = "<#" + s.ChannelID + ">"
	}
	zone := s.TimeZone
	if zone == "" {
		zone = "UTC (not set)"
	}
	return &discordgo.MessageEmbed{
		Title: title,
		Color: colourInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Channel", Value: channel},
			{Name: "Time zone", Value: zone, Inline: true},
			{Name: "Daily check-in post", Value: s.CheckinTime.String() + ", next " + relativeStamp(nextPost(now, s, -1, s.CheckinTime)), Inline: true},
			{Name: "Weekly leaderboard", Value: s.LeaderboardDay.String() + " " + s.LeaderboardTime.String() + ", next " +
				relativeStamp(nextPost(now, s, s.LeaderboardDay, s.LeaderboardTime)), Inline: true},
			{Name: "Reminders", Value: s.ReminderTime.String(), Inline: true},
			{Name: "Streak freezes", Value: freezesSetting(s.MaxFreezes), Inline: true},
		},
	}
}

// freezesSetting words max-freezes.
func freezesSetting(n int) string {
	if n == 0 {
		return "off"
	}
	return fmt.Sprintf("up to %d held (one earned per 7 streak days)", n)
}

// zoneAutocomplete suggests IANA zones for /settings and /me timezone: the
// typed text itself when it is a valid zone, then common zones containing it.
func (b *Bot) zoneAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	name, typed, ok := opts.focused()
	if !ok || name != "timezone" {
		return autocomplete()
	}
	return autocomplete(stringChoices(suggestZones(typed, maxChoices)...)...)
}

// suggestZones returns up to limit zone names matching typed.
func suggestZones(typed string, limit int) []string {
	typed = strings.TrimSpace(typed)
	if len(typed) > 64 {
		typed = typed[:64]
	}
	q := strings.ToLower(strings.ReplaceAll(typed, " ", "_"))
	var out []string
	seen := map[string]bool{}
	add := func(z string) {
		if !seen[z] && len(out) < limit {
			seen[z] = true
			out = append(out, z)
		}
	}
	if typed != "" && clubbot.ValidZone(typed) == nil {
		add(typed)
	}
	var prefix, contains []string
	for _, z := range commonZones {
		lz := strings.ToLower(z)
		switch {
		case q == "":
			prefix = append(prefix, z)
		case strings.HasPrefix(lz, q) || strings.Contains(lz, "/"+q):
			prefix = append(prefix, z)
		case strings.Contains(lz, q):
			contains = append(contains, z)
		}
	}
	sort.Strings(prefix)
	sort.Strings(contains)
	for _, z := range append(prefix, contains...) {
		add(z)
	}
	return out
}

// commonZones are the zones autocomplete offers. Any valid IANA name can be
// typed; these are the ones most clubs need, plus the odd offsets (Kathmandu,
// Lord Howe, Kiritimati) clubbot is tested against.
var commonZones = []string{
	"UTC",
	"Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Africa/Casablanca",
	"America/Anchorage", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Chicago",
	"America/Denver", "America/Halifax", "America/Los_Angeles", "America/Mexico_City",
	"America/New_York", "America/Phoenix", "America/Santiago", "America/Sao_Paulo",
	"America/St_Johns", "America/Toronto", "America/Vancouver", "America/Lima", "America/Caracas",
	"Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem",
	"Asia/Karachi", "Asia/Kathmandu", "Asia/Kolkata", "Asia/Manila", "Asia/Seoul", "Asia/Shanghai",
	"Asia/Singapore", "Asia/Taipei", "Asia/Tehran", "Asia/Tokyo", "Asia/Riyadh", "Asia/Yangon",
	"Atlantic/Azores", "Atlantic/Reykjavik",
	"Australia/Adelaide", "Australia/Brisbane", "Australia/Darwin", "Australia/Eucla",
	"Australia/Lord_Howe", "Australia/Melbourne", "Australia/Perth", "Australia/Sydney", "Australia/Hobart",
	"Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Bucharest",
	"Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul", "Europe/Kyiv", "Europe/Lisbon",
	"Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Oslo", "Europe/Paris", "Europe/Prague",
	"Europe/Rome", "Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw", "Europe/Zurich",
	"Pacific/Auckland", "Pacific/Chatham", "Pacific/Fiji", "Pacific/Honolulu", "Pacific/Kiritimati",
	"Pacific/Tongatapu", "Pacific/Marquesas",
}

// zoneNote explains a zone setting in words, for replies.
func zoneNote(z string) string {
	if z == "" {
		return "the club's time zone"
	}
	return fmt.Sprintf("`%s`", z)
}

// settingsEntry is /settings (Manage Server); its time zone autocompletes.
func settingsEntry() command {
	return command{
		def: adminCommand(serverCommand(&discordgo.ApplicationCommand{
			Name:        "settings",
			Description: "The club's settings (Manage Server); no options shows them.",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionChannel, Name: "channel",
					Description:  "Where the daily check-in post and leaderboards go.",
					ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}},
				zoneOption("The club's time zone, e.g. Europe/London."),
				clockOption("checkin-time", "Daily check-in post time, HH:MM 24-hour (default 07:00)."),
				choiceOption("leaderboard-day", "Day of the weekly leaderboard post (default Sunday).", weekdayNames, nil),
				clockOption("leaderboard-time", "Time of the weekly leaderboard post, HH:MM (default 18:00)."),
				clockOption("reminder-time", "Time of the opt-in reminder, HH:MM (default 20:00)."),
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "max-freezes",
					Description: fmt.Sprintf("Streak freezes a member can hold, 0-%d; 0 turns them off (default %d).", clubbot.MaxMaxFreezes, clubbot.DefaultMaxFreezes),
					MinValue:    floatPtr(0), MaxValue: clubbot.MaxMaxFreezes},
			},
		})),
		run:          (*Bot).settings,
		autocomplete: (*Bot).zoneAutocomplete,
	}
}

func clockOption(name, desc string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
		MinLength: intPtr(3), MaxLength: 5,
	}
}
