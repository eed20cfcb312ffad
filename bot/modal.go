package bot

// Modal parsing: the values a submitted form carries and the typed text in
// them (minutes, a choice).

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"

	"clubbot"
)

// modalValues returns a submitted modal's inputs by custom id, from Labels
// or from the deprecated action rows; a select gives its chosen value.
func modalValues(i *discordgo.Interaction) map[string]string {
	switch d := i.Data.(type) {
	case discordgo.ModalSubmitInteractionData:
		return discordx.Values(d.Components)
	case *discordgo.ModalSubmitInteractionData:
		if d != nil {
			return discordx.Values(d.Components)
		}
	}
	return map[string]string{}
}

// parseMinutes reads minutes typed into a modal: a whole number 1-240,
// allowing surrounding spaces and a trailing "min".
func parseMinutes(s string) (int, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	for _, suffix := range []string{"minutes", "minute", "mins", "min", "m"} {
		if strings.HasSuffix(t, suffix) {
			t = strings.TrimSpace(strings.TrimSuffix(t, suffix))
			break
		}
	}
	// Plain digits only: Atoi alone would take a sign ("+20").
	notDigit := func(r rune) bool { return r < '0' || r > '9' }
	n, err := strconv.Atoi(t)
	if len(t) > 4 || strings.ContainsFunc(t, notDigit) || err != nil || n < clubbot.MinMinutes || n > clubbot.MaxMinutes {
		return 0, fmt.Errorf("minutes %q: want a whole number %d-%d: %w", truncate(s, 20), clubbot.MinMinutes, clubbot.MaxMinutes, clubbot.ErrInvalid)
	}
	return n, nil
}

// parseChoice matches typed text against a fixed set of choices, ignoring
// case and surrounding space; "" stays "".
func parseChoice(s string, set []string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" || slices.Contains(set, t) {
		return t, true
	}
	return "", false
}
