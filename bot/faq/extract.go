package faq

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// extractive answers from the documents alone. It leads with the sentence
// that answers the question, then at most followSentences sentences that
// follow it in the same passage and add question words (SPEC 5). A sentence
// from another passage is never spliced in: out of its passage it has no
// context ("Some even come with heat functions" after "no heat features").
func (e *Engine) extractive(ix *index, q *query, p *passage) Answer {
	var text string
	if p.entry {
		// A club's entry is already an answer, written for members.
		text = clip(p.body, answerBudget)
	} else {
		text = strings.Join(bestSentences(ix, q, p, answerBudget), " ")
	}
	ans := Answer{
		Answered: true,
		Text:     text,
		Sources:  []Source{{Title: p.title, Excerpt: clip(text, excerptRunes)}},
		Mode:     Extractive,
		Entry:    p.entry,
	}
	if !p.entry || p.health {
		ans.Text += "\n\n" + Disclaimer
	}
	return ans
}

// minLeadValue: a lead worth less than this stands out from no other
// sentence (the question's words are everywhere).
const minLeadValue = 0.5

// followSentences is how many sentences after the lead may be added.
const followSentences = 2

// bestSentences returns the sentence of p that answers q best and up to
// followSentences sentences after it that add question words, within budget
// runes. A numbered list asked about as a whole ("tips for happy feet")
// answers with its items' first sentences. The result is a new slice: the
// index's passages are shared by every answer and never written to.
func bestSentences(ix *index, q *query, p *passage, budget int) []string {
	n := len(p.sentences)
	if n == 0 || budget <= 0 {
		return nil
	}
	if len(p.listLeads) > 0 && aboutWholeList(ix, q, p) {
		if leads := fitting(p.listLeads, budget); len(leads) >= 3 {
			return append([]string(nil), leads...)
		}
	}
	lead, val := bestLead(ix, q, p)
	// A Q&A pair asking the member's question, none of whose sentences
	// stands out ("when should I use a foot massager?"), answers from
	// its start, as its writer answered it.
	fromStart := val < minLeadValue && sameQuestion(q, p)
	if fromStart {
		lead = 0
	}
	if i, ok := firstOfAnswerType(q, p); ok && p.question && sameQuestion(q, p) {
		// The pair was written for the member's question, so every
		// sentence is about it: the first that gives what was asked (a
		// benefit for why, an amount for how long, advice for should)
		// leads, past the writer's warm-up ("Oh, believe me...").
		lead, fromStart = i, true
	}
	if lead > 0 && exclaims(p.sentences[lead]) && newWords(ix, q, p.sentStems[lead-1], map[string]bool{}) > 0 {
		// A short exclamation ("Oh, the dreaded heel pain in the
		// morning!") reacts to the sentence before it, which says what
		// it is about: that one leads.
		lead--
	}
	if utf8.RuneCountInString(p.sentences[lead]) > budget {
		return []string{clip(p.sentences[lead], budget)}
	}
	out := []string{p.sentences[lead]}
	used := utf8.RuneCountInString(p.sentences[lead])
	seen := map[string]bool{}
	windowGain(ix, q, p.sentStems[lead], seen)
	for i := lead + 1; i < n && i <= lead+followSentences; i++ {
		l := utf8.RuneCountInString(p.sentences[i]) + 1
		// After a lead that tells a story or talks about the text, or
		// opens its section ("The world of recovery tech is constantly
		// evolving..."), the next sentence comes too: it is where the
		// answer goes on.
		opens := lead == 0 && !p.item && !p.row
		if used+l > budget || !follows(ix, q, p, i, seen, i == lead+1) && !(i == lead+1 && (p.says(lead, tellsAStory) || fromStart || opens)) {
			break
		}
		windowGain(ix, q, p.sentStems[i], seen)
		out = append(out, p.sentences[i])
		used += l
	}
	return out
}

// follows reports whether sentence i adds to the answer: it brings question
// words the answer lacks, gives an example ("For example, I often
// combine..."), or answered members' questions in words this one uses too
// (asked.go: "why would a runner even bother" goes on past "Giving them
// some love... a strategic move" to what a massager does); or, right
// after the lead, it is about the question too (has its words), refers
// back to the lead ("They're usually more affordable...") or the lead is
// too short to stand alone.
func follows(ix *index, q *query, p *passage, i int, seen map[string]bool, next bool) bool {
	if newWords(ix, q, p.sentStems[i], seen) > 0 || p.says(i, opensWithExample) || ix.learned.sentence(q, p, i) > 0 {
		return true
	}
	return next && (windowGain(ix, q, p.sentStems[i], map[string]bool{}) > 0 || p.says(i, goesOn) ||
		utf8.RuneCountInString(p.sentences[i-1]) < shortLead)
}

