package sandbox

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot"
	"clubbot/bot/fakediscord"
)

type fixedNames map[string]string

func (f fixedNames) userID(name string) (string, error) { return "u-" + name, nil }
func (f fixedNames) channelID(name string) (string, error) {
	if id, ok := f[name]; ok {
		return id, nil
	}
	return "", fmt.Errorf("no channel #%s", name)
}

func TestCommandOptions(t *testing.T) {
	table := bot.Commands()
	ids := fixedNames{"general": "c1"}
	parse := func(s string) Line {
		l, err := ParseLine(s)
		if err != nil {
			t.Fatalf("ParseLine(%q): %v", s, err)
		}
		return l
	}
	opt := func(name string, typ discordgo.ApplicationCommandOptionType, v any) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: v}
	}
	tests := []struct {
		line string
		want []*discordgo.ApplicationCommandInteractionDataOption
	}{
		{"as a /checkin minutes:15 timing:Post-run", []*discordgo.ApplicationCommandInteractionDataOption{
			opt("minutes", discordgo.ApplicationCommandOptionInteger, 15.0),
			opt("timing", discordgo.ApplicationCommandOptionString, "post-run")}},
		{"as a /streak member:@bob", []*discordgo.ApplicationCommandInteractionDataOption{
			opt("member", discordgo.ApplicationCommandOptionUser, "u-bob")}},
		{"as a /settings channel:#general", []*discordgo.ApplicationCommandInteractionDataOption{
			opt("channel", discordgo.ApplicationCommandOptionChannel, "c1")}},
		{`as a /challenge create name:"30 days" days:30 daily-minutes:10`, []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: "create", Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandInteractionDataOption{
				opt("name", discordgo.ApplicationCommandOptionString, "30 days"),
				opt("days", discordgo.ApplicationCommandOptionInteger, 30.0),
				opt("daily-minutes", discordgo.ApplicationCommandOptionInteger, 10.0)}}}},
		{"as a /challenge list", []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: "list", Type: discordgo.ApplicationCommandOptionSubCommand}}},
	}
	for _, tt := range tests {
		got, err := commandOptions(table, parse(tt.line), ids)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.line, dump(got), dump(tt.want))
		}
	}
}

func dump(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	var parts []string
	for _, o := range opts {
		parts = append(parts, fmt.Sprintf("%s(%d)=%#v%s", o.Name, o.Type, o.Value, dump(o.Options)))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestViewLines(t *testing.T) {
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 612, 210))); err != nil {
		t.Fatal(err)
	}
	v := view{
		Content: "Daily check-in\n3 checked in",
		Embeds: []*discordgo.MessageEmbed{{
			Title: "Streak", Description: "🔥 4 days",
			Fields: []*discordgo.MessageEmbedField{{Name: "This week", Value: "3 days"}, {Name: "Notes", Value: "a\nb"}},
			Footer: &discordgo.MessageEmbedFooter{Text: "Not medical advice."},
			Image:  &discordgo.MessageEmbedImage{URL: "attachment://streak.png"},
		}},
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "10 min", CustomID: "a"}, &discordgo.Button{Label: "Other…", CustomID: "b"}}},
		},
		Files: []fakediscord.File{{Name: "streak.png", ContentType: "image/png", Data: pic.Bytes()}, {Name: "me.json", Data: []byte("{}")}},
	}
	want := []string{
		"Daily check-in", "3 checked in",
		"│ **Streak**", "│ 🔥 4 days", "│ This week: 3 days", "│ Notes:", "│   a", "│   b", "│ — Not medical advice.",
		"[10 min] [Other…]",
		"(picture: streak.png 612x210)", "(file: me.json, 2 bytes)",
	}
	if got := v.lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b := buttons(v.Components); len(b) != 2 || b[1].CustomID != "b" || !sameLabel("other...", b[1].Label) || !sameLabel("OTHER", b[1].Label) {
		t.Errorf("buttons = %+v", b)
	}
}
