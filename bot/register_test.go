package bot

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// TestSyncCommandsAgainstFake: the first start registers the commands, the
// second finds them unchanged and writes nothing; a command changed on
// Discord's side since is put back.
func TestSyncCommandsAgainstFake(t *testing.T) {
	for _, guild := range []bool{true, false} {
		srv, err := fakediscord.Start()
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		gid := ""
		if guild {
			gid = srv.AddGuild("Runners")
		}
		s, err := NewSession("test-token", srv.APIURL())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		writes := func() int { return srv.Requests("PUT applications/") }

		wrote, err := SyncCommands(ctx, s, srv.AppID(), gid)
		if err != nil || !wrote || writes() != 1 || len(srv.Commands(gid)) != len(Commands()) {
			t.Fatalf("guild %v, first start: wrote %v, %v; %d writes, %d commands on Discord", guild, wrote, err, writes(), len(srv.Commands(gid)))
		}
		wrote, err = SyncCommands(ctx, s, srv.AppID(), gid)
		if err != nil || wrote || writes() != 1 {
			t.Fatalf("guild %v, second start: wrote %v, %v; %d writes, want still 1", guild, wrote, err, writes())
		}
		// Someone edits a command's description in between.
		have := srv.Commands(gid)
		c := have[0]
		if _, err := s.ApplicationCommandEdit(srv.AppID(), gid, c.ID, &discordgo.ApplicationCommand{Name: c.Name, Description: "changed by hand", Options: c.Options}); err != nil {
			t.Fatal(err)
		}
		wrote, err = SyncCommands(ctx, s, srv.AppID(), gid)
		if err != nil || !wrote || writes() != 2 {
			t.Fatalf("guild %v, after an edit on Discord: wrote %v, %v; %d writes", guild, wrote, err, writes())
		}
		if got := srv.Commands(gid)[0].Description; got != Commands()[0].Description {
			t.Errorf("description after the sync %q", got)
		}
	}
}

func TestSameCommands(t *testing.T) {
	// what Discord answers for ours: ids, version and its defaults added
	discordView := func(edit func(list []map[string]any)) []*discordgo.ApplicationCommand {
		raw, _ := json.Marshal(Commands())
		var list []map[string]any
		if err := json.Unmarshal(raw, &list); err != nil {
			t.Fatal(err)
		}
		for n, c := range list {
			c["id"] = "10" + string(rune('0'+n%10))
			c["application_id"] = "42"
			c["version"] = "99"
			c["default_permission"] = true
			c["integration_types"] = []any{0}
			c["nsfw"] = false
			c["description_localizations"] = nil
		}
		if edit != nil {
			edit(list)
		}
		raw, _ = json.Marshal(list)
		var out []*discordgo.ApplicationCommand
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	firstWithOptions := func(list []map[string]any) map[string]any {
		for _, c := range list {
			if opts, _ := c["options"].([]any); len(opts) > 0 {
				return c
			}
		}
		t.Fatal("no command with options")
		return nil
	}
	tests := []struct {
		name string
		edit func(list []map[string]any)
		same bool
	}{
		{"as registered, with Discord's own fields", nil, true},
		{"a description changed", func(l []map[string]any) { l[0]["description"] = "old text" }, false},
		{"an option removed", func(l []map[string]any) {
			c := firstWithOptions(l)
			c["options"] = c["options"].([]any)[1:]
		}, false},
		{"a flag we do not set is on at Discord", func(l []map[string]any) {
			c := firstWithOptions(l)
			c["options"].([]any)[0].(map[string]any)["autocomplete"] = true
			c["nsfw"] = true
		}, false},
		{"a command missing", func(l []map[string]any) { l[len(l)-1]["name"] = "renamed" }, false},
		{"options reordered", func(l []map[string]any) {
			c := firstWithOptions(l)
			if opts := c["options"].([]any); len(opts) > 1 {
				opts[0], opts[1] = opts[1], opts[0]
			} else {
				opts[0].(map[string]any)["name"] = "other"
			}
		}, false},
		{"admin permission dropped", func(l []map[string]any) {
			for _, c := range l {
				if c["default_member_permissions"] != nil {
					c["default_member_permissions"] = nil
					return
				}
			}
			t.Fatal("no admin command")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			same, err := sameCommands(Commands(), discordView(tt.edit))
			if err != nil || same != tt.same {
				t.Errorf("sameCommands = %v, %v; want %v", same, err, tt.same)
			}
		})
	}
	if same, _ := sameCommands(Commands(), discordView(nil)[1:]); same {
		t.Error("one command fewer on Discord counted as the same")
	}
}
