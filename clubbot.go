// Package clubbot holds clubbot's domain: the types every part shares and the
// rules that decide days, streaks, challenge progress and ranking.
//
// Nothing here knows about Discord or SQL. The store persists these types, the
// bot renders them, and the rules are plain functions tested by table tests.
package clubbot

import "errors"

// Errors the store and the bot share. Callers test them with errors.Is.
var (
	// ErrNotFound: the thing asked for does not exist (or is not the caller's).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the change clashes with what is stored (a duplicate name, say).
	ErrConflict = errors.New("conflict")
	// ErrInvalid: the input breaks a rule (minutes out of range, a day too old).
	ErrInvalid = errors.New("invalid input")
)
