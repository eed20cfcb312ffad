package discordx

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"
)

const submitHead = `{"id": "9", "application_id": "1", "type": 5, "token": "t", "version": 1, "guild_id": "2", "channel_id": "3",
	"member": {"user": {"id": "4", "username": "ann"}}, "data": `

// A modal submit decodes in both of Discord's forms, with the rest of the
// interaction intact.
func TestDecodeModalSubmitBothForms(t *testing.T) {
	cases := []struct {
		name, data string
		want       map[string]string
	}{
		{"labels", `{"custom_id": "mo", "components": [
			{"type": 18, "id": 1, "component": {"type": 4, "id": 2, "custom_id": "minutes", "value": "25"}},
			{"type": 18, "id": 3, "component": {"type": 3, "id": 4, "custom_id": "tool", "values": ["roller"]}},
			{"type": 18, "id": 5, "component": {"type": 3, "id": 6, "custom_id": "timing", "values": []}},
			{"type": 10, "id": 7}]}`,
			map[string]string{"minutes": "25", "tool": "roller", "timing": ""}},
		{"action rows", `{"custom_id": "mo", "components": [
			{"type": 1, "components": [{"type": 4, "custom_id": "minutes", "value": "25"}]},
			{"type": 1, "components": [{"type": 4, "custom_id": "note", "value": "long run"}]}]}`,
			map[string]string{"minutes": "25", "note": "long run"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i, err := DecodeInteraction([]byte(submitHead + c.data + `}`))
			if err != nil {
				t.Fatal(err)
			}
			if i.ID != "9" || i.GuildID != "2" || i.Member == nil || i.Member.User.ID != "4" || i.Type != discordgo.InteractionModalSubmit {
				t.Errorf("interaction = %+v", i)
			}
			md, ok := i.Data.(discordgo.ModalSubmitInteractionData)
			if !ok || md.CustomID != "mo" {
				t.Fatalf("data = %#v", i.Data)
			}
			got := Values(md.Components)
			for k, v := range c.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("%s = %q (present %v), want %q", k, g, ok, v)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("values = %v, want %v", got, c.want)
			}
			// Encoding it again gives Discord's JSON back.
			raw, err := MarshalInteraction(i)
			if err != nil {
				t.Fatal(err)
			}
			again, err := DecodeInteraction(raw)
			if err != nil {
				t.Fatal(err)
			}
			if g := Values(again.Data.(discordgo.ModalSubmitInteractionData).Components); len(g) != len(got) || g["minutes"] != "25" {
				t.Errorf("round trip values = %v", g)
			}
		})
	}
}

func TestDecodeInteractionRefusesBrokenSubmits(t *testing.T) {
	for name, data := range map[string]string{
		"label without component": `{"custom_id": "mo", "components": [{"type": 18, "id": 1}]}`,
		"component without type":  `{"custom_id": "mo", "components": [{"id": 1}]}`,
		"too deep":                `{"custom_id": "mo", "components": [{"type": 1, "components": [{"type": 18, "component": {"type": 1, "components": [{"type": 4}]}}]}]}`,
		"not an object":           `{"custom_id": "mo", "components": [7]}`,
	} {
		if _, err := DecodeInteraction([]byte(submitHead + data + `}`)); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// Other interactions decode as discordgo decodes them.
func TestDecodeInteractionCommand(t *testing.T) {
	raw := `{"id": "9", "type": 2, "token": "t", "data": {"id": "5", "name": "checkin", "options": [{"name": "minutes", "type": 4, "value": 25}]}}`
	i, err := DecodeInteraction([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if d := i.ApplicationCommandData(); d.Name != "checkin" || d.Options[0].IntValue() != 25 {
		t.Errorf("data = %+v", d)
	}
}

// The modal a bot sends: Labels around inputs without labels of their own,
// an optional select that says so.
func TestModalJSON(t *testing.T) {
	comps := []discordgo.MessageComponent{
		Label{Label: "Minutes", Component: TextInput{CustomID: "minutes", Style: discordgo.TextInputShort, Required: true, MaxLength: 3}},
		Label{Label: "Tool", Description: "Optional.", Component: StringSelect{CustomID: "tool",
			Options: []discordgo.SelectMenuOption{{Label: "Roller", Value: "roller"}}}},
	}
	raw, err := json.Marshal(comps)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"type":18,"label":"Minutes","component":{"type":4,"custom_id":"minutes","style":1,"required":true,"max_length":3}},` +
		`{"type":18,"label":"Tool","description":"Optional.","component":{"type":3,"min_values":0,"max_values":1,"custom_id":"tool","options":[{"label":"Roller","value":"roller","description":"","default":false}],"required":false}}]`
	if string(raw) != want {
		t.Errorf("modal JSON\n%s\nwant\n%s", raw, want)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeModal(raws)
	if err != nil {
		t.Fatal(err)
	}
	if l := back[1].(Label); l.Description != "Optional." || l.Component.(StringSelect).Options[0].Value != "roller" || l.Component.(StringSelect).Required {
		t.Errorf("decoded %#v", back[1])
	}
}

// Whatever Discord (or someone posing as it) sends, decoding does not panic
// and a decoded submit's values can be read.
func FuzzDecodeInteraction(f *testing.F) {
	f.Add(`{"custom_id": "mo", "components": [{"type": 18, "id": 1, "component": {"type": 4, "custom_id": "m", "value": "25"}}]}`)
	f.Add(`{"custom_id": "mo", "components": [{"type": 1, "components": [{"type": 3, "custom_id": "t", "values": ["a"]}]}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		i, err := DecodeInteraction([]byte(submitHead + data + `}`))
		if err != nil {
			return
		}
		md, ok := i.Data.(discordgo.ModalSubmitInteractionData)
		if !ok {
			t.Fatalf("a modal submit decoded to %T", i.Data)
		}
		if _, err := MarshalInteraction(i); err != nil {
			t.Errorf("decoded submit does not encode: %v", err)
		}
		_ = Values(md.Components)
	})
}
