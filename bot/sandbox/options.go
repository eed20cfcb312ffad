package sandbox

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// names turns the names typed in a script into Discord ids.
type names interface {
	// userID returns the id of the member called name, creating them.
	userID(name string) (string, error)
	// channelID returns the id of the channel called name ("#general" or "general").
	channelID(name string) (string, error)
}

// commandOptions converts a parsed command line into the options of an
// interaction, the way Discord's client would: it finds the command and
// subcommand in the bot's own command table, checks required options,
// choices, lengths and ranges, and converts each value to its option's type.
// Every refusal is a one-line error naming what the command accepts.
func commandOptions(table []*discordgo.ApplicationCommand, l Line, ids names) ([]*discordgo.ApplicationCommandInteractionDataOption, error) {
	var cmd *discordgo.ApplicationCommand
	var known []string
	for _, c := range table {
		if c.Type != discordgo.ChatApplicationCommand && c.Type != 0 {
			continue
		}
		known = append(known, "/"+c.Name)
		if c.Name == l.Command {
			cmd = c
		}
	}
	if cmd == nil {
		return nil, fmt.Errorf("no command /%s; the bot has %s", l.Command, strings.Join(known, " "))
	}
	path := "/" + cmd.Name
	defs := cmd.Options
	var wrap []*discordgo.ApplicationCommandOption // the subcommand group and subcommand chosen
	for _, name := range l.Sub {
		var subs []string
		var found *discordgo.ApplicationCommandOption
		for _, o := range defs {
			if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				subs = append(subs, o.Name)
				if o.Name == name {
					found = o
				}
			}
		}
		if found == nil {
			if len(subs) == 0 {
				return nil, fmt.Errorf("%s has no subcommands; write options as name:value (%s)", path, optionList(defs))
			}
			return nil, fmt.Errorf("%s has no subcommand %q; try one of: %s", path, name, strings.Join(subs, ", "))
		}
		path += " " + found.Name
		wrap = append(wrap, found)
		defs = found.Options
	}
	for _, o := range defs {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			var subs []string
			for _, o := range defs {
				subs = append(subs, o.Name)
			}
			return nil, fmt.Errorf("%s needs a subcommand: %s", path, strings.Join(subs, ", "))
		}
	}

	var out []*discordgo.ApplicationCommandInteractionDataOption
	given := map[string]bool{}
	for _, typed := range l.Options {
		def := findOption(defs, typed.Name)
		if def == nil {
			return nil, fmt.Errorf("%s has no option %q; it takes: %s", path, typed.Name, optionList(defs))
		}
		v, err := convert(def, typed.Value, ids)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", path, def.Name, err)
		}
		given[def.Name] = true
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: def.Name, Type: def.Type, Value: v})
	}
	for _, def := range defs {
		if def.Required && !given[def.Name] {
			return nil, fmt.Errorf("%s needs %s:… (%s)", path, def.Name, def.Description)
		}
	}
	for i := len(wrap) - 1; i >= 0; i-- {
		out = []*discordgo.ApplicationCommandInteractionDataOption{{Name: wrap[i].Name, Type: wrap[i].Type, Options: out}}
	}
	return out, nil
}

func findOption(defs []*discordgo.ApplicationCommandOption, name string) *discordgo.ApplicationCommandOption {
	for _, d := range defs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// optionList is "minutes (required), timing, tool" for error messages.
func optionList(defs []*discordgo.ApplicationCommandOption) string {
	if len(defs) == 0 {
		return "no options"
	}
	var parts []string
	for _, d := range defs {
		s := d.Name
		if d.Required {
			s += " (required)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// convert turns typed text into the JSON value Discord would send for def.
func convert(def *discordgo.ApplicationCommandOption, s string, ids names) (any, error) {
	if len(def.Choices) > 0 {
		var names []string
		for _, c := range def.Choices {
			v := fmt.Sprint(c.Value)
			if strings.EqualFold(s, v) || strings.EqualFold(s, c.Name) {
				return c.Value, nil
			}
			names = append(names, v)
		}
		return nil, fmt.Errorf("%q is not a choice; pick one of: %s", s, strings.Join(names, ", "))
	}
	switch def.Type {
	case discordgo.ApplicationCommandOptionString:
		n := utf8.RuneCountInString(s)
		if def.MinLength != nil && n < *def.MinLength {
			return nil, fmt.Errorf("at least %d characters", *def.MinLength)
		}
		if def.MaxLength > 0 && n > def.MaxLength {
			return nil, fmt.Errorf("at most %d characters (got %d)", def.MaxLength, n)
		}
		return s, nil
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		var f float64
		if def.Type == discordgo.ApplicationCommandOptionInteger {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || math.Abs(float64(n)) > 1<<53 {
				return nil, fmt.Errorf("%q is not a whole number", s)
			}
			f = float64(n)
		} else {
			n, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, fmt.Errorf("%q is not a number", s)
			}
			f = n
		}
		if def.MinValue != nil && f < *def.MinValue {
			return nil, fmt.Errorf("%v is below the minimum %v", f, *def.MinValue)
		}
		if def.MaxValue != 0 && f > def.MaxValue {
			return nil, fmt.Errorf("%v is above the maximum %v", f, def.MaxValue)
		}
		return f, nil // JSON brings every number as float64
	case discordgo.ApplicationCommandOptionBoolean:
		switch strings.ToLower(s) {
		case "true", "yes", "on", "1":
			return true, nil
		case "false", "no", "off", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true or false", s)
	case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
		name := strings.TrimPrefix(s, "@")
		if err := checkName(name); err != nil {
			return nil, err
		}
		return ids.userID(name)
	case discordgo.ApplicationCommandOptionChannel:
		return ids.channelID(strings.TrimPrefix(s, "#"))
	}
	return nil, fmt.Errorf("the sandbox cannot type options of kind %v", def.Type)
}
