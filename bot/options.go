package bot

// Option decoding: a command's options by name, typed, as Discord sends them.

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// options are a command's options by name (of the subcommand, when there is one).
type options map[string]*discordgo.ApplicationCommandInteractionDataOption

// commandData returns the application-command data of i, false when i is
// some other kind of interaction.
func commandData(i *discordgo.Interaction) (discordgo.ApplicationCommandInteractionData, bool) {
	if i == nil {
		return discordgo.ApplicationCommandInteractionData{}, false
	}
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		return d, true
	case *discordgo.ApplicationCommandInteractionData:
		if d != nil {
			return *d, true
		}
	}
	return discordgo.ApplicationCommandInteractionData{}, false
}

// commandOptions returns the subcommand's name ("" when the command has no
// subcommands) and its options, or the command's own options.
func commandOptions(i *discordgo.Interaction) (sub string, opts options) {
	opts = options{}
	d, ok := commandData(i)
	if !ok {
		return "", opts
	}
	list := d.Options
	for depth := 0; depth < 2 && len(list) == 1 && list[0] != nil &&
		(list[0].Type == discordgo.ApplicationCommandOptionSubCommand || list[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup); depth++ {
		if sub == "" {
			sub = list[0].Name
		} else {
			sub += " " + list[0].Name
		}
		list = list[0].Options
	}
	for _, o := range list {
		if o != nil && o.Name != "" {
			opts[o.Name] = o
		}
	}
	return sub, opts
}

// focused returns the option being typed in an autocomplete interaction.
func (o options) focused() (name, value string, ok bool) {
	for n, opt := range o {
		if opt.Focused {
			v, _ := opt.Value.(string)
			return n, v, true
		}
	}
	return "", "", false
}

// Has reports whether the option was given.
func (o options) Has(name string) bool { _, ok := o[name]; return ok }

// String returns a string option. False when absent or not a string.
func (o options) String(name string) (string, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return "", false
	}
	s, ok := opt.Value.(string)
	return s, ok
}

// Int returns an integer option. JSON brings numbers as float64; anything
// that is not a whole number within ±2^53 is refused rather than rounded.
func (o options) Int(name string) (int64, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return 0, false
	}
	switch v := opt.Value.(type) {
	case float64:
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 1<<53 {
			return 0, false
		}
		return int64(v), true
	case int:
		return int64(v), true
	case int64:
		return v, true
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Bool returns a boolean option.
func (o options) Bool(name string) (bool, bool) {
	opt, ok := o[name]
	if !ok || opt == nil {
		return false, false
	}
	v, ok := opt.Value.(bool)
	return v, ok
}

// User returns a user option's id (a snowflake).
func (o options) User(name string) (string, bool) {
	return o.snowflake(name)
}

// Channel returns a channel option's id.
func (o options) Channel(name string) (string, bool) {
	return o.snowflake(name)
}

func (o options) snowflake(name string) (string, bool) {
	s, ok := o.String(name)
	if !ok || !isSnowflake(s) {
		return "", false
	}
	return s, true
}

// isSnowflake reports whether s looks like a Discord id: 1-20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// resolvedUser finds a user given in an option (or the target of a user
// command) in the interaction's resolved data, with their member record.
func resolvedUser(i *discordgo.Interaction, id string) (*discordgo.User, *discordgo.Member) {
	d, ok := commandData(i)
	if !ok || d.Resolved == nil {
		return nil, nil
	}
	u := d.Resolved.Users[id]
	m := d.Resolved.Members[id]
	if u == nil && m != nil {
		u = m.User
	}
	return u, m
}

// resolvedChannel finds a channel given in an option.
func resolvedChannel(i *discordgo.Interaction, id string) *discordgo.Channel {
	d, ok := commandData(i)
	if !ok || d.Resolved == nil {
		return nil
	}
	return d.Resolved.Channels[id]
}
