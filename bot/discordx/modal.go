// Package discordx holds the pieces of Discord's API that discordgo v0.29
// lacks: the Label component (type 18) modals are now built from, string
// selects in modals, the components of a modal submit in both forms, and a
// decoder for interactions that carry them. The bot builds and reads modals
// with it; the fake Discord uses it to build the submits it sends.
package discordx

import (
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// LabelComponent is the Label component type: a modal's label and optional
// description around one input. Action rows holding text inputs in modals
// are deprecated in its favour.
const LabelComponent discordgo.ComponentType = 18

// Label is a modal's labelled field, as sent (Label, Description and
// Component set) and as submitted (ID and Component).
type Label struct {
	ID          int
	Label       string
	Description string
	Component   discordgo.MessageComponent
}

// Type is LabelComponent.
func (Label) Type() discordgo.ComponentType { return LabelComponent }

// MarshalJSON writes the documented Label object.
func (l Label) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        discordgo.ComponentType    `json:"type"`
		ID          int                        `json:"id,omitempty"`
		Label       string                     `json:"label,omitempty"`
		Description string                     `json:"description,omitempty"`
		Component   discordgo.MessageComponent `json:"component"`
	}{LabelComponent, l.ID, l.Label, l.Description, l.Component})
}

// TextInput is a text input inside a Label: unlike discordgo.TextInput it
// has no label of its own (the Label carries it; an empty "label" is
// refused) and always says whether it is required.
type TextInput struct {
	CustomID    string                   `json:"custom_id"`
	Style       discordgo.TextInputStyle `json:"style"`
	Placeholder string                   `json:"placeholder,omitempty"`
	Value       string                   `json:"value,omitempty"`
	Required    bool                     `json:"required"`
	MinLength   int                      `json:"min_length,omitempty"`
	MaxLength   int                      `json:"max_length,omitempty"`
}

// Type is discordgo.TextInputComponent.
func (TextInput) Type() discordgo.ComponentType { return discordgo.TextInputComponent }

// MarshalJSON writes the documented text input object.
func (t TextInput) MarshalJSON() ([]byte, error) {
	type plain TextInput
	return json.Marshal(struct {
		Type discordgo.ComponentType `json:"type"`
		plain
	}{discordgo.TextInputComponent, plain(t)})
}

// UnmarshalJSON reads a text input; required is true unless it says not.
func (t *TextInput) UnmarshalJSON(b []byte) error {
	type plain TextInput
	p := plain{Required: true}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*t = TextInput(p)
	return nil
}

// StringSelect is a string select inside a Label, choosing one option at
// most. Required false lets the member leave it empty (min_values 0), which
// a modal select must say: it is required by default.
type StringSelect struct {
	CustomID    string                       `json:"custom_id"`
	Placeholder string                       `json:"placeholder,omitempty"`
	Options     []discordgo.SelectMenuOption `json:"options"`
	Required    bool                         `json:"required"`
}

// Type is discordgo.SelectMenuComponent.
func (StringSelect) Type() discordgo.ComponentType { return discordgo.SelectMenuComponent }

// MarshalJSON writes the documented string select object.
func (s StringSelect) MarshalJSON() ([]byte, error) {
	type plain StringSelect
	minValues := 1
	if !s.Required {
		minValues = 0
	}
	return json.Marshal(struct {
		Type      discordgo.ComponentType `json:"type"`
		MinValues int                     `json:"min_values"`
		MaxValues int                     `json:"max_values"`
		plain
	}{discordgo.SelectMenuComponent, minValues, 1, plain(s)})
}

// UnmarshalJSON reads a string select; required is true unless it says not.
func (s *StringSelect) UnmarshalJSON(b []byte) error {
	type plain StringSelect
	p := plain{Required: true}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*s = StringSelect(p)
	return nil
}

