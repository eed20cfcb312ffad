package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/bwmarrin/discordgo"
)

// commandSyncer is the part of a session SyncCommands needs.
type commandSyncer interface {
	commandRegistrar
	ApplicationCommands(appID, guildID string, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

// SyncCommands registers Commands() the way `clubbot run` does at start
// (SPEC 2): it reads what Discord has (in guildID, or globally) and
// bulk-overwrites only when that differs, so a restart does not re-register
// (Discord rate-limits command writes, and global ones take a while to
// spread). It reports whether it wrote.
func SyncCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) (bool, error) {
	return syncCommands(ctx, s, appID, guildID)
}

func syncCommands(ctx context.Context, s commandSyncer, appID, guildID string) (bool, error) {
	if appID == "" {
		return false, fmt.Errorf("sync commands: no application id")
	}
	have, err := s.ApplicationCommands(appID, guildID, discordgo.WithContext(ctx))
	if err != nil {
		return false, fmt.Errorf("sync commands: read registered commands: %w", err)
	}
	same, err := sameCommands(Commands(), have)
	if err != nil {
		return false, fmt.Errorf("sync commands: %w", err)
	}
	if same {
		return false, nil
	}
	if err := registerCommands(ctx, s, appID, guildID); err != nil {
		return false, err
	}
	return true, nil
}

// serverFilled are the command fields Discord fills in itself (ids, version)
// or with defaults we leave alone; they never make a difference.
var serverFilled = map[string]bool{
	"id": true, "application_id": true, "guild_id": true, "version": true,
	"default_permission": true, "integration_types": true,
	"name_localized": true, "description_localized": true,
}

// sameCommands reports whether Discord's commands (have) are ours (want):
// the same set by type and name, and each alike in every field we set, with
// no field we do not set holding anything but its zero value on Discord's side.
func sameCommands(want, have []*discordgo.ApplicationCommand) (bool, error) {
	if len(want) != len(have) {
		return false, nil
	}
	type key struct {
		t    discordgo.ApplicationCommandType
		name string
	}
	kind := func(c *discordgo.ApplicationCommand) key {
		t := c.Type
		if t == 0 {
			t = discordgo.ChatApplicationCommand
		}
		return key{t, c.Name}
	}
	byKey := make(map[key]*discordgo.ApplicationCommand, len(have))
	for _, c := range have {
		if c != nil {
			byKey[kind(c)] = c
		}
	}
	for _, w := range want {
		h := byKey[kind(w)]
		if h == nil {
			return false, nil
		}
		wv, err := asJSONValue(w)
		if err != nil {
			return false, err
		}
		hv, err := asJSONValue(h)
		if err != nil {
			return false, err
		}
		if !alike(wv, hv) {
			return false, nil
		}
	}
	return true, nil
}

// asJSONValue is v as its JSON decodes into any: what is on the wire.
func asJSONValue(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode command: %w", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("decode command: %w", err)
	}
	return out, nil
}

// alike compares our value with Discord's: objects field by field (see
// sameCommands), lists item by item in order, the rest by equality.
func alike(want, have any) bool {
	if zeroJSON(want) && zeroJSON(have) {
		return true // an unset field and its default
	}
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if !serverFilled[k] && !alike(wv, h[k]) {
				return false
			}
		}
		for k, hv := range h {
			if _, set := w[k]; !set && !serverFilled[k] && !zeroJSON(hv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for n := range w {
			if !alike(w[n], h[n]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, have)
}

// zeroJSON reports whether a decoded JSON value is null, false, 0, "" or empty.
func zeroJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}
