package faq

import (
	"regexp"
	"strings"
)

// partStart is where a question's second part begins: after a question mark
// with more text, or at "and"/"also"/"or"/"plus" followed by a question word
// ("How long after a run, and how many miles should shoes last?").
var partStart = regexp.MustCompile(`(?i)\?\s+|[,;]?\s+(?:and|also|or|plus|but)\s+(?:also\s+)?(?:how|what|what's|which|when|where|why|should|can|could|do|does|is|are|will|would)\b`)

// questionParts splits a two-part question into its parts; a question of
// one part, or parts without words of their own, come back whole.
func questionParts(text string) []string {
	var parts []string
	var asked []bool // the part follows a question mark: a question of its own
	start, afterMark := 0, false
	for _, m := range partStart.FindAllStringIndex(text, -1) {
		cut := m[0]
		if text[cut] == '?' {
			cut++
		}
		parts, asked = append(parts, text[start:cut]), append(asked, afterMark)
		afterMark = text[m[0]] == '?'
		if afterMark {
			start = m[1]
		} else {
			// keep the question word: skip the conjunction only
			start = m[0] + conjunctionEnd(text[m[0]:m[1]])
		}
	}
	parts, asked = append(parts, text[start:]), append(asked, afterMark)
	var out []string
	for i, p := range parts {
		p = strings.TrimSpace(strings.Trim(strings.TrimSpace(p), ",;"))
		switch ct := contentTokens(p); {
		case len(out) > 0 && asked[i] && pointsToPart(p):
			// "Any specific ones?" asks on about the question before it.
			out[len(out)-1] += " " + p
		case len(ct) > 0:
			out = append(out, p)
		}
	}
	if len(out) < 2 {
		return []string{text}
	}
	return out
}

// pointsToPart reports a part that names its subject only by a word
// pointing back and at most one other word: "any specific ones?", "how
// long for each one?".
func pointsToPart(part string) bool {
	back, other := false, 0
	for _, w := range words(part) {
		back = back || backWords[w]
	}
	for _, t := range contentTokens(part) {
		if !backWords[t.word] {
			other++
		}
	}
	return back && other <= 1
}

// backWords point back at what the question before named.
var backWords = set("ones", "one", "it", "them", "that", "those", "these", "they")

// conjunctionEnd is where the conjunction (and its comma) ends in a match of
// partStart, so the part that follows keeps its question word.
func conjunctionEnd(m string) int {
	ws := strings.Fields(strings.TrimLeft(m, ",; "))
	lead := len(m) - len(strings.TrimLeft(m, ",; "))
	n := lead
	for _, w := range ws[:len(ws)-1] {
		n += len(w) + 1
	}
	return n
}

// contentTokens are a text's words that are not stopwords.
func contentTokens(text string) []token {
	var out []token
	for _, t := range tokenize(text) {
		if !isStop(t.word) {
			out = append(out, t)
		}
	}
	return out
}

// wordPattern matches one word as words() reads them.
var wordPattern = regexp.MustCompile(`[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*`)

// minSpellRunes: only words this long are corrected; a short word one edit
// from another is as likely a different word ("heat", "heal").
const minSpellRunes = 5

// minSwapRunes: in a shorter word only two letters swapped is a typo
// ("lnog", "waht"): a swap rarely makes another real word.
const minSwapRunes = 4

// maxSpellRunes bounds the work: no word longer than this is a typo of a
// document word worth the edits of it.
const maxSpellRunes = 20

// spell corrects words neither the index nor the lexicon knows, even by
// stem, to a known word one edit away (a letter dropped, added, changed or
// two swapped): "compresion", "diffrence". A word whose stem is known
// ("heated": heat) is left alone, or it could become another word one edit
// away ("seated"). Of several candidates the most common wins.
func (ix *index) spell(text string, lx *lexicon) string {
	return wordPattern.ReplaceAllStringFunc(text, func(w string) string {
		lw := strings.ToLower(normalizeText(w))
		if s, ok := runTogether[lw]; ok {
			return s
		}
		if c, ok := unstretched(lw, ix, lx); ok {
			return c
		}
		n := len([]rune(lw))
		if n < minSwapRunes || n > maxSpellRunes || ix.vocab[lw] > 0 || !isPlainWord(lw) || lx.knows(stemWord(lw)) || templateVocab[lw] ||
			len(ix.postings[stemWord(lw)]) > 0 {
			return w
		}
		cands := swaps(lw)
		if n >= minSpellRunes {
			cands = edits1(lw, n >= minChangeRunes)
		}
		swapped := map[string]bool{}
		for _, c := range swaps(lw) {
			swapped[c] = true
		}
		// An English word is a word, not a typo ("walking" is not
		// "waking", "heart" not "heat"), unless the notes spell it the
		// other side of the Atlantic ("defence", "defense").
		english := isEnglishWord(lw)
		best, bestN := "", 0
		for _, c := range cands {
			n := ix.vocab[c]
			if n == 0 && questionVocab[c] {
				n = 1 // a question's own words: "agian", "realy"
			}
			if n == 0 || english && !spellingVariant(lw, c) {
				continue
			}
			// A short word a letter from a document word is often
			// another real word ("stand", "sand"; "sports", "spots"):
			// only a swap, a dropped "g" ("runnin"), or a foot-care or
			// question word corrects it.
			if len([]rune(lw)) < shortTypoRunes && !swapped[c] && !questionVocab[c] && !lx.topic[stemWord(c)] && c != lw+"g" {
				continue
			}
			// A "-y" word is its own word, slang as often as not
			// ("footy" is football, not "foot").
			if lw == c+"y" {
				continue
			}
			if n > bestN {
				best, bestN = c, n
			}
		}
		if best == "" {
			return w
		}
		return best
	})
}

