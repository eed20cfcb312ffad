package bot

// Who is asking: the member behind an interaction, how they are named, and
// whether they may use admin commands.

import (
	"github.com/bwmarrin/discordgo"
)

// userOf is the member who made the interaction: member.user in a server,
// user in a DM. Nil only for malformed interactions.
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i == nil {
		return nil
	}
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// userID is userOf's id, "" when there is none.
func userID(i *discordgo.Interaction) string {
	if u := userOf(i); u != nil {
		return u.ID
	}
	return ""
}

// displayName is how a member is shown in text: server nickname, else
// global name, else username.
func displayName(m *discordgo.Member, u *discordgo.User) string {
	if m != nil && m.Nick != "" {
		return m.Nick
	}
	if u == nil && m != nil {
		u = m.User
	}
	if u == nil {
		return "someone"
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// guildOnly refuses interactions from outside a server (DMs), where clubbot
// has no club to record into. Use: if r, ok := guildOnly(i); !ok { return r }.
func guildOnly(i *discordgo.Interaction) (Reply, bool) {
	if i == nil || i.GuildID == "" || i.Member == nil || i.Member.User == nil {
		return userError("Please use this in a server: clubbot keeps each club's check-ins in its own server."), false
	}
	return Reply{}, true
}

// isAdmin reports whether the member may use admin commands: Manage Server or
// Administrator in the permissions Discord computed for this interaction.
// Discord's default_member_permissions can be overridden by server admins,
// so handlers check this themselves.
func isAdmin(i *discordgo.Interaction) bool {
	if i == nil || i.Member == nil || i.GuildID == "" {
		return false
	}
	p := i.Member.Permissions
	return p&discordgo.PermissionAdministrator != 0 || p&discordgo.PermissionManageGuild != 0
}

// adminOnly refuses members without Manage Server.
// Use: if r, ok := adminOnly(i); !ok { return r }.
func adminOnly(i *discordgo.Interaction) (Reply, bool) {
	if r, ok := guildOnly(i); !ok {
		return r, false
	}
	if !isAdmin(i) {
		return userError("This needs the **Manage Server** permission."), false
	}
	return Reply{}, true
}
