package faq

import (
	"slices"
	"strings"

	"clubbot/prompts"
)

// synonymRule bridges a member's words and the documents' words: when the
// stems of from appear in order in a question (a few words apart at most),
// the stems of to are searched as well.
type synonymRule struct {
	from []string
	to   []string
}

// maxRuleGap is how many other words may stand between a rule's words
// ("before my long run" still matches "before run").
const maxRuleGap = 3

// lexicon is the engine's word knowledge, read from prompts/.
type lexicon struct {
	rules   []synonymRule
	topic   map[string]bool // stems of foot-care words
	filler  map[string]bool // stems of question words without a topic
	covered map[string]bool // body parts the documents are about (words, not stems:
	other   map[string]bool // "shoulder" stems to "should")
	// otherPhrases are "other" parts named by two words ("lower back").
	otherPhrases [][]string
}

func loadLexicon() *lexicon {
	lx := &lexicon{
		topic:   stemSet(prompts.TopicWords),
		filler:  stemSet(prompts.FillerWords),
		covered: map[string]bool{},
		other:   map[string]bool{},
	}
	for _, line := range dataLines(prompts.Synonyms) {
		from, to, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		r := synonymRule{from: stems(from), to: stems(to)}
		if len(r.from) > 0 && len(r.to) > 0 {
			lx.rules = append(lx.rules, r)
		}
	}
	for _, line := range dataLines(prompts.BodyParts) {
		kind, list, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(kind) {
		case "covered":
			for _, w := range words(list) {
				lx.covered[w] = true
			}
		case "other":
			for _, w := range words(list) {
				lx.other[w] = true
			}
		case "other phrases":
			for _, item := range strings.Split(list, ",") {
				if ws := words(item); len(ws) > 0 {
					lx.otherPhrases = append(lx.otherPhrases, ws)
				}
			}
		}
	}
	return lx
}

// dataLines returns a data file's lines without comments and blanks.
func dataLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

func stems(text string) []string {
	var out []string
	for _, t := range tokenize(text) {
		out = append(out, t.stem)
	}
	return out
}

func stemSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, line := range dataLines(text) {
		for _, s := range stems(line) {
			set[s] = true
		}
	}
	return set
}

// match finds where rule r's words occur in ts, in order, and returns the
// token positions they matched (nil when they do not occur).
func (r synonymRule) match(ts []token) [][]int {
	var out [][]int
	for i := range ts {
		if ts[i].stem != r.from[0] {
			continue
		}
		pos := []int{i}
		last := i
		for _, want := range r.from[1:] {
			found := -1
			for j := last + 1; j < len(ts) && j <= last+1+maxRuleGap; j++ {
				if ts[j].stem == want {
					found = j
					break
				}
			}
			if found < 0 {
				pos = nil
				break
			}
			pos = append(pos, found)
			last = found
		}
		if pos != nil {
			out = append(out, pos)
		}
	}
	return out
}

// knows reports a stem the lexicon has a use for: a lay word of a rule, a
// foot-care or filler word.
func (lx *lexicon) knows(stem string) bool {
	if lx.topic[stem] || lx.filler[stem] {
		return true
	}
	for _, r := range lx.rules {
		if slices.Contains(r.from, stem) {
			return true
		}
	}
	return false
}