// DecodeModal reads the components of a modal as a bot sends it (callback
// type 9): Labels around TextInputs and StringSelects, and anything
// discordgo knows (the deprecated action rows of text inputs, text
// displays decode as discordgo's).
func DecodeModal(raws []json.RawMessage) ([]discordgo.MessageComponent, error) {
	var out []discordgo.MessageComponent
	for i, raw := range raws {
		var head struct {
			Type      discordgo.ComponentType `json:"type"`
			ID        int                     `json:"id"`
			Label     string                  `json:"label"`
			Desc      string                  `json:"description"`
			Component json.RawMessage         `json:"component"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("components[%d]: %w", i, err)
		}
		if head.Type != LabelComponent {
			c, err := discordgo.MessageComponentFromJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("components[%d]: %w", i, err)
			}
			out = append(out, c)
			continue
		}
		var inner struct {
			Type discordgo.ComponentType `json:"type"`
		}
		if err := json.Unmarshal(head.Component, &inner); err != nil {
			return nil, fmt.Errorf("components[%d].component: %w", i, err)
		}
		var c discordgo.MessageComponent
		var err error
		switch inner.Type {
		case discordgo.TextInputComponent:
			var t TextInput
			err = json.Unmarshal(head.Component, &t)
			c = t
		case discordgo.SelectMenuComponent:
			var s StringSelect
			err = json.Unmarshal(head.Component, &s)
			c = s
		default:
			c, err = discordgo.MessageComponentFromJSON(head.Component)
		}
		if err != nil {
			return nil, fmt.Errorf("components[%d].component: %w", i, err)
		}
		out = append(out, Label{ID: head.ID, Label: head.Label, Description: head.Desc, Component: c})
	}
	return out, nil
}

// Field is a submitted modal input: a text input's value, or the values
// chosen in a select.
type Field struct {
	Kind     discordgo.ComponentType
	ID       int
	CustomID string
	Value    string   // text inputs
	Values   []string // selects
}

// Type is the input's component type.
func (f Field) Type() discordgo.ComponentType { return f.Kind }

// MarshalJSON writes the field as Discord sends it in a modal submit.
func (f Field) MarshalJSON() ([]byte, error) {
	if f.Kind == discordgo.TextInputComponent {
		return json.Marshal(struct {
			Type     discordgo.ComponentType `json:"type"`
			ID       int                     `json:"id,omitempty"`
			CustomID string                  `json:"custom_id"`
			Value    string                  `json:"value"`
		}{f.Kind, f.ID, f.CustomID, f.Value})
	}
	values := f.Values
	if values == nil {
		values = []string{}
	}
	return json.Marshal(struct {
		Type     discordgo.ComponentType `json:"type"`
		ID       int                     `json:"id,omitempty"`
		CustomID string                  `json:"custom_id"`
		Values   []string                `json:"values"`
	}{f.Kind, f.ID, f.CustomID, values})
}

// SubmitValue is a submitted input's value: a text input's text, or a
// select's first chosen value ("" when none).
func (f Field) SubmitValue() string {
	if f.Kind == discordgo.TextInputComponent {
		return f.Value
	}
	if len(f.Values) > 0 {
		return f.Values[0]
	}
	return ""
}

// maxDepth bounds nesting in a submit: a Label inside an action row is as
// deep as Discord goes.
const maxDepth = 3

// wireComponent is any component of a modal submit, as sent.
type wireComponent struct {
	Type       discordgo.ComponentType `json:"type"`
	ID         int                     `json:"id"`
	CustomID   string                  `json:"custom_id"`
	Value      string                  `json:"value"`
	Values     []string                `json:"values"`
	Component  json.RawMessage         `json:"component"`
	Components []json.RawMessage       `json:"components"`
}

// decodeSubmitted reads one component of a modal submit: an action row (the
// deprecated form), a Label (the current one), or an input inside either.
func decodeSubmitted(raw json.RawMessage, depth int) (discordgo.MessageComponent, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("components nested deeper than %d", maxDepth)
	}
	var w wireComponent
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("modal component: %w", err)
	}
	switch w.Type {
	case discordgo.ActionsRowComponent:
		row := &discordgo.ActionsRow{ID: w.ID}
		for _, c := range w.Components {
			inner, err := decodeSubmitted(c, depth+1)
			if err != nil {
				return nil, err
			}
			row.Components = append(row.Components, inner)
		}
		return row, nil
	case LabelComponent:
		if len(w.Component) == 0 {
			return nil, fmt.Errorf("label %d without a component", w.ID)
		}
		inner, err := decodeSubmitted(w.Component, depth+1)
		if err != nil {
			return nil, err
		}
		return &Label{ID: w.ID, Component: inner}, nil
	case 0:
		return nil, fmt.Errorf("modal component without a type")
	}
	return &Field{Kind: w.Type, ID: w.ID, CustomID: w.CustomID, Value: w.Value, Values: w.Values}, nil
}

// DecodeInteraction decodes an interaction as Discord sends it. It is
// json.Unmarshal into discordgo.Interaction, except that a modal submit's
// components are read here, in either form: discordgo v0.29 refuses the
// whole interaction when it meets a Label. A submit's data is then a
// discordgo.ModalSubmitInteractionData whose components are action rows
// and Labels around Fields.
func DecodeInteraction(raw []byte) (*discordgo.Interaction, error) {
	var head struct {
		Type discordgo.InteractionType `json:"type"`
		Data json.RawMessage           `json:"data"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	var i discordgo.Interaction
	if head.Type != discordgo.InteractionModalSubmit {
		if err := json.Unmarshal(raw, &i); err != nil {
			return nil, fmt.Errorf("decode interaction: %w", err)
		}
		return &i, nil
	}
	var data struct {
		CustomID   string            `json:"custom_id"`
		Components []json.RawMessage `json:"components"`
	}
	if err := json.Unmarshal(head.Data, &data); err != nil {
		return nil, fmt.Errorf("decode modal submit: %w", err)
	}
	md := discordgo.ModalSubmitInteractionData{CustomID: data.CustomID}
	for _, c := range data.Components {
		comp, err := decodeSubmitted(c, 1)
		if err != nil {
			return nil, fmt.Errorf("decode modal submit: %w", err)
		}
		md.Components = append(md.Components, comp)
	}
	// The rest of the interaction through discordgo, with data it can read.
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	obj["data"] = json.RawMessage(`{}`)
	rest, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	if err := json.Unmarshal(rest, &i); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	i.Data = md
	return &i, nil
}

// MarshalInteraction encodes an interaction as Discord sends it: discordgo
// leaves a modal submit's components out (json:"-"), so they are put in here.
func MarshalInteraction(i *discordgo.Interaction) ([]byte, error) {
	raw, err := json.Marshal(i)
	if err != nil {
		return nil, fmt.Errorf("encode interaction: %w", err)
	}
	md, ok := i.Data.(discordgo.ModalSubmitInteractionData)
	if !ok {
		return raw, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("encode interaction: %w", err)
	}
	data, err := json.Marshal(struct {
		CustomID   string                       `json:"custom_id"`
		Components []discordgo.MessageComponent `json:"components"`
	}{md.CustomID, md.Components})
	if err != nil {
		return nil, fmt.Errorf("encode modal data: %w", err)
	}
	obj["data"] = data
	return json.Marshal(obj)
}

// Values returns a modal submit's inputs by custom id, in either form; a
// select gives its first chosen value.
func Values(comps []discordgo.MessageComponent) map[string]string {
	out := map[string]string{}
	var walk func([]discordgo.MessageComponent, int)
	walk = func(cs []discordgo.MessageComponent, depth int) {
		if depth > maxDepth {
			return
		}
		for _, c := range cs {
			switch c := c.(type) {
			case *discordgo.ActionsRow:
				if c != nil {
					walk(c.Components, depth+1)
				}
			case discordgo.ActionsRow:
				walk(c.Components, depth+1)
			case *Label:
				if c != nil {
					walk([]discordgo.MessageComponent{c.Component}, depth+1)
				}
			case Label:
				walk([]discordgo.MessageComponent{c.Component}, depth+1)
			case *Field:
				if c != nil && c.CustomID != "" { // a text display has none
					out[c.CustomID] = c.SubmitValue()
				}
			case Field:
				if c.CustomID != "" {
					out[c.CustomID] = c.SubmitValue()
				}
			case *discordgo.TextInput:
				if c != nil {
					out[c.CustomID] = c.Value
				}
			case discordgo.TextInput:
				out[c.CustomID] = c.Value
			}
		}
	}
	walk(comps, 1)
	return out
}