// refersBack are the first words of a sentence that continues the one before.
var refersBack = map[string]bool{"it": true, "it's": true, "its": true, "they": true, "they're": true,
	"this": true, "these": true, "that": true, "those": true, "that's": true, "so": true,
	"plus": true, "also": true, "but": true, "however": true}

// shortLead: a lead shorter than this ("Oh, the dreaded heel pain in the
// morning!") says too little alone, so the sentence after it comes too.
const shortLead = 80

// bestLead is the sentence of p that best leads an answer to q, and its
// value. A question asking how long, many or much leads with a sentence
// giving an amount, or one the amount follows ("After a long run, that's
// when I settle in..." then "I'll typically go for 15-20 minutes"), when the
// passage has one.
func bestLead(ix *index, q *query, p *passage) (int, float64) {
	amounts := q.quantity && !q.often && p.anySays(givesAmount)
	lead, best := 0, -1.0
	for i := range p.sentences {
		if amounts && !p.says(i, givesAmount) && !amountFollows(ix, q, p, i) {
			continue
		}
		if s := leadValue(ix, q, p, i); s > best+1e-9 {
			lead, best = i, s
		}
	}
	if next := lead + 1; next < len(p.sentences) && (!amounts || p.says(next, givesAmount)) &&
		leadScore(ix, q, p, next) > leadScore(ix, q, p, lead)+1e-9 {
		// The lead won on what the sentence after it says, which says
		// more itself: that one leads.
		lead, best = next, leadValue(ix, q, p, next)
	}
	if lead != 0 || len(p.sentences) < 2 || p.item || defines(q, p.sentences[0]) {
		return lead, best
	}
	// A passage's intro restates its heading; it leads only when no later
	// sentence brings a question word it lacks ("a higher price tag" for
	// "are smart massagers pricey?" under "Smart Massagers").
	seen := map[string]bool{}
	windowGain(ix, q, p.sentStems[0], seen)
	later, laterVal := -1, 0.0
	for i := 1; i < len(p.sentences); i++ {
		if amounts && !p.says(i, givesAmount) && !amountFollows(ix, q, p, i) {
			continue
		}
		if newWords(ix, q, p.sentStems[i], seen) < minIntroGain {
			continue
		}
		if v := leadValue(ix, q, p, i); later < 0 || v > laterVal+1e-9 {
			later, laterVal = i, v
		}
	}
	if later > 0 {
		return later, laterVal
	}
	return lead, best
}

// firstOfAnswerType is the first sentence of p that gives the kind of
// answer q asks for, when q asks one.
func firstOfAnswerType(q *query, p *passage) (int, bool) {
	for i := range p.sentences {
		switch {
		case q.why && (p.says(i, saysEffect) || p.says(i, givesACause)),
			q.often && p.says(i, givesOften),
			q.quantity && !q.often && p.says(i, givesAmount),
			q.choice && p.says(i, givesCriteriaOf),
			q.advice && p.says(i, givesAdvice):
			return i, true
		}
	}
	return 0, false
}

// defines: the sentence opens by saying what a thing the question names is
// ("Foot fatigue isn't just a generic soreness; it's a complex response..."),
// which answers what, why and what-causes questions about it.
func defines(q *query, s string) bool {
	ws := words(s)
	for i := 1; i < len(ws) && i < 4; i++ {
		if !copulas[ws[i]] {
			continue
		}
		for _, x := range ws[:i] {
			for _, w := range q.content {
				if stemWord(x) == w.stem || slices.Contains(w.alts, stemWord(x)) {
					return true
				}
			}
		}
	}
	return false
}

// copulas say what something is.
var copulas = map[string]bool{"is": true, "are": true, "isn't": true, "aren't": true, "means": true}

// minIntroGain is how much (in idf) a later sentence must add to the
// intro's question words to lead instead of it.
const minIntroGain = 1.0

