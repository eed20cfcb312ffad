package faq

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// index is an immutable BM25 index over a set of passages: the documents',
// plus one server's entries. A new one is built when entries change, and
// readers keep using the one they started with.
type index struct {
	passages []*passage
	postings map[string][]posting
	avgLen   float32
	topic    map[string]bool // stems that make a question on-topic
	vectors  [][]float32     // passage embeddings, aligned with passages; nil when off
	suggest  []string        // known questions, for autocomplete
	vocab    map[string]int  // every word of the passages -> how many have it, for spelling
	// shops, prices: some passage names a shop, gives a price (slot.go).
	shops, prices bool
	// units are the stems of units some passage gives an amount in
	// ("15-20 minutes"): a question asking in another ("how many miles")
	// asks what the notes do not say (askedUnit).
	units map[string]bool
	// names are the stems the passages write as names (capitalStems), so
	// a choice between names they never write is a choice they do not
	// cover (unknownName). Read on the first such choice, not at every
	// re-index: a server's entries change more often than members ask
	// "the Pro or the Mini?".
	names func() map[string]bool
	// learned is what members' asked questions taught (learn); the
	// documents come first in every index, so its passage numbers hold.
	learned learned
}

type posting struct {
	doc int
	tf  float32
}

// BM25 parameters: the usual ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.5
)

func newIndex(ps []*passage, topic map[string]bool) *index {
	ix := &index{passages: ps, postings: map[string][]posting{}, topic: topic, vocab: map[string]int{}}
	var total float32
	for i, p := range ps {
		for _, w := range p.words {
			ix.vocab[w]++
		}
		total += p.length
		for s, tf := range p.terms {
			ix.postings[s] = append(ix.postings[s], posting{doc: i, tf: tf})
		}
	}
	if len(ps) > 0 {
		ix.avgLen = total / float32(len(ps))
	}
	ix.suggest = suggestions(ps, topic)
	ix.shops, ix.prices = commerceCovered(ps)
	ix.units = amountUnits(ps)
	ix.names = sync.OnceValue(func() map[string]bool {
		names := map[string]bool{}
		for _, p := range ps {
			maps.Copy(names, capitalStems(p.title, true))
			maps.Copy(names, capitalStems(p.body, false))
		}
		return names
	})
	return ix
}

// idf is BM25's inverse document frequency; a word no passage has gets the
// highest value, which is what makes it weigh in the coverage signal.
func (ix *index) idf(stem string) float64 { return ix.idfOf(len(ix.postings[stem])) }

func (ix *index) idfOf(df int) float64 {
	n := float64(len(ix.passages))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// hit is a ranked passage.
type hit struct {
	doc   int
	score float64
}

// search ranks passages for q by BM25 over its terms (its own words at full
// weight, synonym expansions lower), plus the words members' questions
// taught (asked.go); byWords is the ranking by the documents' words alone,
// on which whether the notes cover q is judged. Raw text never reaches a
// query parser, so no input can be a syntax error.
func (ix *index) search(q *query) (ranked, byWords []hit) {
	if len(ix.passages) == 0 {
		return nil, nil
	}
	words := make([]float64, len(ix.passages))
	for stem, w := range q.terms {
		ps := ix.postings[stem]
		if len(ps) == 0 {
			continue
		}
		idf := ix.idf(stem) * w
		for _, p := range ps {
			l := float64(ix.passages[p.doc].length / ix.avgLen)
			tf := float64(p.tf)
			words[p.doc] += idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*l))
		}
	}
	taught := slices.Clone(words)
	for stem := range q.terms {
		for _, p := range ix.learned.postings[stem] {
			taught[p.doc] += learnedPassageWeight * ix.learned.weight(q, stem, p.tf)
		}
	}
	title := make([]float64, len(ix.passages))
	for i, s := range taught {
		if s > 0 {
			title[i] = 1 + titleBonus*titleShare(q, ix.passages[i])
		}
	}
	return hitsOf(taught, title), hitsOf(words, title)
}

