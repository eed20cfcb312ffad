package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// command is one entry of clubbot's command registry: the definition
// Discord registers, the handler that answers it, the autocomplete for its
// options, and the buttons and forms it owns by custom_id kind. Each entry
// sits in its feature file (checkinEntry in checkin.go).
type command struct {
	def *discordgo.ApplicationCommand
	run handler
	// autocomplete answers typing in an option; nil when none autocompletes.
	autocomplete handler
	// components answers clicks and modal submits, by custom_id kind.
	components map[string]componentHandler
}

// componentHandler answers a click or a modal submit, with its parsed
// custom_id; like handler, a method expression such as (*Bot).clickUndo.
type componentHandler func(b *Bot, ctx context.Context, i *discordgo.Interaction, id customID) Reply

// registry is clubbot's commands (SPEC 3) in the order `clubbot commands`
// prints them. A new command is its feature file plus one line here.
func registry() []command {
	return []command{
		askEntry(),
		checkinEntry(),
		streakEntry(),
		leaderboardEntry(),
		challengeEntry(),
		settingsEntry(),
		meEntry(),
		meDataEntry(),
		faqEntry(),
		exportEntry(),
		streakCardEntry(),
		breakEntry(),
	}
}

// Commands is clubbot's command table (SPEC 3), what `clubbot commands`
// prints and RegisterCommands sends. Each call builds the definitions anew,
// so a caller may change them.
func Commands() []*discordgo.ApplicationCommand {
	entries := registry()
	defs := make([]*discordgo.ApplicationCommand, 0, len(entries))
	for _, c := range entries {
		defs = append(defs, c.def)
	}
	return defs
}

// routeTable is the registry indexed the way the router looks it up.
type routeTable struct {
	slash, user map[string]command
	components  map[string]componentHandler
}

// routes is built once, not per interaction: it holds method expressions,
// and the router passes the Bot in.
var routes = newRoutes(registry())

// newRoutes indexes entries by command name (slash and user commands apart,
// as Discord keeps them) and by custom_id kind. A name or kind claimed twice
// is a programming error, so it panics when the package loads.
func newRoutes(entries []command) routeTable {
	t := routeTable{slash: map[string]command{}, user: map[string]command{}, components: map[string]componentHandler{}}
	for _, c := range entries {
		byName := t.slash
		if c.def.Type == discordgo.UserApplicationCommand {
			byName = t.user
		}
		if _, dup := byName[c.def.Name]; dup {
			panic(fmt.Sprintf("command %q registered twice", c.def.Name))
		}
		byName[c.def.Name] = c
		for kind, h := range c.components {
			if _, dup := t.components[kind]; dup {
				panic(fmt.Sprintf("custom_id kind %q registered twice", kind))
			}
			t.components[kind] = h
		}
	}
	return t
}

// command finds the entry for a command interaction's data.
func (t routeTable) command(d discordgo.ApplicationCommandInteractionData) (command, bool) {
	byName := t.slash
	if d.CommandType == discordgo.UserApplicationCommand {
		byName = t.user
	}
	c, ok := byName[d.Name]
	return c, ok
}

// adminCommand makes a command visible by default only to members with
// Manage Server; handlers still check (isAdmin), since server admins can
// change who sees it.
func adminCommand(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	manageGuild := int64(discordgo.PermissionManageGuild)
	c.DefaultMemberPermissions = &manageGuild
	return c
}

// serverCommand marks a command usable only in servers: clubbot's data is per
// club, so a DM has nothing to record into.
func serverCommand(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	no := false
	//lint:ignore SA1019 older Discord clients still read dm_permission; Contexts below is the current field.
	c.DMPermission = &no
	c.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	if c.Type == 0 {
		c.Type = discordgo.ChatApplicationCommand
	}
	return c
}

func choiceOption(name, desc string, values []string, labels map[string]string) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc}
	for _, v := range values {
		label := labels[v]
		if label == "" {
			label = v
		}
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: v})
	}
	return o
}

func zoneOption(desc string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Autocomplete: true,
		Description: desc, MaxLength: 64,
	}
}

func intPtr(n int) *int           { return &n }
func floatPtr(f float64) *float64 { return &f }

// commandRegistrar is the part of a session RegisterCommands needs.
type commandRegistrar interface {
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

// RegisterCommands replaces the application's commands with Commands(): in
// one server when guildID is set (instant, for testing), else globally.
func RegisterCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) error {
	return registerCommands(ctx, s, appID, guildID)
}

func registerCommands(ctx context.Context, s commandRegistrar, appID, guildID string) error {
	if appID == "" {
		return fmt.Errorf("register commands: no application id")
	}
	if _, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	return nil
}