// amountFollows: the sentence after i gives an amount and would follow i.
func amountFollows(ix *index, q *query, p *passage, i int) bool {
	if i+1 >= len(p.sentences) || !p.says(i+1, givesAmount) {
		return false
	}
	seen := map[string]bool{}
	windowGain(ix, q, p.sentStems[i], seen)
	return follows(ix, q, p, i+1, seen, true)
}

// aboutWholeList: the question names the list's heading ("tips for happy
// feet") and no single item says more about it than the heading does: the
// question words an item adds weigh less than those the heading covers.
func aboutWholeList(ix *index, q *query, p *passage) bool {
	if titleShare(q, p) < 0.5 {
		return false
	}
	title := map[string]bool{}
	byTitle := windowGain(ix, q, p.titleHas, title)
	for i := range p.sentences {
		if newWords(ix, q, p.sentStems[i], title) >= byTitle {
			return false
		}
	}
	return true
}

func copyKeys(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// fitting returns the first of ss that fit in budget runes together.
func fitting(ss []string, budget int) []string {
	used := 0
	for i, s := range ss {
		used += utf8.RuneCountInString(s) + 1
		if used > budget {
			return ss[:i]
		}
	}
	return ss
}

// leadValue is what leading with sentence i gives the member: its own
// score and, at followShare, the question words the sentence after it adds
// when it would follow ("After a run, especially a long run, that's when I
// settle in..." then "I'll typically go for 15-20 minutes").
func leadValue(ix *index, q *query, p *passage, i int) float64 {
	v := leadScore(ix, q, p, i)
	if i+1 < len(p.sentences) {
		seen := map[string]bool{}
		windowGain(ix, q, p.sentStems[i], seen)
		if follows(ix, q, p, i+1, seen, true) {
			add := newWords(ix, q, p.sentStems[i+1], seen)
			if q.quantity && p.says(i+1, givesAmount) && !p.says(i, givesAmount) {
				add += quantityBonus
			}
			v += followShare * add
		}
	}
	return v
}

// followShare is how much the sentence after a lead counts for it.
const followShare = 0.5

// leadScore is how well sentence i of p answers q on its own: the question's
// words it has (idf-weighted, synonyms' words lower), a bonus when a question
// asking how long, often or much meets a quantity, and a penalty when it
// speaks of the opposite time ("before a run" for "after a run").
func leadScore(ix *index, q *query, p *passage, i int) float64 {
	has := p.sentStems[i]
	score := windowGain(ix, q, has, map[string]bool{})
	for pair := range q.pairs {
		if p.sentPairs[i][pair] {
			score += pairShare * max(ix.idf(pair[0]), ix.idf(pair[1]))
		}
	}
	if score > 0 {
		// Words members used for this sentence (asked.go) count when
		// it has one of the question's own: they tell apart sentences
		// that are about the question, and find none that is not.
		score += learnedSentenceWeight * ix.learned.sentence(q, p, i)
	}
	if q.effect && p.says(i, saysEffect) && score > 0 {
		score += effectBonus
	}
	if q.rate && p.says(i, givesRate) && score > 0 {
		score += rateBonus
	}
	if q.choice && p.says(i, givesCriteriaOf) {
		score += criteriaBonus
	}
	if q.compare && p.says(i, comparesThings) && score > 0 {
		score += criteriaBonus
		if q.compared != "" && has[q.compared] {
			// It compares the very quality asked about.
			score += criteriaBonus
		}
	}
	if q.why && p.says(i, givesACause) && score > 0 {
		score += effectBonus
	}
	if q.advice && p.says(i, givesAdvice) && score > 0 {
		score += effectBonus
	}
	if q.how && p.says(i, saysHow) && score > 0 {
		score += effectBonus
	}
	if q.where && p.says(i, namesAPlace) {
		score += quantityBonus
	}
	if q.quantity && (p.says(i, givesAmount) || q.often && p.says(i, givesOften)) {
		score += quantityBonus
	}
	for side := range q.when {
		this, other := hasSide(has, side), hasSide(has, 1-side) && !q.when[1-side]
		switch {
		case this && !other:
			score += whenWeight
		case other && !this:
			score -= whenWeight
		}
	}
	if p.says(i, pointsBackTo) {
		score *= 1 - anaphoraDiscount
	}
	if p.says(i, voices) {
		// A story, an exclamation ("Oh, the dreaded heel pain in the
		// morning!") or the writer's own question ("Plus, those common
		// runner's woes...?") voices the question more than it answers it.
		score *= 1 - storyDiscount
	}
	// Of two sentences with the same question words the shorter is more
	// about them; the discount is mild so that it only breaks near-ties.
	return score * (1 - lengthDiscount*min(1, float64(len(has))/longSentence))
}

// tellsStory: the sentence tells the writer's story ("When I first started
// serious running, I used to...", "The moment I kick off my shoes...") or
// talks about the text itself ("Okay, so we've talked about..."): the
// answer is in the sentences around it, so it makes a poor lead.
func tellsStory(sentence []string) bool {
	ws := " " + strings.Join(sentence, " ") + " "
	for _, m := range storyMarkers {
		if strings.Contains(ws, " "+m+" ") {
			return true
		}
	}
	return false
}

// storyMarkers are the words of storytelling and of talk about the text.
var storyMarkers = []string{
	"used to", "when i first", "would often", "it wasn't until", "i remember", "back when", "back then",
	"years ago", "the moment i", "i was", "i'd always", "i never used",
	"we've talked", "let's", "okay so", "ready to", "you might be wondering", "trust me",
	"my advice comes", "i know the feeling", "the hard way", "i realized", "i realised",
}

// effectWords (stems) say what a thing does to the body: the answer to
// "does it help", "what does it do", "why does it work".
var effectWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("helps reduces reduce improves improve boosts increases increase aids flushes " +
		"releases relieves breaks promotes prevents enhances loosens eases soothes stimulates encourages pushing " +
		"repair strengthens lowers speeds") {
		m[stemWord(w)] = true
	}
	return m
}()

