package sandbox

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // pictures the bot might attach
	_ "image/jpeg"
	_ "image/png"
	"strings"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"

	"clubbot/bot/fakediscord"
)

// view is the visible part of a message, whichever way it reached the fake
// (a callback, an edited original, a channel post).
type view struct {
	Content     string
	Embeds      []*discordgo.MessageEmbed
	Components  []discordgo.MessageComponent
	Files       []fakediscord.File
	Attachments []*discordgo.MessageAttachment
}

func viewOfData(d *fakediscord.MessageData) view {
	if d == nil {
		return view{}
	}
	return view{Content: d.Content, Embeds: d.Embeds, Components: d.Components, Files: d.Files}
}

func viewOfMessage(m *fakediscord.Message) view {
	if m == nil || m.Message == nil {
		return view{}
	}
	return view{Content: m.Content, Embeds: m.Embeds, Components: m.Components, Files: m.Files, Attachments: m.Attachments}
}

// lines renders a message as plain text lines: the content, each embed
// (title, description, fields, footer) behind a bar, the buttons in
// brackets, and pictures with their size.
func (v view) lines() []string {
	var out []string
	if c := strings.TrimRight(v.Content, "\n"); c != "" {
		out = append(out, strings.Split(c, "\n")...)
	}
	for _, e := range v.Embeds {
		if e == nil {
			continue
		}
		bar := func(s string) {
			for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
				out = append(out, "│ "+l)
			}
		}
		if e.Author != nil && e.Author.Name != "" {
			bar(e.Author.Name)
		}
		if e.Title != "" {
			bar("**" + e.Title + "**")
		}
		if e.Description != "" {
			bar(e.Description)
		}
		for _, f := range e.Fields {
			if f == nil {
				continue
			}
			if strings.Contains(f.Value, "\n") {
				bar(f.Name + ":")
				bar("  " + strings.ReplaceAll(f.Value, "\n", "\n  "))
			} else {
				bar(f.Name + ": " + f.Value)
			}
		}
		if e.Image != nil && e.Image.URL != "" && !strings.HasPrefix(e.Image.URL, "attachment://") {
			bar("(image: " + strings.TrimPrefix(e.Image.URL, "attachment://") + ")")
		}
		if e.Footer != nil && e.Footer.Text != "" {
			bar("— " + e.Footer.Text)
		}
	}
	out = append(out, componentRows(v.Components)...)
	for _, f := range v.Files {
		out = append(out, fileLine(f.Name, f.ContentType, f.Data, 0, 0))
	}
	if len(v.Files) == 0 {
		for _, a := range v.Attachments {
			if a != nil {
				out = append(out, fileLine(a.Filename, a.ContentType, nil, a.Width, a.Height))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "(empty message)")
	}
	return out
}

// fileLine is "(picture: streak.png 612x210)" or "(file: export.csv 2.1 kB)".
func fileLine(name, contentType string, data []byte, w, h int) string {
	if len(data) > 0 {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			return fmt.Sprintf("(picture: %s %dx%d)", name, cfg.Width, cfg.Height)
		}
	}
	if w > 0 && h > 0 {
		return fmt.Sprintf("(picture: %s %dx%d)", name, w, h)
	}
	if strings.HasPrefix(contentType, "image/") {
		return fmt.Sprintf("(picture: %s)", name)
	}
	if len(data) > 0 {
		return fmt.Sprintf("(file: %s, %s)", name, size(len(data)))
	}
	return fmt.Sprintf("(file: %s)", name)
}

func size(n int) string {
	if n < 1000 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1000)
}

// componentRows renders each action row as "[10 min] [15 min] [Other…]".
func componentRows(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		var items []string
		for _, inner := range rowItems(c) {
			if s := componentText(inner); s != "" {
				items = append(items, s)
			}
		}
		if len(items) > 0 {
			out = append(out, strings.Join(items, " "))
		}
	}
	return out
}

func rowItems(c discordgo.MessageComponent) []discordgo.MessageComponent {
	switch r := c.(type) {
	case *discordgo.ActionsRow:
		if r != nil {
			return r.Components
		}
	case discordgo.ActionsRow:
		return r.Components
	default:
		return []discordgo.MessageComponent{c}
	}
	return nil
}

func componentText(c discordgo.MessageComponent) string {
	switch b := c.(type) {
	case *discordgo.Button:
		if b != nil {
			return buttonText(*b)
		}
	case discordgo.Button:
		return buttonText(b)
	case *discordgo.SelectMenu:
		if b != nil {
			return "[select: " + b.Placeholder + "]"
		}
	case discordgo.SelectMenu:
		return "[select: " + b.Placeholder + "]"
	}
	return ""
}

func buttonText(b discordgo.Button) string {
	label := b.Label
	if label == "" && b.Emoji != nil {
		label = b.Emoji.Name
	}
	if b.Disabled {
		label += " (disabled)"
	}
	if b.Style == discordgo.LinkButton {
		return "[" + label + " ↗]"
	}
	return "[" + label + "]"
}

// button is one clickable button found on a message.
type button struct {
	Label, CustomID string
	Disabled        bool
}

func buttons(cs []discordgo.MessageComponent) []button {
	var out []button
	for _, c := range cs {
		for _, inner := range rowItems(c) {
			var b discordgo.Button
			switch x := inner.(type) {
			case *discordgo.Button:
				if x == nil {
					continue
				}
				b = *x
			case discordgo.Button:
				b = x
			default:
				continue
			}
			if b.Style != discordgo.LinkButton {
				out = append(out, button{Label: b.Label, CustomID: b.CustomID, Disabled: b.Disabled})
			}
		}
	}
	return out
}

// textInput is a field of a modal: a text input, or a select (Options set).
type textInput struct {
	CustomID, Label string
	Required        bool
	MaxLength       int
	Options         []string // a select's values
}

// textInputs lists a modal's fields, from Labels or from the deprecated
// action rows of text inputs.
func textInputs(cs []discordgo.MessageComponent) []textInput {
	var out []textInput
	for _, c := range cs {
		label := ""
		if l, ok := c.(discordx.Label); ok {
			label, c = l.Label, l.Component
		}
		for _, inner := range rowItems(c) {
			switch x := inner.(type) {
			case *discordgo.TextInput:
				if x != nil {
					out = append(out, textInput{x.CustomID, x.Label, x.Required, x.MaxLength, nil})
				}
			case discordgo.TextInput:
				out = append(out, textInput{x.CustomID, x.Label, x.Required, x.MaxLength, nil})
			case discordx.TextInput:
				out = append(out, textInput{x.CustomID, label, x.Required, x.MaxLength, nil})
			case discordx.StringSelect:
				f := textInput{CustomID: x.CustomID, Label: label, Required: x.Required}
				for _, o := range x.Options {
					f.Options = append(f.Options, o.Value)
				}
				out = append(out, f)
			}
		}
	}
	return out
}

// labelPrefix matches a typed label to the start of a button's, ignoring case.
func labelPrefix(typed, label string) bool {
	t := strings.ToLower(strings.TrimSpace(typed))
	return t != "" && strings.HasPrefix(strings.ToLower(label), t)
}

// sameLabel matches a typed label to a button's: case-insensitive, "..."
// for "…", and an "Other" without its ellipsis.
func sameLabel(typed, label string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		s = strings.ReplaceAll(s, "...", "…")
		return strings.TrimSuffix(s, "…")
	}
	return norm(typed) == norm(label)
}
