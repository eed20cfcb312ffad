package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"clubbot"
)

// A custom_id carries everything a click needs to be handled after a restart,
// so the bot keeps no in-memory state about the messages it sent. The format
// is versioned ("v1:kind:arg:arg") so a later release can change it and still
// recognise (and politely refuse) old buttons.
const customIDVersion = "v1"

// maxCustomID is Discord's limit on a custom_id.
const maxCustomID = 100

// Component kinds.
const (
	kindCheckIn  = "ci"    // daily post button: minutes
	kindOther    = "other" // daily post "Other…" button: opens the modal
	kindModal    = "mo"    // the "Other…" modal's submit: the daily post's message id, or 0
	kindUndo     = "undo"  // confirmation's Undo: check-in id
	kindDelete   = "del"   // /me-data delete confirm: yes|no
	kindFeedback = "fb"    // answer's Helpful / Not helpful: question id, y|n
	kindJoin     = "join"  // challenge announcement's Join: challenge id
)

// argKind says what one argument may hold.
type argKind int

const (
	argMinutes argKind = iota // 1-240
	argID                     // positive int64
	argCheckIn                // non-zero int64: the store numbers check-ins without a snowflake below zero
	argYesNo                  // "yes" | "no"
	argYN                     // "y" | "n"
	argPost                   // a message id (snowflake), or "0" for none
)

// customIDArgs is the exact shape of each kind.
var customIDArgs = map[string][]argKind{
	kindCheckIn:  {argMinutes},
	kindOther:    {},
	kindModal:    {argPost},
	kindUndo:     {argCheckIn},
	kindDelete:   {argYesNo},
	kindFeedback: {argID, argYN},
	kindJoin:     {argID},
}

// errCustomID marks a custom_id this version cannot act on (a stale or forged button).
var errCustomID = errors.New("unknown or stale custom_id")

// customID is a parsed custom_id.
type customID struct {
	Kind string
	Args []string
}

// parseCustomID reads a custom_id strictly: the version, a known kind, and
// exactly that kind's arguments in their charsets.
func parseCustomID(s string) (customID, error) {
	if len(s) > maxCustomID {
		return customID{}, fmt.Errorf("custom_id longer than %d: %w", maxCustomID, errCustomID)
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] != customIDVersion {
		return customID{}, fmt.Errorf("custom_id %q: %w", s, errCustomID)
	}
	kind := parts[1]
	want, ok := customIDArgs[kind]
	if !ok {
		return customID{}, fmt.Errorf("custom_id kind %q: %w", kind, errCustomID)
	}
	args := parts[2:]
	if len(args) != len(want) {
		return customID{}, fmt.Errorf("custom_id %q: want %d arguments: %w", s, len(want), errCustomID)
	}
	for n, a := range args {
		if !validArg(want[n], a) {
			return customID{}, fmt.Errorf("custom_id %q: argument %d: %w", s, n+1, errCustomID)
		}
	}
	return customID{Kind: kind, Args: args}, nil
}

func validArg(k argKind, a string) bool {
	switch k {
	case argMinutes:
		n, ok := canonicalInt(a, 3)
		return ok && n >= clubbot.MinMinutes && n <= clubbot.MaxMinutes
	case argID:
		n, ok := canonicalInt(a, 19)
		return ok && n > 0
	case argCheckIn:
		n, ok := canonicalInt(strings.TrimPrefix(a, "-"), 19)
		return ok && n > 0
	case argPost:
		_, ok := canonicalInt(a, 19)
		return ok
	case argYesNo:
		return a == "yes" || a == "no"
	case argYN:
		return a == "y" || a == "n"
	}
	return false
}

// canonicalInt accepts only plain decimal digits with no sign or leading
// zero, so every number has exactly one custom_id spelling.
func canonicalInt(a string, maxDigits int) (int64, bool) {
	if a == "" || len(a) > maxDigits || (a[0] == '0' && len(a) > 1) {
		return 0, false
	}
	for _, r := range a {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(a, 10, 64)
	return n, err == nil
}

// String formats the custom_id.
func (c customID) String() string {
	return strings.Join(append([]string{customIDVersion, c.Kind}, c.Args...), ":")
}

// int returns argument n as a number (valid after parseCustomID; 0 otherwise).
func (c customID) int(n int) int64 {
	if n >= len(c.Args) {
		return 0
	}
	v, _ := strconv.ParseInt(c.Args[n], 10, 64)
	return v
}

// flag returns argument n as a yes/no answer.
func (c customID) flag(n int) bool {
	return n < len(c.Args) && (c.Args[n] == "yes" || c.Args[n] == "y")
}

// checkInButtonID is a daily post button recording minutes ("v1:ci:10").
func checkInButtonID(minutes int) string {
	return customID{Kind: kindCheckIn, Args: []string{strconv.Itoa(minutes)}}.String()
}

// otherButtonID is the daily post's "Other…" button.
func otherButtonID() string { return customID{Kind: kindOther}.String() }

// otherModalID is the "Other…" modal opened from daily post postID ("" when
// not from a post): "v1:mo:1234567890" or "v1:mo:0".
func otherModalID(postID string) string {
	if postID == "" {
		postID = "0"
	}
	return customID{Kind: kindModal, Args: []string{postID}}.String()
}

// post is a modal's daily post message id; "" when none.
func (c customID) post() string {
	if len(c.Args) == 0 || c.Args[0] == "0" {
		return ""
	}
	return c.Args[0]
}

// undoButtonID undoes check-in id (only its owner's click counts).
func undoButtonID(checkInID int64) string {
	return customID{Kind: kindUndo, Args: []string{strconv.FormatInt(checkInID, 10)}}.String()
}

// deleteButtonID confirms or cancels /me-data delete.
func deleteButtonID(confirm bool) string {
	a := "no"
	if confirm {
		a = "yes"
	}
	return customID{Kind: kindDelete, Args: []string{a}}.String()
}

// feedbackButtonID rates the answer to question id.
func feedbackButtonID(questionID int64, helpful bool) string {
	a := "n"
	if helpful {
		a = "y"
	}
	return customID{Kind: kindFeedback, Args: []string{strconv.FormatInt(questionID, 10), a}}.String()
}

// joinButtonID joins challenge id.
func joinButtonID(challengeID int64) string {
	return customID{Kind: kindJoin, Args: []string{strconv.FormatInt(challengeID, 10)}}.String()
}
