package sandbox

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a script line, so a pasted novel or a typo cannot stall the sandbox.
const (
	maxLineBytes = 4000
	maxAdvance   = 366 * 24 * time.Hour
	maxNameRunes = 32
)

// Kind is what a script line asks for.
type Kind int

// The kinds of script line.
const (
	Blank   Kind = iota // empty or a # comment
	Help                // help
	Show                // show: the channel's messages
	Members             // members: who exists, who is an admin
	Admin               // admin NAME: NAME gets Manage Server
	Command             // as NAME /command [sub ...] option:value ...
	Menu                // as NAME streak-of TARGET: the "Foot-care streak" user command
	Click               // click NAME LABEL
	Submit              // submit NAME field:value ...
	Advance             // advance 1d12h
	Quit                // quit / exit
)

// Option is one name:value pair as typed; the value is converted to the
// command's option type later, when the command table is known.
type Option struct {
	Name  string
	Value string
}

// Line is one parsed script line.
type Line struct {
	Kind    Kind
	Member  string        // who acts (Admin: who becomes an admin)
	Command string        // Command: the slash command without "/"
	Sub     []string      // Command: subcommand group and/or subcommand
	Options []Option      // Command options; Submit fields
	Target  string        // Menu: the member whose streak is asked for
	Label   string        // Click: the button's label
	Advance time.Duration // Advance: how far to move the bot's clock
}

// ParseLine reads one script line. It never panics; every malformed line is a
// one-line error saying what was expected.
func ParseLine(s string) (Line, error) {
	if len(s) > maxLineBytes {
		return Line{}, fmt.Errorf("line is longer than %d bytes", maxLineBytes)
	}
	if !utf8.ValidString(s) {
		return Line{}, errors.New("line is not valid UTF-8")
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "#") {
		return Line{Kind: Blank}, nil
	}
	verb, rest := cutWord(s)
	switch strings.ToLower(verb) {
	case "help", "?":
		return Line{Kind: Help}, nil
	case "show":
		return Line{Kind: Show}, nil
	case "members":
		return Line{Kind: Members}, nil
	case "quit", "exit":
		return Line{Kind: Quit}, nil
	case "admin":
		name, extra := cutWord(rest)
		if err := checkName(name); err != nil {
			return Line{}, fmt.Errorf("admin NAME: %w", err)
		}
		if extra != "" {
			return Line{}, fmt.Errorf("admin takes one name, got %q after it", extra)
		}
		return Line{Kind: Admin, Member: name}, nil
	case "advance":
		d, err := ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return Line{}, err
		}
		return Line{Kind: Advance, Advance: d}, nil
	case "click":
		name, label := cutWord(rest)
		if err := checkName(name); err != nil {
			return Line{}, fmt.Errorf("click NAME LABEL: %w", err)
		}
		label = unquote(strings.TrimSpace(label))
		if label == "" {
			return Line{}, errors.New(`click NAME LABEL: which button? e.g. click ann 10 min`)
		}
		return Line{Kind: Click, Member: name, Label: label}, nil
	case "submit":
		name, fields := cutWord(rest)
		if err := checkName(name); err != nil {
			return Line{}, fmt.Errorf("submit NAME field:value ...: %w", err)
		}
		words, err := splitWords(fields)
		if err != nil {
			return Line{}, err
		}
		opts, err := options(words)
		if err != nil {
			return Line{}, err
		}
		return Line{Kind: Submit, Member: name, Options: opts}, nil
	case "as":
		return parseAs(rest)
	}
	return Line{}, fmt.Errorf("unknown line %q: type help for the commands", verb)
}

