package fakediscord

import (
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// Modals, as Discord documents them (developers/components/reference.mdx,
// "Label", "Text Input", "String Select"; the interaction response "Modal"):
// 1-5 top-level components, each a Label (type 18: a label of 1-45
// characters, an optional description of up to 100, one input inside), a
// Text Display (10), or the deprecated action row (1) holding one labelled
// text input. Discord still accepts both forms; so does the fake.

// Limits of modal components.
const (
	maxLabelDescription = 100
	maxInputPlaceholder = 100
	maxSelectText       = 100
	maxTextDisplay      = 4000
)

// labelChildren are the component types Discord allows inside a Label.
var labelChildren = map[discordgo.ComponentType]bool{
	discordgo.SelectMenuComponent: true, discordgo.TextInputComponent: true,
	discordgo.UserSelectMenuComponent: true, discordgo.RoleSelectMenuComponent: true,
	discordgo.MentionableSelectMenuComponent: true, discordgo.ChannelSelectMenuComponent: true,
	19: true, 21: true, 22: true, 23: true, // file upload, radio group, checkbox group, checkbox
}

// wireModalComponent is a modal component as a bot sends it; pointers tell
// a field left out from one sent empty.
type wireModalComponent struct {
	Type        discordgo.ComponentType  `json:"type"`
	CustomID    *string                  `json:"custom_id"`
	Label       *string                  `json:"label"`
	Description *string                  `json:"description"`
	Style       discordgo.TextInputStyle `json:"style"`
	MinLength   *int                     `json:"min_length"`
	MaxLength   *int                     `json:"max_length"`
	Value       *string                  `json:"value"`
	Placeholder *string                  `json:"placeholder"`
	Required    *bool                    `json:"required"`
	Disabled    *bool                    `json:"disabled"`
	MinValues   *int                     `json:"min_values"`
	MaxValues   *int                     `json:"max_values"`
	Content     *string                  `json:"content"`
	Options     []struct {
		Label       string `json:"label"`
		Value       string `json:"value"`
		Description string `json:"description"`
	} `json:"options"`
	Component  *wireModalComponent  `json:"component"`
	Components []wireModalComponent `json:"components"`
}

// modalField is an input of a modal shown to a member, so the submit the
// fake builds has the same shape.
type modalField struct {
	customID string
	kind     discordgo.ComponentType
}

// readModal validates a modal's components (raw JSON) and decodes them.
func readModal(raw []json.RawMessage) ([]discordgo.MessageComponent, []modalField, *apiError) {
	if len(raw) == 0 || len(raw) > maxRows {
		return nil, nil, invalidForm("data.components", "Must be between 1 and %d in length.", maxRows)
	}
	seen := map[string]bool{}
	var fields []modalField
	for i, r := range raw {
		f := fmt.Sprintf("data.components[%d]", i)
		var c wireModalComponent
		if err := json.Unmarshal(r, &c); err != nil {
			return nil, nil, invalidForm(f, "%v", err)
		}
		var input *wireModalComponent
		switch c.Type {
		case discordx.LabelComponent:
			if c.Label == nil || *c.Label == "" || runes(*c.Label) > maxInputLabel {
				return nil, nil, invalidForm(f+".label", "Must be between 1 and %d in length.", maxInputLabel)
			}
			if c.Description != nil && (*c.Description == "" || runes(*c.Description) > maxLabelDescription) {
				return nil, nil, invalidForm(f+".description", "Must be between 1 and %d in length.", maxLabelDescription)
			}
			if c.Component == nil || !labelChildren[c.Component.Type] {
				return nil, nil, invalidForm(f+".component", "a label holds one text input, select, file upload, radio group or checkbox")
			}
			input, f = c.Component, f+".component"
			if input.Label != nil && (*input.Label == "" || runes(*input.Label) > maxInputLabel) {
				return nil, nil, invalidForm(f+".label", "Must be between 1 and %d in length.", maxInputLabel)
			}
		case discordgo.ActionsRowComponent:
			if len(c.Components) != 1 || c.Components[0].Type != discordgo.TextInputComponent {
				return nil, nil, invalidForm(f, "a modal action row holds exactly one text input")
			}
			input, f = &c.Components[0], f+".components[0]"
			if input.Label == nil || *input.Label == "" || runes(*input.Label) > maxInputLabel {
				return nil, nil, invalidForm(f+".label", "Must be between 1 and %d in length.", maxInputLabel)
			}
		case discordgo.TextDisplayComponent:
			if c.Content == nil || *c.Content == "" || runes(*c.Content) > maxTextDisplay {
				return nil, nil, invalidForm(f+".content", "Must be between 1 and %d in length.", maxTextDisplay)
			}
			continue
		default:
			return nil, nil, invalidForm(f+".type", "a modal holds labels, text displays or action rows, not type %d", c.Type)
		}
		if input.CustomID == nil || *input.CustomID == "" || runes(*input.CustomID) > maxCustomID || seen[*input.CustomID] {
			return nil, nil, invalidForm(f+".custom_id", "missing, too long or duplicated")
		}
		seen[*input.CustomID] = true
		var err *apiError
		switch input.Type {
		case discordgo.TextInputComponent:
			err = validateTextInput(f, input)
		case discordgo.SelectMenuComponent:
			err = validateStringSelect(f, input)
		}
		if err != nil {
			return nil, nil, err
		}
		if input.Disabled != nil && *input.Disabled {
			return nil, nil, invalidForm(f+".disabled", "Modals can not have disabled components.")
		}
		fields = append(fields, modalField{customID: *input.CustomID, kind: input.Type})
	}
	comps, err := discordx.DecodeModal(raw)
	if err != nil {
		return nil, nil, invalidForm("data.components", "%v", err)
	}
	return comps, fields, nil
}

func validateTextInput(f string, in *wireModalComponent) *apiError {
	if in.Style != discordgo.TextInputShort && in.Style != discordgo.TextInputParagraph {
		return invalidForm(f+".style", "Value must be one of (1, 2).")
	}
	lo, hi := 0, maxInputValue
	if in.MinLength != nil {
		lo = *in.MinLength
	}
	if in.MaxLength != nil {
		hi = *in.MaxLength
	}
	if lo < 0 || lo > maxInputValue || hi < 1 || hi > maxInputValue || lo > hi {
		return invalidForm(f, "min_length 0-%d, max_length 1-%d, min_length <= max_length", maxInputValue, maxInputValue)
	}
	if in.Value != nil && runes(*in.Value) > hi {
		return invalidForm(f+".value", "Must be %d or fewer in length.", hi)
	}
	if in.Placeholder != nil && runes(*in.Placeholder) > maxInputPlaceholder {
		return invalidForm(f+".placeholder", "Must be %d or fewer in length.", maxInputPlaceholder)
	}
	return nil
}

func validateStringSelect(f string, in *wireModalComponent) *apiError {
	n := len(in.Options)
	if n == 0 || n > maxSelectOptions {
		return invalidForm(f+".options", "Must be between 1 and %d in length.", maxSelectOptions)
	}
	values := map[string]bool{}
	for j, o := range in.Options {
		if o.Label == "" || runes(o.Label) > maxSelectText || o.Value == "" || runes(o.Value) > maxSelectText ||
			runes(o.Description) > maxSelectText || values[o.Value] {
			return invalidForm(fmt.Sprintf("%s.options[%d]", f, j), "label and value 1-%d characters, values unique", maxSelectText)
		}
		values[o.Value] = true
	}
	lo, hi := 1, 1
	if in.MinValues != nil {
		lo = *in.MinValues
	}
	if in.MaxValues != nil {
		hi = *in.MaxValues
	}
	if lo < 0 || lo > maxSelectOptions || hi < 1 || hi > maxSelectOptions || lo > hi || hi > n {
		return invalidForm(f, "min_values 0-25, max_values 1-25 and at most the options, min_values <= max_values")
	}
	if (in.Required == nil || *in.Required) && lo < 1 {
		return invalidForm(f+".min_values", "min_values must be at least 1 when the select is required")
	}
	if in.Placeholder != nil && runes(*in.Placeholder) > maxPlaceholder {
		return invalidForm(f+".placeholder", "Must be %d or fewer in length.", maxPlaceholder)
	}
	return nil
}

// modalKey names the modal a member was shown with a custom id.
func modalKey(i *discordgo.Interaction, customID string) string {
	return interactionUser(i) + "\x00" + customID
}

// interactionUser is the id of the member or user who made i.
func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// submitComponents builds a modal submit's components, in Discord's current
// form: each input inside a Label, ids numbered as Discord numbers them.
// Inputs follow the modal shown (fields), or the values' sorted keys when
// no modal was shown; every input of the modal comes back, empty or not.
func submitComponents(shown []modalField, values map[string]string) []discordgo.MessageComponent {
	if shown == nil {
		for _, k := range sortedKeys(values) {
			shown = append(shown, modalField{customID: k, kind: discordgo.TextInputComponent})
		}
	}
	var comps []discordgo.MessageComponent
	for n, f := range shown {
		field := &discordx.Field{Kind: f.kind, ID: 2*n + 2, CustomID: f.customID}
		if f.kind == discordgo.TextInputComponent {
			field.Value = values[f.customID]
		} else if v := values[f.customID]; v != "" {
			field.Values = []string{v}
		}
		comps = append(comps, &discordx.Label{ID: 2*n + 1, Component: field})
	}
	return comps
}