// exclaims: a short exclamation ("Oh, the dreaded heel pain in the
// morning!", "It's pure bliss!") voices a feeling, not a fact.
func exclaims(s string) bool {
	return strings.HasSuffix(strings.TrimSpace(s), "!") && utf8.RuneCountInString(s) < shortLead
}

// pointsBack: the sentence names its subject as already known ("reduce the
// risk of these common runner's woes") without saying what it is ("those
// woes like plantar fasciitis" does): the sentence before it holds the
// answer, so it makes a poor lead.
func pointsBack(ws []string) bool {
	for i, w := range ws {
		if w != "these" && w != "those" {
			continue
		}
		named := false
		for _, x := range ws[i+1 : min(len(ws), i+6)] {
			named = named || x == "like" || x == "including" || x == "such"
		}
		if !named {
			return true
		}
	}
	return false
}

// Weights of leadScore, in idf units (a rare word is worth about 3), and
// its length discount: up to lengthDiscount for a sentence of longSentence
// distinct words or more.
const (
	quantityBonus    = 1.5
	pairShare        = 0.5
	effectBonus      = 0.75
	rateBonus        = 1.0
	criteriaBonus    = 1.0
	whenWeight       = 1.0
	lengthDiscount   = 0.15
	longSentence     = 40
	anaphoraDiscount = 0.25
	storyDiscount    = 0.3
)

// timeSide sorts (by stem) the time words a question can ask about into
// two sides, before (0) and after (1): a sentence about the other side
// answers a different question ("before a run" for "after a run").
var timeSide = func() map[string]int {
	m := map[string]int{}
	for _, w := range []string{"before", "pre", "prior"} {
		m[stemWord(w)] = 0
	}
	for _, w := range []string{"after", "post"} {
		m[stemWord(w)] = 1
	}
	return m
}()

// hasSide reports whether stems has a time word of side.
func hasSide(has map[string]bool, side int) bool {
	for w, s := range timeSide {
		if s == side && has[w] {
			return true
		}
	}
	return false
}

// windowGain is what one more sentence adds to a run: the question's words
// (and, apart, their synonyms' words) not seen in the run yet at full weight.
// It records what it counted in seen.
func windowGain(ix *index, q *query, has map[string]bool, seen map[string]bool) float64 {
	gain := 0.0
	for _, w := range q.content {
		if has[w.stem] {
			if !seen[w.stem] {
				seen[w.stem] = true
				gain += ix.idf(w.stem)
			}
			continue
		}
		for _, a := range w.alts {
			if has[a] {
				if !seen["~"+a] {
					seen["~"+a] = true
					gain += min(q.terms[a], phraseWeight) * ix.idf(a)
				}
				break
			}
		}
	}
	return gain
}

// newWords is what a sentence would add to seen, without recording it.
func newWords(ix *index, q *query, has map[string]bool, seen map[string]bool) float64 {
	return windowGain(ix, q, has, copyKeys(seen))
}