func parseAs(rest string) (Line, error) {
	name, rest := cutWord(rest)
	if err := checkName(name); err != nil {
		return Line{}, fmt.Errorf("as NAME /command ...: %w", err)
	}
	words, err := splitWords(rest)
	if err != nil {
		return Line{}, err
	}
	if len(words) == 0 {
		return Line{}, fmt.Errorf("as %s: what does %s do? e.g. as %s /checkin minutes:15", name, name, name)
	}
	if strings.EqualFold(words[0].text, "streak-of") {
		if len(words) != 2 || words[1].hasColon {
			return Line{}, errors.New("as NAME streak-of MEMBER: one member name")
		}
		target := strings.TrimPrefix(words[1].text, "@")
		if err := checkName(target); err != nil {
			return Line{}, fmt.Errorf("streak-of MEMBER: %w", err)
		}
		return Line{Kind: Menu, Member: name, Target: target}, nil
	}
	cmd, ok := strings.CutPrefix(words[0].text, "/")
	if !ok || cmd == "" || words[0].quoted {
		return Line{}, fmt.Errorf("as %s: expected a /command or streak-of, got %q", name, words[0].text)
	}
	l := Line{Kind: Command, Member: name, Command: strings.ToLower(cmd)}
	i := 1
	for ; i < len(words) && !words[i].hasColon; i++ {
		if words[i].quoted {
			return Line{}, fmt.Errorf("/%s: %q is a value without an option name (write name:value)", cmd, words[i].text)
		}
		l.Sub = append(l.Sub, strings.ToLower(words[i].text))
	}
	if len(l.Sub) > 2 {
		return Line{}, fmt.Errorf("/%s: too many subcommands %v (options are written name:value)", cmd, l.Sub)
	}
	l.Options, err = options(words[i:])
	if err != nil {
		return Line{}, fmt.Errorf("/%s: %w", cmd, err)
	}
	return l, nil
}

// word is one whitespace-separated token; "name:value" tokens keep their
// value unquoted in text after the colon.
type word struct {
	text     string
	hasColon bool // written as name:value
	quoted   bool // the value (or the whole word) was in quotes
}

// splitWords splits s at spaces, honouring double quotes (with \" and \\
// escapes) around a whole word or around the value of name:"value".
func splitWords(s string) ([]word, error) {
	var out []word
	rs := []rune(s)
	i := 0
	for {
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			return out, nil
		}
		var b strings.Builder
		w := word{}
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			r := rs[i]
			switch {
			case r == ':' && !w.hasColon:
				w.hasColon = true
				b.WriteRune(r)
				i++
			case r == '"':
				w.quoted = true
				i++
				closed := false
				for i < len(rs) {
					if rs[i] == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\') {
						b.WriteRune(rs[i+1])
						i += 2
						continue
					}
					if rs[i] == '"' {
						closed = true
						i++
						break
					}
					b.WriteRune(rs[i])
					i++
				}
				if !closed {
					return nil, errors.New(`a quote is not closed (write option:"two words")`)
				}
			default:
				b.WriteRune(r)
				i++
			}
		}
		w.text = b.String()
		out = append(out, w)
	}
}

func options(words []word) ([]Option, error) {
	var opts []Option
	seen := map[string]bool{}
	for _, w := range words {
		if !w.hasColon {
			return nil, fmt.Errorf("%q is not name:value (quote values with spaces: note:\"sore heel\")", w.text)
		}
		name, value, _ := strings.Cut(w.text, ":")
		name = strings.ToLower(name)
		if name == "" {
			return nil, fmt.Errorf("%q has no option name before the colon", w.text)
		}
		if seen[name] {
			return nil, fmt.Errorf("option %s given twice", name)
		}
		seen[name] = true
		opts = append(opts, Option{Name: name, Value: value})
	}
	return opts, nil
}

// ParseDuration reads "1d", "3h", "30m", "1d12h" or anything time.ParseDuration
// takes, positive and at most a year.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("advance how long? e.g. advance 1d, advance 3h, advance 30m")
	}
	var total time.Duration
	rest := s
	if days, after, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 366 {
			return 0, fmt.Errorf("advance %q: days must be a whole number 0-366, e.g. advance 1d", s)
		}
		total = time.Duration(n) * 24 * time.Hour
		rest = after
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("advance %q: write 1d, 3h, 30m or 1d12h", s)
		}
		if d < 0 || d > maxAdvance {
			return 0, fmt.Errorf("advance %q: must be between 1m and 366d", s)
		}
		total += d
	}
	if total < time.Minute || total > maxAdvance {
		return 0, fmt.Errorf("advance %q: must be between 1m and 366d", s)
	}
	return total, nil
}

// checkName keeps member names short and printable; they become usernames.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("missing member name")
	case utf8.RuneCountInString(name) > maxNameRunes:
		return fmt.Errorf("member name longer than %d characters", maxNameRunes)
	case strings.ContainsAny(name, `:/"#@`):
		return fmt.Errorf("member name %q may not contain : / \" # or @", name)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return fmt.Errorf("member name %q has a space or control character", name)
		}
	}
	return nil
}

// cutWord splits off the first space-separated word.
func cutWord(s string) (first, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// unquote strips one pair of surrounding double quotes, so a button label
// can be typed either way ("10 min" or 10 min).
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
