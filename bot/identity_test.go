package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestIsAdmin(t *testing.T) {
	cases := []struct {
		perms int64
		guild string
		want  bool
	}{
		{0, testGuild, false},
		{discordgo.PermissionSendMessages, testGuild, false},
		{discordgo.PermissionManageGuild, testGuild, true},
		{discordgo.PermissionAdministrator, testGuild, true},
		{discordgo.PermissionManageGuild, "", false}, // a DM has no admins
	}
	for _, c := range cases {
		i := &discordgo.Interaction{GuildID: c.guild, Member: &discordgo.Member{User: &discordgo.User{ID: "1"}, Permissions: c.perms}}
		if got := isAdmin(i); got != c.want {
			t.Errorf("isAdmin(perms %d, guild %q) = %v", c.perms, c.guild, got)
		}
	}
	if isAdmin(&discordgo.Interaction{GuildID: testGuild, User: &discordgo.User{ID: "1"}}) {
		t.Error("no member: admin")
	}
}

func TestUserOf(t *testing.T) {
	inGuild := &discordgo.Interaction{Member: &discordgo.Member{User: &discordgo.User{ID: "1"}}}
	inDM := &discordgo.Interaction{User: &discordgo.User{ID: "2"}}
	if userID(inGuild) != "1" || userID(inDM) != "2" || userID(&discordgo.Interaction{}) != "" || userOf(nil) != nil {
		t.Error("userOf wrong")
	}
	if _, ok := guildOnly(inDM); ok {
		t.Error("DM passed guildOnly")
	}
}