// hitsOf is the passages with a score, best first, each scaled by its
// title factor.
func hitsOf(scores, title []float64) []hit {
	var hits []hit
	for i, s := range scores {
		if s > 0 {
			hits = append(hits, hit{doc: i, score: s * title[i]})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	return hits
}

// titleBonus scales a passage's score by the share of the question's content
// words its title has: a heading states what its section is about, and BM25's
// saturation and length normalisation would otherwise let a short passage
// that mentions the words in passing win.
const titleBonus = 1.0

func titleShare(q *query, p *passage) float64 {
	if len(q.content) == 0 || p.row {
		return 0
	}
	n := 0
	for _, w := range q.content {
		if p.titleHas[w.stem] {
			n++
			continue
		}
		for _, a := range w.alts {
			if p.titleHas[a] {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(q.content))
}

// sameQuestion reports whether p is a Q&A pair, or a section, whose title
// asks the member's question: nearly all of the member's words (question
// words too: "when", "often", "why") are in it. Its answer was written for that
// question, so it answers from its start.
func sameQuestion(q *query, p *passage) bool {
	if !(p.question || p.heading) || p.entry || p.row || p.parent {
		return false
	}
	share, n := titleMatch(q, p)
	return n >= minSameQuestion && share >= sameQuestionShare
}

// titleMatch is the share of the member's words, question words included,
// that p's title has, and how many words that share is of.
func titleMatch(q *query, p *passage) (float64, int) {
	title := p.titleHas
	n, in := 0, 0
	for _, t := range q.tokens {
		if isStop(t.word) && !questionWords[t.word] {
			continue
		}
		n++
		if title[t.stem] {
			in++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(in) / float64(n), n
}

// questionWords say what kind of answer a question wants; stopword lists
// drop them, but "when should I use it" and "why should I use it" are two
// questions.
var questionWords = map[string]bool{"what": true, "when": true, "why": true, "how": true, "which": true, "often": true}

// A Q&A pair answers as the same question when sameQuestionShare of the
// member's words, and at least minSameQuestion of them, are in its title.
const (
	sameQuestionShare = 0.8
	minSameQuestion   = 3
)

// query is a member's question analysed once.
type query struct {
	tokens  []token
	content []contentWord // the words that carry the question's topic
	// key is what coverage is judged on: the content words, or for a long
	// chatty question those of its question clause ("...honestly I'm not
	// sure if I should be massaging them straight away, and for how long?").
	key []contentWord
	// askKey is the content of the sentence that asks, after others that
	// tell the story (askingSentence); coverage takes the better of both.
	askKey []contentWord
	terms  map[string]float64 // stem -> search weight
	names  map[string]bool    // stems the member wrote as names (capitalStems)
	// quantity: the question asks how long, how often, how many or how
	// much of something; the sentence that answers states an amount.
	quantity bool
	// onTopic: the question is on-topic whatever its words (set by the
	// caller for a later part of a question).
	onTopic bool
	// pairs are its neighbouring words (stems, no stopwords): a sentence
	// with them side by side ("foot spa") is more about them than one with
	// them apart ("feet ... mini-spa").
	pairs map[[2]string]bool
	// often: it asks how often, which "daily" or "every run" answers too.
	often bool
	// effect: the question asks what something does or whether it helps
	// ("does massage help inflammation", "why does it improve blood
	// flow"), which sentences saying what a thing does answer.
	effect bool
	// rate: the question names a rate ("10 minutes a day", "one session
	// a week"): sentences giving one (statesRate) answer it.
	rate bool
	// choice: the question asks how to choose ("how do I choose a
	// massager", "which one is best"): sentences giving the criteria
	// (givesCriteria) answer it.
	choice bool
	// compare: the question asks which of two things is more of
	// something ("percussion vs shiatsu, which is stronger?", "is a
	// roller gentler than a gun"): sentences that compare (compares)
	// answer it.
	compare bool
	// compared is the stem of the quality a comparison asks about
	// ("intense" in "is a gun more intense than shiatsu"), "" if none.
	compared string
	// why: the question asks for a cause ("why do my feet get so sore"):
	// sentences giving one (givesCause) answer it.
	why bool
	// advice: the question asks what to do ("should I push through
	// it?"): sentences that advise (advises) answer it.
	advice bool
	// how: the question asks how something works or does what it does
	// ("how does massage get the blood moving"): sentences saying how
	// (explainsHow) answer it.
	how bool
	// where: the question asks where (on the foot): sentences naming a
	// place on the body (namesPlace) answer it.
	where bool
	// slot is the thing the question asks about, by its template
	// (askedSlot); nil when no template fits.
	slot *slot
	// when holds the sides of time it asks about (timeSide: before a run,
	// after it), which stopword lists drop but which decide the answer.
	when map[int]bool
}

// contentWord is a question word that is neither a stopword nor a filler,
// with the document words a synonym rule adds for it.
type contentWord struct {
	stem string
	alts []string
	// head: the word names the thing asked about, by its place: next to a
	// foot-care word ("compression socks", "foot cream", "flat feet": a kind
	// of it), or first after "what"/"which"/"how" ("what pace", "how do I
	// tape"). A head the notes lack sinks the question.
	head bool
	// compound: the word is a possessive naming a kind of the foot-care
	// word after it ("athlete's foot", "runner's knee"): a condition of
	// its own, covered only where the two stand together.
	compound *[2]string
	// amount: the word is the asker's own number ("40 settings", "a 2hr
	// session"); one the notes never write does not count for coverage.
	amount bool
	// training: a session of running or lifting ("interval sessions",
	// "the track session"), not of massage: no foot-care word.
	training bool
}

// hasPair reports whether a sentence of p has the stems of pair side by side.
func (p *passage) hasPair(pair [2]string) bool {
	for _, ps := range p.sentPairs {
		if ps[pair] {
			return true
		}
	}
	return false
}

// expansionWeight is how much a synonym's word counts against the member's
// own; phraseWeight is the same for a rule of several words ("heel pain in
// the morning"), which says precisely what the member means.
const (
	expansionWeight = 0.6
	phraseWeight    = 0.9
)

// phraseWordWeight is how much a word of a matched lay phrase counts in
// ranking, below the phrase's meaning (phraseWeight).
const phraseWordWeight = 0.5

// fillerWeight is how much a question word without a topic counts in ranking.
const fillerWeight = 0.3

func analyze(text string, lx *lexicon) *query {
	if r := []rune(text); len(r) > maxQuestionRunes {
		text = string(r[:maxQuestionRunes])
	}
	q := &query{tokens: tokenize(withoutNegated(text)), terms: map[string]float64{}, when: map[int]bool{}, names: capitalStems(text, false)}
	q.quantity = asksQuantity(q.tokens)
	q.effect = asksEffect(q.tokens)
	q.rate = statesRate(q.tokens, false)
	q.choice = asksChoice(q.tokens)
	q.compare = asksComparison(q.tokens)
	if q.compare {
		q.compared = comparedQuality(q.tokens)
	}
	q.why = len(q.tokens) > 0 && q.tokens[0].word == "why" || asksConsequence(q.tokens)
	q.advice = asksAdvice(q.tokens)
	q.how = asksHowItWorks(q.tokens)
	q.where = asksWhere(text)
	q.pairs = stemPairs(q.tokens)
	for i := 0; i+1 < len(q.tokens); i++ {
		q.often = q.often || q.tokens[i].word == "how" && q.tokens[i+1].word == "often"
	}
	for _, t := range q.tokens {
		if side, ok := timeSide[t.stem]; ok {
			q.when[side] = true
		}
	}
	alts := map[int][]string{}
	inPhrase := map[int]bool{} // a word of a lay phrase that means another thing
	for _, r := range lx.rules {
		for _, pos := range r.match(q.tokens) {
			for _, i := range pos {
				alts[i] = append(alts[i], r.to...)
				if len(r.from) > 1 && !slices.Contains(r.to, q.tokens[i].stem) {
					inPhrase[i] = true
				}
			}
			w := expansionWeight
			if len(r.from) > 1 {
				w = phraseWeight
			}
			for _, s := range r.to {
				if q.terms[s] < w {
					q.terms[s] = w
				}
			}
		}
	}
	seen := map[string]int{}
	heads := headPositions(q.tokens, lx)
	idiom := idiomWords(q.tokens)
	for i, t := range q.tokens {
		if isStop(t.word) {
			continue
		}
		if lx.filler[t.stem] || templateWord(q.tokens, i) || numberWords[t.word] || idiom[i] || genericAfterModifier(q.tokens, i, lx) {
			// Question words still help ranking a little ("make you a
			// better runner"), but say nothing about coverage.
			if q.terms[t.stem] < fillerWeight {
				q.terms[t.stem] = fillerWeight
			}
			continue
		}
		if inPhrase[i] {
			// "good for your head" means the mind, not a massager's
			// heads: the phrase's words rank below what it means.
			q.terms[t.stem] = max(q.terms[t.stem], phraseWordWeight)
		} else {
			q.terms[t.stem] = 1
		}
		if j, ok := seen[t.stem]; ok {
			q.content[j].alts = append(q.content[j].alts, alts[i]...)
			continue
		}
		seen[t.stem] = len(q.content)
		w := contentWord{stem: t.stem, alts: alts[i], head: heads[i], amount: asksAmount(q.tokens, i, lx)}
		w.training = (t.word == "session" || t.word == "sessions") && i > 0 && trainingWords[q.tokens[i-1].word]
		// A condition named by a possessive names a body part in the
		// singular ("athlete's foot", "runner's knee"); "runner's feet"
		// are just feet and "budget's tight" no body part at all.
		if next := q.tokens[min(i+1, len(q.tokens)-1)]; i+1 < len(q.tokens) && t.possessive && lx.topic[next.stem] &&
			(lx.covered[next.word] || lx.other[next.word]) && next.word == next.stem {
			w.compound = &[2]string{t.stem, q.tokens[i+1].stem}
		}
		q.content = append(q.content, w)
	}
	q.onTopic = refersToSubject(q.tokens) || onlyTimeWords(q.tokens, q.content)
	q.slot = askedSlot(q.tokens, lx)
	q.key = q.content
	if last := askingSentence(text); last != "" {
		// "Nothing's broken, my arches are just sore from breaking in
		// new track spikes. Roller or electric?": the story before the
		// question helps find the answer; the notes cover the question
		// when they cover the whole of it or the sentence that asks.
		asked := map[string]bool{}
		for _, t := range tokenize(last) {
			asked[t.stem] = true
		}
		var key []contentWord
		for _, w := range q.content {
			if asked[w.stem] {
				key = append(key, w)
			}
		}
		if len(key) > 0 && len(key) < len(q.content) {
			q.askKey = key
		}
	}
	if from := questionClause(q.tokens, lx); from > 0 && len(q.content) >= longQuestion {
		var key []contentWord
		for _, w := range q.content {
			for _, t := range q.tokens[from:] {
				if t.stem == w.stem {
					key = append(key, w)
					break
				}
			}
		}
		q.key = key
	}
	return q
}

// genericAfterModifier: a generic head after the word that says which
// one ("the heat setting", "a massage mode", "the heat function"): the
// modifier is the topic, and "setting" alone would match any setting.
func genericAfterModifier(ts []token, i int, lx *lexicon) bool {
	if !genericHeads[ts[i].word] || i == 0 {
		return false
	}
	prev := ts[i-1]
	if isStop(prev.word) || lx.filler[prev.stem] || deviceWords[prev.word] {
		return false
	}
	// "low or high setting?" asks about the setting's level.
	for _, t := range ts {
		if levelWords[t.word] {
			return false
		}
	}
	return true
}

// levelWords name a setting's level. (A device word before the head,
// "the massager's functions", names whose setting it is: deviceWords.)
var levelWords = set("low", "high", "higher", "lower", "medium", "max", "maximum", "minimum", "highest", "lowest")

// genericHeads name a part of any device, not a topic of their own.
var genericHeads = set("setting", "settings", "mode", "modes", "function", "functions", "feature", "features", "option", "options", "button")

// idioms are set phrases that name no topic ("why do my feet get sore in
// the first place?").
var idioms = [][]string{
	{"in", "the", "first", "place"}, {"to", "be", "honest"}, {"at", "the", "end", "of", "the", "day"},
	{"for", "what", "it's", "worth"}, {"by", "the", "way"}, {"in", "a", "nutshell"}, {"long", "story", "short"},
	{"all", "in", "all"}, {"set", "aside"}, {"these", "days"}, {"the", "rest", "of"}, {"the", "deal", "with"},
}

// idiomWords marks the tokens of ts that are part of an idiom.
func idiomWords(ts []token) map[int]bool {
	out := map[int]bool{}
	for i := range ts {
		for _, id := range idioms {
			if i+len(id) > len(ts) {
				continue
			}
			match := true
			for k, w := range id {
				match = match && ts[i+k].word == w
			}
			for k := 0; match && k < len(id); k++ {
				out[i+k] = true
			}
		}
	}
	return out
}

// numberWords count things ("two pairs of shoes"): a detail of the
// question, not its topic.
var numberWords = set("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen", "twenty", "thirty")

// templateWord: the word at i is part of a question template, not of its
// topic: "point" in "what's the point of X" ("pressure points" is another
// thing).
func templateWord(ts []token, i int) bool {
	return i > 0 && i+1 < len(ts) && ts[i-1].word == "the" && ts[i+1].word == "of" && (ts[i].word == "point" || ts[i].word == "purpose")
}

// askingSentence is the one sentence of text that asks (ends with "?")
// when sentences that do not ask come before it; "" otherwise.
func askingSentence(text string) string {
	parts := sentenceEnds.FindAllStringIndex(text, -1)
	var sentences []string
	start := 0
	for _, p := range parts {
		if s := strings.TrimSpace(text[start:p[1]]); s != "" {
			sentences = append(sentences, s)
		}
		start = p[1]
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		sentences = append(sentences, rest)
	}
	// Only a story then one question: with two questions ("What warm-up
	// drills...? A-skips, strides, that sort of thing?") the last one may
	// only elaborate.
	asking := ""
	for i := len(sentences) - 1; i >= 0; i-- {
		if !strings.HasSuffix(sentences[i], "?") {
			continue
		}
		if asking != "" || i == 0 {
			return ""
		}
		asking = sentences[i]
	}
	return asking
}

// sentenceEnds end a sentence of a question.
var sentenceEnds = regexp.MustCompile(`[.!?]+(\s|$)|\s[-–—]+\s`)

// statesRate reports a rate in ts: "a day", "per week", "every single
// day", "once a week", and with adjectives "daily" ("a daily habit" asks
// about the habit, "use it daily" gives a rate).
func statesRate(ts []token, adjectives bool) bool {
	for i, t := range ts {
		if adjectives && rateWords[t.word] {
			return true
		}
		if !ratePeriods[t.word] {
			continue
		}
		// "a day", "every single day", not "a long day at work".
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			if rateMarkers[ts[j].word] && (j == i-1 || ts[j].word != "a") {
				return true
			}
		}
	}
	return false
}

// Words of statesRate.
var (
	rateWords   = map[string]bool{"daily": true, "weekly": true, "nightly": true}
	ratePeriods = map[string]bool{"day": true, "week": true, "night": true}
	rateMarkers = map[string]bool{"a": true, "per": true, "each": true, "every": true, "once": true, "twice": true}
)

// asksChoice reports a question about choosing one thing of several.
func asksChoice(ts []token) bool {
	for i, t := range ts {
		switch t.word {
		case "choose", "choosing", "pick", "picking", "select", "decide", "deciding":
			return true
		case "which":
			return true
		case "look":
			if i+1 < len(ts) && ts[i+1].word == "for" {
				return true
			}
		}
	}
	return false
}

// givesCause reports a sentence that gives a cause: "because", "due to",
// "which contribute to soreness", "caused by", "leads to".
func givesCause(ts []token) bool {
	for i, t := range ts {
		next := wordAfter(ts, i)
		switch {
		case t.word == "because", t.word == "due" && next == "to", t.word == "caused" && next == "by",
			(t.stem == "contribut" || t.word == "leads" || t.word == "lead") && next == "to":
			return true
		}
	}
	return false
}

// asksComparison reports a question comparing two things: "vs", "versus",
// "compared to", or "than", or "which" with a comparative ("which is
// stronger", "which is better").
func asksComparison(ts []token) bool {
	which := false
	for i, t := range ts {
		switch {
		case t.word == "vs" || t.word == "versus" || t.word == "than",
			t.word == "compared" || t.word == "compare" || t.word == "comparison":
			return true
		case t.word == "which":
			which = true
		case which && i > 0 && (comparatives[t.word] || len(t.word) > 4 && strings.HasSuffix(t.word, "er") && (ts[i-1].word == "is" || ts[i-1].word == "more")):
			return true
		}
	}
	return false
}

// comparedQuality is the quality a comparison asks about: the word after
// "more" or "less" ("more intense"), or an -er word before "than"
// ("gentler than").
func comparedQuality(ts []token) string {
	for i, t := range ts {
		next := wordAfter(ts, i)
		switch {
		case (t.word == "more" || t.word == "less") && next != "" && !isStop(next) && next != "than":
			return ts[i+1].stem
		case next == "than" && len(t.word) > 4 && strings.HasSuffix(t.word, "er") && !comparatives[t.word]:
			return t.stem
		}
	}
	return ""
}

// comparatives are the comparatives not made with -er.
var comparatives = map[string]bool{"better": true, "worse": true, "more": true, "less": true}

// compares reports a sentence that compares: "more intense than
// traditional shiatsu", "less intense massage", "compared to".
func compares(ts []token) bool {
	for i, t := range ts {
		// "easier than ever" compares nothing the member asks about.
		if t.word == "than" && !(i+1 < len(ts) && (ts[i+1].word == "ever" || ts[i+1].word == "before")) || t.word == "compared" {
			return true
		}
	}
	return false
}

// givesCriteria reports a sentence that says what a choice depends on:
// "depends on", "the key is", "look for", "find one that".
func givesCriteria(ts []token) bool {
	for i, t := range ts {
		next := wordAfter(ts, i)
		switch {
		case (t.word == "depends" || t.word == "depend") && next == "on",
			t.word == "key" && (next == "is" || next == "to"),
			t.word == "look" && next == "for",
			t.word == "find" && next == "one",
			t.word == "ideal" || t.word == "one-size-fits-all":
			return true
		}
	}
	return false
}

// asksHowItWorks reports "how does X...": how a thing works, not how to
// do something ("how do I...") or how long, often or much.
func asksHowItWorks(ts []token) bool {
	if len(ts) < 3 || ts[0].word != "how" {
		return false
	}
	switch ts[1].word {
	case "does", "do", "can", "could", "would", "will", "is", "are":
		return ts[2].word != "i" && ts[2].word != "we" && ts[2].word != "you" && ts[2].word != "u"
	}
	return false
}

// howWorks says how a thing works: "acts like a natural pump", "using
// inflatable bladders", "by releasing tightness in the calf".
var howWorks = regexp.MustCompile(`(?i)\b(?:acts? like|works? by|using|mimicking|by (?:\w+ly )?\w+ing)\b`)

// explainsHow reports a sentence that says how something works.
func explainsHow(s string) bool { return howWorks.MatchString(s) }

// asksWhere reports a question asking where: "where should I aim it?".
func asksWhere(text string) bool {
	for _, w := range words(text) {
		if w == "where" || w == "where's" || w == "wheres" {
			return true
		}
	}
	return false
}

// namesPlace reports a sentence naming a place on the body: "focusing on
// the arch and heel", "around the heel and Achilles area".
func namesPlace(ws []string) bool {
	for i, w := range ws {
		if !locatives[w] {
			continue
		}
		for _, x := range ws[i+1 : min(len(ws), i+4)] {
			if bodyWords[x] {
				return true
			}
		}
	}
	return false
}

// locatives put a thing at a place: "on the arch", "around the heel".
var locatives = set("on", "around", "along", "under", "into", "near", "across")

// asksConsequence reports a question asking what follows from something
// ("what happens if I neglect my feet?"), which sentences giving causes
// and effects ("neglecting them is a direct path to pain", "can lead to
// chronic issues") answer as they answer why.
func asksConsequence(ts []token) bool {
	for i, t := range ts {
		if t.word != "what" {
			continue
		}
		for _, x := range ts[i+1 : min(len(ts), i+3)] {
			if x.word == "happens" || x.word == "happen" {
				return true
			}
		}
	}
	return false
}

// asksAdvice reports a question asking what to do: "should I...".
func asksAdvice(ts []token) bool {
	for i, t := range ts {
		if t.word == "should" && i+1 < len(ts) && (ts[i+1].word == "i" || ts[i+1].word == "we") {
			return true
		}
	}
	return false
}

// advises reports a sentence that tells the reader what to do: it opens
// with an imperative ("Don't push through...", "2. Invest in quality
// running shoes") or recommends ("I'd recommend", "make sure").
func advises(ws []string) bool {
	if len(ws) > 0 && isDigits(ws[0]) {
		ws = ws[1:] // a numbered tip
	}
	if len(ws) > 0 && adviceOpeners[ws[0]] {
		return true
	}
	for i, w := range ws[:max(0, len(ws)-1)] {
		next := ws[i+1]
		switch {
		case w == "i'd" && (next == "recommend" || next == "suggest"),
			(w == "make" || w == "be") && next == "sure",
			w == "you" && next == "should":
			return true
		}
	}
	return false
}

// adviceOpeners open a sentence that tells the reader what to do.
var adviceOpeners = set("don't", "always", "never", "try", "consider", "avoid", "listen", "invest", "incorporate", "stay",
	"keep", "remember", "start", "aim", "give", "stop", "skip", "address", "pair", "focus")

// asksEffect reports a question about what something does: "help",
// "benefit", "do for", "good for".
func asksEffect(ts []token) bool {
	for i, t := range ts {
		switch {
		case effectAsked[t.word]:
			return true
		case t.word == "do" && i+1 < len(ts) && (ts[i+1].word == "for" || ts[i+1].word == "to"):
			return true
		case t.word == "good" && i+1 < len(ts) && ts[i+1].word == "for":
			return true
		}
	}
	return false
}

// effectAsked are the question words of asksEffect.
var effectAsked = map[string]bool{"help": true, "helps": true, "benefit": true, "benefits": true,
	"improve": true, "reduce": true, "prevent": true}

// weatherVerbs follow the "it" of the weather.
var weatherVerbs = set("rain", "raining", "snow", "snowing", "pour", "pouring", "drizzle", "hail", "freeze", "freezing")

// subjectPronouns stand for the thing a member is asking the club's notes
// about ("can I use it on rest days?", "do the electric ones heat?"): the
// notes' subject, so the question is on-topic though it names no foot-care
// word; its other words still have to be covered.
var subjectPronouns = map[string]bool{"it": true, "them": true, "ones": true, "thing": true}

// refersToSubject reports whether ts use a pronoun for the notes' subject;
// the "it" of the weather ("will it rain tomorrow?") stands for nothing.
func refersToSubject(ts []token) bool {
	for i, t := range ts {
		if subjectPronouns[t.word] && !(t.word == "it" && (hasWordWithin(ts, i+1, 3, weatherVerbs) || dummyIt(ts, i) || afterRunWord(ts, i))) {
			return true
		}
		// "doing this", "one of these", "use mine": a pronoun for a
		// thing, not a determiner ("this morning").
		if standIns[t.word] && (i+1 == len(ts) || isStop(ts[i+1].word)) && !afterRunWord(ts, i) {
			return true
		}
	}
	return false
}

// dummyIt: the "it" at i stands for what follows, not for a thing: "is it
// better to run in the morning", "is it ok to skip a day". Only a "to" that
// does not use or get the thing ("is it good to use before a run" is about
// the massager).
func dummyIt(ts []token, i int) bool {
	for j := i + 2; j < len(ts) && j <= i+3; j++ {
		if ts[j].word == "to" && j+1 < len(ts) {
			// "is it better to do my runs in the morning": the verb's
			// object is a run, not the thing.
			return !thingVerbs[ts[j+1].word] || namesRun(ts, j+2, j+5)
		}
	}
	return false
}

// onlyTimeWords: every content word says how long or how often ("daily or
// weekly?", "ten mins a day enough?"): asked of the club's notes, that is
// of the notes' subject; a question naming anything else ("how many times
// a week should I run?") has another word, and one asking when or where
// asks a meeting's time or place.
func onlyTimeWords(ts []token, ws []contentWord) bool {
	for i, t := range ts {
		if t.word == "where" || t.word == "when" || t.word == "time" && i > 0 && ts[i-1].word == "what" {
			return false // "what time and where is the long run meeting"
		}
	}
	when := map[string]bool{} // "before a run", "b4 a run": when, not what
	for i, t := range ts {
		if timeWords[t.word] || runWords[t.word] && !namesRun(ts, i, i+1) {
			when[t.stem] = true
		}
	}
	for _, w := range ws {
		if !timeStems[w.stem] && !when[w.stem] {
			return false
		}
	}
	return len(ws) > 0
}

var timeStems = set(stems("day days daily week weeks weekly wk minute minutes min mins hour hours session sessions sesh times long often")...)

// standIns stand for a thing when no noun follows them.
var standIns = set("this", "these", "mine")

// afterRunWord: the "it" at i follows a run or a plan the question names
// ("should I move my tempo run indoors or do it outside", "is it 18 or
// 21k"), which it stands for, not the notes' subject.
func afterRunWord(ts []token, i int) bool { return namesRun(ts, 0, i) }

// namesRun: ts[from:to] name a run ("my tempo run"), not only when
// something happens ("before a run", "after the race").
func namesRun(ts []token, from, to int) bool {
	for j := from; j < to && j < len(ts); j++ {
		when := j > 0 && timeWords[ts[j-1].word] || j > 1 && timeWords[ts[j-2].word]
		if runWords[ts[j].word] && !when {
			return true
		}
	}
	return false
}

// timeWords put a run in time.
var timeWords = set("before", "after", "b4", "pre", "post", "during", "between")

// trainingWords before "session" make it a training session.
var trainingWords = set("track", "interval", "intervals", "tempo", "speed", "hill", "hills", "gym", "lifting", "strength", "training", "workout", "club", "group")

// runWords name a run, a race or a plan.
var runWords = set("run", "runs", "race", "races", "tempo", "parkrun", "marathon", "programme", "program", "plan", "training")

// thingVerbs after "is it ... to" act on the thing "it" is.
var thingVerbs = set("use", "try", "get", "buy", "have", "own", "do", "put", "take", "bring", "pack")

// longQuestion is how many content words make a question long enough that
// its question clause, not its story, decides whether the notes cover it.
const longQuestion = 8

// questionClause is where the last question clause starts: the last
// question word followed by at least two content words; 0 when none.
func questionClause(ts []token, lx *lexicon) int {
	for i := len(ts) - 1; i > 0; i-- {
		if !clauseOpeners[ts[i].word] {
			continue
		}
		n := 0
		for _, t := range ts[i+1:] {
			if !isStop(t.word) && !lx.filler[t.stem] {
				n++
			}
		}
		if n >= 2 {
			return i
		}
	}
	return 0
}

// clauseOpeners start a question clause.
var clauseOpeners = map[string]bool{"should": true, "how": true, "what": true, "which": true, "can": true,
	"could": true, "is": true, "are": true, "does": true, "do": true, "will": true, "would": true,
	"when": true, "where": true, "why": true}

// headPositions marks the tokens in the head places of contentWord.
func headPositions(ts []token, lx *lexicon) map[int]bool {
	heads := map[int]bool{}
	for i := 1; i < len(ts); i++ {
		// A word before "my", "the"... is a verb ("calves affect my feet"),
		// not a kind of the foot-care word before it.
		// So is an -ing word ("plantar fasciitis flaring up", "feet
		// aching").
		verb := i+1 < len(ts) && determiners[ts[i+1].word] || strings.HasSuffix(ts[i].word, "ing")
		if prev := ts[i-1]; lx.topic[prev.stem] && !isStop(prev.word) && !verb {
			heads[i] = true
		}
		// A word right before a foot-care word names a kind of it too
		// ("flat feet", "trail shoes"): only counted when no passage has it.
		// A word after "I", "you" or "we" is their verb ("should I walk
		// barefoot"), not a kind of anything.
		afterSubject := i >= 2 && slotSubjects[ts[i-2].word]
		if lx.topic[ts[i].stem] && !isStop(ts[i-1].word) && !lx.filler[ts[i-1].stem] && !afterSubject {
			heads[i-1] = true
		}
	}
	// A word after "on a", "in a", "with a"... before a stopword or the
	// end, is a noun naming a thing or a place ("run on a treadmill"):
	// when no passage has it, the notes do not cover what it names.
	for i := 2; i < len(ts); i++ {
		w := ts[i].word
		if articles[ts[i-1].word] && placePrepositions[ts[i-2].word] && !isStop(w) && !lx.filler[ts[i].stem] && !isAmount(w) &&
			!dayNames[w] && (i+1 == len(ts) || isStop(ts[i+1].word) || rateMarkers[ts[i+1].word]) {
			heads[i] = true
		}
	}
	// What a thing is asked to help with ("do rollers help with
	// bunions") names a condition: when no passage has it, it decides.
	for i := 2; i < len(ts); i++ {
		if (ts[i-1].word == "with" || ts[i-1].word == "for") && slotWorks[ts[i-2].word] && !isStop(ts[i].word) && !lx.filler[ts[i].stem] {
			heads[i] = true
		}
	}
	// What a thing is asked to stop, cure or rid the member of ("get rid
	// of my bunions", "stop toe cramps") names a condition: when no
	// passage has it, it decides.
	for i := 0; i+1 < len(ts); i++ {
		if !curingVerbs[ts[i].word] && !(ts[i].word == "rid" && ts[i+1].word == "of") {
			continue
		}
		n := 0
		for j := i + 1; j < len(ts) && j <= i+4 && n < 2; j++ {
			if isStop(ts[j].word) || lx.filler[ts[j].stem] {
				if n > 0 {
					break
				}
				continue
			}
			heads[j] = true
			n++
		}
	}
	// Who or what a thing helps ("do massagers help cyclists recover")
	// is what is asked about.
	for i := 0; i+1 < len(ts); i++ {
		if (ts[i].word == "help" || ts[i].word == "helps") && !isStop(ts[i+1].word) && !lx.filler[ts[i+1].stem] {
			heads[i+1] = true
		}
	}
	// What the best of something is for ("the best shoes for
	// overpronation") is what is asked about: when no passage has it,
	// it decides.
	for i := 2; i+1 < len(ts); i++ {
		if ts[i].word != "for" || !(ts[i-2].word == "best" || i > 2 && ts[i-3].word == "best") {
			continue
		}
		for j := i + 1; j < len(ts) && j <= i+3; j++ {
			if !isStop(ts[j].word) && !lx.filler[ts[j].stem] {
				heads[j] = true
				break
			}
		}
	}
	// The circumstance after "while" or "during" ("while pregnant",
	// "during chemo") decides as a thing does: the notes do not cover
	// what they never name.
	for i := 1; i < len(ts); i++ {
		if (ts[i-1].word == "while" || ts[i-1].word == "during") && !isStop(ts[i].word) && !lx.filler[ts[i].stem] {
			heads[i] = true
		}
	}
	// "the best way to dry wet shoes", "how to tape": the action asked
	// about follows "to".
	for i := 1; i+1 < len(ts); i++ {
		if ts[i].word != "to" || !set("way", "ways", "how")[ts[i-1].word] {
			continue
		}
		for j := i + 1; j < len(ts) && j <= i+3; j++ {
			if !isStop(ts[j].word) && !lx.filler[ts[j].stem] {
				heads[j] = true
				break
			}
		}
	}
	for i, t := range ts {
		if !focusWords[t.word] {
			continue
		}
		amount := false
		for j := i + 1; j < len(ts) && j <= i+4; j++ {
			w := ts[j].word
			amount = amount || quantityAsked[w]
			if isStop(w) || lx.filler[ts[j].stem] || quantityAsked[w] {
				continue
			}
			// "how long should I sit on it": after an amount, the
			// member's verb says what they do for that long, not what
			// the question is about.
			if !amount || !slotSubjects[ts[j-1].word] {
				heads[j] = true
			}
			break
		}
	}
	return heads
}

// curingVerbs are done to a condition.
var curingVerbs = set("stop", "stops", "prevent", "prevents", "cure", "cures", "fix", "fixes", "treat", "treats")

// articles come before a noun; placePrepositions before "a"/"the" and a
// thing or place.
var (
	articles          = map[string]bool{"a": true, "an": true, "the": true}
	placePrepositions = map[string]bool{"on": true, "in": true, "with": true, "into": true, "onto": true, "using": true}
	dayNames          = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
		"saturday": true, "sunday": true, "weekend": true, "morning": true, "evening": true, "night": true, "day": true, "week": true}
)

// determiners follow a verb, not a noun.
var determiners = map[string]bool{"my": true, "your": true, "the": true, "a": true, "an": true, "his": true,
	"her": true, "their": true, "our": true, "this": true, "these": true, "those": true, "me": true}

// focusWords open a question whose next word names what it asks about.
var focusWords = map[string]bool{"what": true, "what's": true, "whats": true, "which": true, "how": true}

// amountNouns ask for an amount by naming one.
var amountNouns = map[string]bool{"ratio": true, "ratios": true, "dose": true, "doses": true, "dosage": true,
	"proportion": true, "proportions": true}

// quantityAsked follow "how" without naming the thing ("how long").
var quantityAsked = map[string]bool{"long": true, "often": true, "many": true, "much": true, "far": true, "soon": true}

// coveredBy reports whether a passage's (or a sentence's) stems have word
// w, directly or through one of its synonyms.
func (w contentWord) coveredBy(has map[string]bool) bool {
	if has[w.stem] {
		return true
	}
	for _, a := range w.alts {
		if has[a] {
			return true
		}
	}
	return false
}

// coverage is the decline signal: the share of the question's content words
// that passage p contains, each weighted by its idf, so that a question's
// specific words ("pregnancy", "hamstrings") decide it. Words most passages
// have ("foot", "massage") are background and only count when the question
// has nothing else; a word no passage has weighs like the question's known
// words on average, so one stray verb cannot sink a question, while a
// question whose only specific word is unknown is declined. Unlike a raw BM25 score
// the share means the same on a 40-passage corpus as on a 4,000-passage
// one. It also reports whether a covered word is on-topic.
func (ix *index) coverage(q *query, p *passage) (share float64, onTopic bool) {
	share, onTopic = ix.coverageOf(q, q.key, p)
	// On-topic is the whole question's: "Anything quick I can do before I
	// head out?" names no foot-care word, its story does.
	if len(q.key) != len(q.content) {
		_, on := ix.coverageOf(q, q.content, p)
		onTopic = onTopic || on
	}
	if q.askKey != nil {
		if s, on := ix.coverageOf(q, q.askKey, p); s > share {
			share, onTopic = s, on || onTopic
		}
	}
	return share, onTopic
}

// coverageOf is coverage over the words key.
func (ix *index) coverageOf(q *query, key []contentWord, p *passage) (share float64, onTopic bool) {
	background := float64(len(ix.passages)) * backgroundShare
	capIDF := ix.idfOf(1)
	// A word no passage has weighs like the question's known words on
	// average; with none known, like the rarest word.
	var knownSum float64
	var known int
	for _, w := range key {
		if df := len(ix.postings[w.stem]); df > 0 && float64(df) <= background {
			knownSum += min(ix.idfOf(df), capIDF)
			known++
		}
	}
	unknownIDF := capIDF
	if known > 0 {
		unknownIDF = knownSum / float64(known)
	}
	var total, got, bgTotal, bgGot float64
	heads := 0 // unknown words in a head place
	for _, w := range key {
		df := len(ix.postings[w.stem])
		if df == 0 && w.amount {
			continue
		}
		idf := min(ix.idfOf(df), capIDF)
		if df == 0 {
			idf = unknownShare * unknownIDF
			if w.head && !w.coveredBy(ix.anyHas(w)) {
				idf = headWeight * capIDF
				heads++
			}
		}
		covered := w.coveredBy(p.has)
		if w.compound != nil {
			// A named condition weighs like a head the notes lack
			// unless the passage names it.
			idf = headWeight * capIDF
			covered = p.hasPair(*w.compound)
		}
		if covered && !w.training && (p.entry || ix.topic[w.stem] || ix.altOnTopic(w, p)) {
			onTopic = true
		}
		if float64(df) > background {
			bgTotal++
			if covered {
				bgGot++
			}
			continue
		}
		total += idf
		if covered {
			got += idf
		}
	}
	switch {
	case total > 0 && (known > 0 || heads > 0 || bgTotal == 0):
		return got / total, onTopic
	case bgTotal > 0:
		// Only background words are known and the rest is chatter
		// ("what do you do while the massager is going, just sit
		// there scrolling?"): the background words decide.
		return bgGot / bgTotal, onTopic
	}
	return 0, false
}

// backgroundShare: a word in more than this share of passages is background.
const backgroundShare = 0.4

// Weights of a question word no passage has: in a head place (contentWord)
// it outweighs the rest of the question; elsewhere ("my arches are killing
// me") it counts for unknownShare of an average known word, so chatter
// around a covered question does not sink it.
const (
	headWeight   = 2.0
	unknownShare = 0.5
)

// anyHas is the set of a word's synonyms any passage has.
func (ix *index) anyHas(w contentWord) map[string]bool {
	out := map[string]bool{}
	for _, a := range w.alts {
		if len(ix.postings[a]) > 0 {
			out[a] = true
		}
	}
	return out
}

func (ix *index) altOnTopic(w contentWord, p *passage) bool {
	for _, a := range w.alts {
		if ix.topic[a] && p.has[a] {
			return true
		}
	}
	return false
}

// suggestions lists what autocomplete offers: club entries first, then the
// documents' own questions, then headings that name a topic.
func suggestions(ps []*passage, topic map[string]bool) []string {
	var entries, questions, headings []string
	seen := map[string]bool{}
	for _, p := range ps {
		t := clip(noPings(strings.Join(strings.Fields(p.title), " ")), maxSuggestionRunes)
		key := strings.ToLower(t)
		if t == "" || seen[key] {
			continue
		}
		switch {
		case p.entry:
			entries = append(entries, t)
		case p.question:
			questions = append(questions, t)
		case p.heading && namesTopic(p.title, topic):
			headings = append(headings, t)
		default:
			continue
		}
		seen[key] = true
	}
	return append(append(entries, questions...), headings...)
}

func namesTopic(title string, topic map[string]bool) bool {
	for _, t := range tokenize(title) {
		if topic[t.stem] {
			return true
		}
	}
	return false
}

const maxSuggestionRunes = 100

// asksQuantity: "how long", "how often", "how many ...", "how much time" (but
// not "how much does it help", which asks a degree), or an amount named
// ("the ratio of Epsom salt to water", "what dose").
func asksQuantity(ts []token) bool {
	for _, t := range ts {
		if amountNouns[t.word] {
			return true // "what's the right ratio of Epsom salt to water"
		}
	}
	for i := 0; i+1 < len(ts); i++ {
		if ts[i].word != "how" || i > 0 && subjectAux[ts[i-1].word] {
			// "does how much water I drink matter" asks whether, of
			// the amount as a subject.
			continue
		}
		switch next := ts[i+1].word; next {
		case "long", "often", "many":
			return true
		case "much":
			if i+2 < len(ts) && !degreeVerbs[ts[i+2].word] {
				return true
			}
			for _, t := range ts[i+2:] {
				if t.stem == "cost" || t.stem == "price" || t.stem == "pay" {
					return true // "how much does it cost": a price
				}
			}
		}
	}
	return false
}

// subjectAux before "how much" make the amount the subject of a yes-or-no
// question.
var subjectAux = map[string]bool{"does": true, "do": true, "did": true, "will": true, "would": true, "can": true}

// degreeVerbs after "how much" make it a question of degree ("how much does
// it help"); "how much is a shiatsu massager" asks a price.
var degreeVerbs = map[string]bool{"does": true, "do": true, "did": true, "can": true,
	"will": true, "would": true, "should": true, "could": true, "of": true}

// asksAmount: token i is the asker's own number ("40 settings", "a 2hr
// session", "at 5am"), not one a word before it names ("size 13").
func asksAmount(ts []token, i int, lx *lexicon) bool {
	if !startsWithDigit(ts[i].word) {
		return false
	}
	return i == 0 || isStop(ts[i-1].word) || lx.filler[ts[i-1].stem]
}