// shortTypoRunes: words shorter than this are corrected only to a swap or
// a known question or foot-care word.
const shortTypoRunes = 7

// minChangeRunes: a letter changed for another is only taken as a typo in
// words this long; a shorter word one letter from a document word is as
// likely another real word ("chair" is not "chain", "shoes" not "shoe's").
const minChangeRunes = 7

// runTogether are two words members write as one, which documents keep
// apart or use otherwise ("use it everyday": every day).
var runTogether = map[string]string{"everyday": "every day", "anytime": "any time", "alot": "a lot"}

// questionVocab are words of questions that documents may lack, so that
// their typos are corrected too ("agian", "actualy", "beacuse").
var questionVocab = set("again", "where", "there", "their", "because", "before", "after", "about", "would",
	"could", "should", "really", "actually", "which", "while", "every", "though", "through", "enough",
	"normal", "usually", "always", "sometimes", "properly", "anything", "something", "massage", "massager")

// templateVocab are the verbs and judgements of the question templates
// (slot.go): real words, never typos of a document's word ("store" is not
// "sore").
var templateVocab = func() map[string]bool {
	m := map[string]bool{}
	for _, ws := range []map[string]bool{slotWorks, slotUse, slotTreat, slotJudge, slotBuy, slotCare} {
		for w := range ws {
			m[w] = true
		}
	}
	return m
}()

// swaps lists the strings with two neighbouring letters of w swapped.
func swaps(w string) []string {
	r := []rune(w)
	var out []string
	for i := 0; i+1 < len(r); i++ {
		out = append(out, string(r[:i])+string(r[i+1])+string(r[i])+string(r[i+2:]))
	}
	return out
}

// edits1 lists the strings one edit from w (Norvig's speller), over the
// letters a-z; change says whether a letter may be changed for another
// (dropped, added and swapped letters always are).
func edits1(w string, change bool) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	r := []rune(w)
	var out []string
	for i := 0; i <= len(r); i++ {
		if i < len(r) {
			out = append(out, string(r[:i])+string(r[i+1:])) // deletion
		}
		if i+1 < len(r) {
			out = append(out, string(r[:i])+string(r[i+1])+string(r[i])+string(r[i+2:])) // swap
		}
		for _, c := range letters {
			if change && i < len(r) {
				out = append(out, string(r[:i])+string(c)+string(r[i+1:])) // change
			}
			out = append(out, string(r[:i])+string(c)+string(r[i:])) // insertion
		}
	}
	return out
}

// unstretched undoes a word stretched for emphasis ("sooo", "sooore",
// "pleeease"): each run of three or more of one letter becomes two, or
// one, whichever makes a word the documents, a stopword or the question
// vocabulary know. ok is false when w has no such run or neither does.
func unstretched(w string, ix *index, lx *lexicon) (string, bool) {
	two, one := squeeze(w, 2), squeeze(w, 1)
	if two == w {
		return "", false
	}
	for _, c := range []string{two, one} {
		if ix.vocab[c] > 0 || isStop(c) || questionVocab[c] || lx.knows(stemWord(c)) {
			return c, true
		}
	}
	return "", false
}

// squeeze cuts every run of three or more of one letter in w to n letters.
func squeeze(w string, n int) string {
	rs := []rune(w)
	var out []rune
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		if j-i >= 3 {
			out = append(out, rs[i:i+n]...)
		} else {
			out = append(out, rs[i:j]...)
		}
		i = j
	}
	return string(out)
}

// asks reports a part that is a question: it ends with a question mark or
// opens, within its first three words, with a question word or an
// auxiliary ("is it...", "like could it...", "any tips").
func asks(part string) bool {
	if strings.HasSuffix(strings.TrimSpace(part), "?") {
		return true
	}
	ws := words(part)
	for _, w := range ws[:min(len(ws), 3)] {
		if askWords[w] {
			return true
		}
	}
	return false
}

// askWords open a question.
var askWords = set("how", "what", "what's", "whats", "which", "when", "where", "why", "who", "should", "can", "could",
	"do", "does", "did", "is", "are", "was", "will", "would", "any", "anyone", "anything", "wat", "wot", "hw")
