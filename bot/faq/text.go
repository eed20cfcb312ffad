package faq

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// maxQuestionRunes bounds the work one question can cause; Discord's own
// option limit is lower, so only the CLI or a fuzzer reaches it.
const maxQuestionRunes = 600

// token is one word of a text: its lowercased form and its stem.
type token struct {
	word string // lowercased, curly quotes straightened
	stem string
	// possessive: the word was written with "'s" ("athlete's"), which
	// tokenize drops.
	possessive bool
}

// irregular holds plurals the Porter stemmer leaves alone but the documents
// and members use interchangeably.
var irregular = map[string]string{"feet": "foot", "calves": "calf", "toenails": "toenail",
	// A massager's setting is a noun of its own, not the verb in "set up"
	// or "set aside time".
	"setting": "setting", "settings": "setting",
	// Football is not the foot.
	"footy": "footy", "footie": "footy"}

// stemWord stems one lowercased word.
func stemWord(w string) string {
	if s, ok := irregular[w]; ok {
		return s
	}
	if !isPlainWord(w) {
		return w
	}
	// Comparatives of -y adjectives stem with them: "messier", "messy".
	if base, ok := strings.CutSuffix(w, "ier"); ok && len(base) >= 3 {
		w = base + "y"
	}
	return truncateStem(pluralStem(english.Stem(w, true)))
}

// pluralStem drops the plural "s" the Porter stemmer keeps when a vowel
// stands right before it and nowhere earlier ("spas", "pros"): such a
// word is a plural as often as any other.
func pluralStem(stem string) string {
	if len(stem) >= 4 && strings.HasSuffix(stem, "s") && !strings.HasSuffix(stem, "ss") &&
		!strings.HasSuffix(stem, "us") && !strings.HasSuffix(stem, "is") && strings.ContainsAny(stem[len(stem)-2:len(stem)-1], "aeiouy") {
		return stem[:len(stem)-1]
	}
	return stem
}

// isPlainWord reports whether w is something the stemmer is built for
// (letters only); numbers and mixed tokens are kept as they are.
func isPlainWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// truncateStem merges the "-y" forms the Porter stemmer keeps apart from
// their base ("healthy" stems to healthi, "health" to health) by dropping a
// final "i" from longer stems.
func truncateStem(stem string) string {
	if len(stem) >= 5 && strings.HasSuffix(stem, "i") {
		// Stemmed again, the base meets its verb: "recovery" and
		// "recover" are both "recov".
		return english.Stem(stem[:len(stem)-1], true)
	}
	return stem
}

// normalizeText straightens typographic quotes and dashes so the tokenizer
// and the red-flag rules see one spelling.
var normalizer = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`,
	"\u2013", "-", "\u2014", "-", "\u00a0", " ")

func normalizeText(s string) string { return normalizer.Replace(s) }

// words splits text into lowercased words: runs of letters and digits, with
// an apostrophe kept inside a word ("don't") so negations survive.
func words(text string) []string {
	text = strings.ToLower(normalizeText(text))
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.Trim(text[start:end], "'")
			if w != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '\'' && start >= 0) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// tokenize turns text into tokens for indexing and search: possessive 's is
// dropped and other contractions (function words) are left out.
func tokenize(text string) []token { return tokensOf(words(text)) }

// tokensOf is tokenize of text already split into words.
func tokensOf(ws []string) []token {
	out := make([]token, 0, len(ws))
	for _, w := range ws {
		base := strings.TrimSuffix(w, "'s")
		if strings.ContainsRune(base, '\'') {
			continue
		}
		out = append(out, token{word: base, stem: stemWord(base), possessive: base != w})
	}
	return out
}

// isStop reports a word that never carries meaning for search.
func isStop(w string) bool { return len(w) < 2 && !isDigits(w) || english.IsStopWord(w) }

// wordAfter is the word after ts[i], "" at the end.
func wordAfter(ts []token, i int) string {
	if i+1 < len(ts) {
		return ts[i+1].word
	}
	return ""
}

func isDigits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// sentenceEnd finds the places where one sentence ends and the next begins.
var sentenceEnd = regexp.MustCompile(`([.!?]+)["')\]\x{201d}\x{2019}]?\s+`)

var abbreviations = map[string]bool{"vs": true, "e.g": true, "i.e": true, "etc": true, "dr": true, "mr": true, "mrs": true, "ms": true, "st": true, "approx": true}

// sentences splits a passage body into sentences.
func sentences(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		start := 0
		for _, m := range sentenceEnd.FindAllStringIndex(line, -1) {
			end := m[1]
			if end >= len(line) {
				break
			}
			next, _ := utf8.DecodeRuneInString(line[end:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '\'' || next == '\u201c') {
				continue
			}
			prev := lastWord(line[start:m[0]])
			if abbreviations[strings.ToLower(prev)] || isDigits(strings.TrimSpace(line[start:m[0]])) {
				continue // "vs. Manual", or a list number: "4. Consider..."
			}
			if s := strings.TrimSpace(line[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
		}
		if s := strings.TrimSpace(line[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func lastWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, " \t("); i >= 0 {
		return s[i+1:]
	}
	return s
}

// mentionPattern matches Discord user, member and role mentions.
var mentionPattern = regexp.MustCompile(`<@[!&]?\d*>?`)
var massMention = regexp.MustCompile(`(?i)@+(everyone|here)`)

// noPings neutralises anything Discord would turn into a ping, so an answer
// quoting a document, an entry or a model can never notify anyone, even if a
// caller forgot allowed mentions.
func noPings(s string) string {
	s = mentionPattern.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "<@&") {
			return "a role"
		}
		return "a member"
	})
	return massMention.ReplaceAllString(s, "$1")
}

// clip cuts s to at most n runes at a word boundary, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// amountWords state an amount in words ("five minutes", "a few").
var amountWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "fifteen": true, "twenty": true, "thirty": true,
	"few": true, "couple": true, "hundreds": true, "thousands": true, "millions": true, "dozens": true,
	"several": true, "half": true, "double": true, "triple": true}

// A duration adjective before a duration noun states a length without a
// number: "short periods", "a brief session", "long spells".
var (
	durationAdjectives = map[string]bool{"short": true, "brief": true, "long": true, "quick": true}
	durationNouns      = map[string]bool{"period": true, "periods": true, "spell": true, "spells": true, "while": true,
		"session": true, "sessions": true, "stints": true, "stint": true, "bursts": true}
)

// oftenWords state how often ("every single day", "twice a week").
var oftenWords = map[string]bool{"once": true, "twice": true, "daily": true, "every": true, "weekly": true,
	"nightly": true, "regularly": true, "regular": true}

// isAmount reports a word that states an amount: a number or an amount word.
func isAmount(w string) bool { return amountWords[w] || startsWithDigit(w) }

// startsWithDigit: a number, alone or with its unit ("40", "10k", "1hr").
func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// healthWords are stems that make a club entry about health, so that it
// carries the "not medical advice" line; meeting times and the like do not.
var healthWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("pain painful sore soreness ache aching hurt injury injured massage massager " +
		"stretch stretching foot feet heel arch toe toes ankle calf calves achilles blister swelling swollen " +
		"numb tingling doctor physio podiatrist medical medicine treatment treat recovery heal healing " +
		"fracture sprain tendon tendonitis fasciitis plantar shin muscle muscles knee hip back") {
		m[stemWord(w)] = true
	}
	return m
}()
