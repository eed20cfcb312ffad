package faq

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The thing asked about. English questions put it in a few fixed places,
// whatever the topic: "do orthotics help...", "should I use kinesiology
// tape...", "how do I stop getting black toenails", "is a foot spa worth
// it", "price of a massager", "where can I buy one". When the head of that
// noun phrase is a word no passage has, the notes do not cover the question
// however many of its other words they share ("plantar fasciitis", "arch"),
// so it is declined, naming the thing. A question about where to buy or what
// something costs is only answered by notes that name shops or give prices.

// slot is the noun phrase a question asks about.
type slot struct {
	phrase string // its words as written ("kinesiology tape")
	head   string // the stem of its head, its last content word
	// object: for looking after a thing ("replace my foot roller") the
	// thing's head; head is then the verb, and the notes cover the slot
	// only where one passage has both.
	object string
	// commerce: the question asks where to buy (commerceWhere) or what
	// something costs (commercePrice) rather than about the thing.
	commerce int
}

const (
	commerceNone = iota
	commerceWhere
	commercePrice
)

// Template words. Each set is a part of English question structure, not a
// topic: auxiliaries that open a yes/no question, the verbs that ask whether
// a thing works, the verbs of "should I use X", of "how do I stop X", the
// judgements of "is X good", and the verbs of buying.
var (
	slotAux      = set("do", "does", "did", "can", "could", "will", "would", "might")
	slotWorks    = set("help", "helps", "work", "works", "fix", "fixes", "cure", "cures", "relieve", "relieves", "prevent", "prevents", "reduce", "reduces", "stop", "stops", "affect", "affects")
	slotSubjects = set("i", "we", "you", "runners", "one")
	slotUse      = set("use", "try", "wear", "get", "buy", "apply", "put", "take", "rub", "spray", "add")
	// slotHave are the verbs of "do X have Y": Y is the thing asked about.
	slotHave  = set("have", "has", "need", "needs", "include", "includes", "support", "supports")
	slotTreat = set("stop", "prevent", "treat", "avoid", "fix", "cure", "deal", "handle")
	slotJudge = set("good", "bad", "safe", "ok", "okay", "worth", "better", "worse", "helpful", "useful", "necessary", "effective", "harmful", "dangerous",
		"expensive", "pricey", "cheap", "heavy", "loud", "noisy", "portable")
	slotLight = set("getting", "having", "using", "wearing", "with", "rid", "of", "new", "old")
	// slotMeasure: "a pair of shoes" names the shoes.
	slotMeasure   = set("pair", "set", "couple")
	slotClause    = set("and", "but", "so", "then", "also", "or")
	slotBuy       = set("buy", "get", "find", "purchase", "order", "pick")
	slotCare      = set("replace", "clean", "wash", "fix", "repair", "charge", "store", "dry", "descale", "break", "lace")
	slotHowTo     = set("way", "how", "best")
	slotPriceWord = set("price", "prices", "cost", "costs")
	slotWhat      = set("what", "what's", "whats")
	slotPoint     = set("point", "purpose", "use", "benefit", "benefits")
	slotWhatEnd   = set("good", "best", "used", "for", "do", "does", "like", "worth", "should", "can", "could", "would", "will", "is", "are")
	// slotPrepositions end a noun phrase: what follows says when or where.
	slotPrepositions = set("before", "after", "during", "while", "on", "in", "at", "with", "for", "from", "into", "under", "over")
	slotBestEnd      = set("to", "for", "that", "after", "before", "when", "if", "on", "in", "with", "should", "is", "are")
)

// maxSlotWords bounds a noun phrase: a longer run of content words is a
// clause, not a name.
const maxSlotWords = 3

// askedSlot finds the thing ts ask about by the first template that fits;
// nil when none does or the slot has no content word ("does it help?").
func askedSlot(ts []token, lx *lexicon) *slot {
	w := func(i int) string {
		if i < 0 || i >= len(ts) {
			return ""
		}
		return ts[i].word
	}
	// Commerce first: what is asked is where or how much, whatever the thing.
	for i := range ts {
		switch {
		case w(i) == "where":
			for j := i + 1; j < len(ts) && j <= i+4; j++ {
				if slotBuy[w(j)] {
					return &slot{phrase: "where to buy it", commerce: commerceWhere}
				}
			}
		case w(i) == "near" && w(i+1) == "me", shopNames[w(i)] && !asksChoice(ts):
			// A shop named while asking which to choose ("so many
			// massagers on amazon, how do I pick one") is where the
			// member looked, not what they ask.
			return &slot{phrase: "where to buy it", commerce: commerceWhere}
		case isDigits(w(i)) && moneyWords[w(i+1)], strings.ContainsAny(w(i), "$£€"),
			// "how much should a decent one set me back in pounds"
			w(i) == "in" && moneyWords[w(i+1)] && hasWordWithin(ts, 0, i, priceAsked):
			// "a good massager under 100 bucks"
			return &slot{phrase: "prices", commerce: commercePrice}
		case slotPriceWord[w(i)] && w(i+1) == "of" && !multiple(w(i-1)) && !multiple(w(i-2)),
			w(i) == "how" && w(i+1) == "much" && hasWordWithin(ts, i+2, 6, set("cost", "costs")):
			return &slot{phrase: "prices", commerce: commercePrice}
		}
	}
	for i := range ts {
		switch {
		case slotAux[w(i)] && i == 0 && !slotSubjects[w(i+1)] && hasWordWithin(ts, i+2, maxSlotWords+2, slotHave) && !hasWordWithin(ts, i+2, maxSlotWords+2, slotWorks):
			// "do shiatsu massagers have an auto shut-off": what they have.
			for j := i + 2; j < len(ts) && j <= i+2+maxSlotWords+1; j++ {
				if slotHave[w(j)] {
					if s := phraseSlot(objectPhrase(ts[j+1:], lx), lx); s != nil {
						return s
					}
					break
				}
			}
		case slotAux[w(i)] && !slotSubjects[w(i+1)]:
			// "do orthotics help with...": the subject between the
			// auxiliary and the verb that asks whether it works.
			for j := i + 2; j < len(ts) && j <= i+1+maxSlotWords+2; j++ {
				if slotWorks[w(j)] {
					if s := phraseSlot(ts[i+1:j], lx); s != nil {
						return s
					}
					break
				}
			}
		case (w(i) == "should" || slotAux[w(i)]) && slotSubjects[w(i+1)] && slotCare[w(i+2)]:
			// "how often should I replace my foot roller": looking after
			// a thing is asked about, as "replacing foot roller".
			if s := careSlot(ts[i+2], ts[i+3:], lx); s != nil {
				return s
			}
		case w(i) == "to" && i > 0 && slotHowTo[w(i-1)] && slotCare[w(i+1)]:
			// "the best way to break in new shoes", "how to clean it".
			if s := careSlot(ts[i+1], ts[i+2:], lx); s != nil {
				return s
			}
		case (w(i) == "ok" || w(i) == "okay" || w(i) == "safe" || w(i) == "fine") && w(i+1) == "to" && slotUse[w(i+2)]:
			// "is it ok to take ibuprofen before a long run": the object.
			if s := phraseSlot(objectPhrase(ts[i+3:], lx), lx); s != nil {
				return s
			}
		case (w(i) == "should" || slotAux[w(i)]) && slotSubjects[w(i+1)] && slotUse[w(i+2)]:
			// "should I use kinesiology tape on my arch": the object.
			if s := phraseSlot(objectPhrase(ts[i+3:], lx), lx); s != nil {
				return s
			}
		case w(i) == "how" && (slotAux[w(i+1)] || w(i+1) == "should") && slotSubjects[w(i+2)] && slotChoose[w(i+3)]:
			// "how do I choose the right size shoe": the thing chosen.
			if s := phraseSlot(objectPhrase(ts[i+4:], lx), lx); s != nil {
				return s
			}
		case w(i) == "how" && (slotAux[w(i+1)] || w(i+1) == "should") && slotSubjects[w(i+2)] && slotTreat[w(i+3)]:
			// "how do I stop getting black toenails": the object.
			if s := phraseSlot(objectPhrase(ts[i+4:], lx), lx); s != nil {
				return s
			}
		case slotWhat[w(i)] && i <= 1 && !asksKind(ts):
			// "what's a foot roller good for", "what's the point of
			// the heat setting", "what does shiatsu do".
			j := i + 1
			if set("is", "are", "does", "do")[w(j)] {
				j++
			}
			if w(j) == "the" && slotPoint[w(j+1)] && w(j+2) == "of" {
				if s := phraseSlot(objectPhrase(ts[j+3:], lx), lx); s != nil {
					return s
				}
				break
			}
			for k := j + 1; k <= len(ts) && k <= j+maxSlotWords+1; k++ {
				if k == len(ts) || slotWhatEnd[w(k)] {
					if s := phraseSlot(ts[j:k], lx); s != nil {
						return s
					}
					break
				}
			}
		case (w(i) == "best" || w(i) == "good") && (i == 0 || set("the", "any", "a", "whats", "what's")[w(i-1)]) && !asksKind(ts):
			// "best essential oil to use for a foot massage?", "any good
			// insoles for flat feet?": the thing recommended.
			for k := i + 2; k <= len(ts) && k <= i+1+maxSlotWords; k++ {
				if k == len(ts) || slotBestEnd[w(k)] {
					if s := phraseSlot(ts[i+1:k], lx); s != nil {
						return s
					}
					break
				}
			}
		case (w(i) == "is" || w(i) == "are") && (i == 0 || slotClause[w(i-1)]):
			// "is a foot spa worth getting": the subject before the judgement.
			for j := i + 2; j < len(ts) && j <= i+1+maxSlotWords+2; j++ {
				if slotJudge[w(j)] {
					if s := phraseSlot(ts[i+1:j], lx); s != nil {
						return s
					}
					break
				}
			}
		}
	}
	return nil
}

// careSlot is the slot of looking after a thing: the verb's object as the
// thing, the verb as its head ("replacing foot roller").
func careSlot(verb token, rest []token, lx *lexicon) *slot {
	s := phraseSlot(objectPhrase(rest, lx), lx)
	if s == nil {
		return nil
	}
	s.phrase = gerund(verb.word) + " " + s.phrase
	s.object, s.head = s.head, verb.stem
	return s
}

func hasWordWithin(ts []token, from, n int, ws map[string]bool) bool {
	for j := from; j < len(ts) && j < from+n; j++ {
		if ws[ts[j].word] {
			return true
		}
	}
	return false
}

// objectPhrase is the noun phrase a verb's object starts with: leading
// determiners and light words ("getting", "rid of") skipped, up to the
// first word that is not content (a preposition, a pronoun, "or").
func objectPhrase(ts []token, lx *lexicon) []token {
	start := 0
	for start < len(ts) && (isStop(ts[start].word) || slotLight[ts[start].word] || lx.filler[ts[start].stem] ||
		slotMeasure[ts[start].word] && start+1 < len(ts) && ts[start+1].word == "of") {
		start++
	}
	end := start
	for end < len(ts) && end-start < maxSlotWords && !isStop(ts[end].word) && !lx.filler[ts[end].stem] {
		end++
	}
	return ts[start:end]
}

// phraseSlot makes a slot of a noun phrase; its head is its last content
// word. Nil when it has none, or when it holds a pronoun ("do they help"),
// or when it is longer than a name.
func phraseSlot(np []token, lx *lexicon) *slot {
	var words []string
	head := ""
	for _, t := range np {
		if subjectPronouns[t.word] {
			return nil
		}
		if len(words) > 0 && slotPrepositions[t.word] {
			break // "a foot massage before bed" is a foot massage
		}
		if isStop(t.word) || lx.filler[t.stem] || slotLight[t.word] {
			continue
		}
		words = append(words, t.word)
		head = t.stem
	}
	if head == "" || len(words) > maxSlotWords {
		return nil
	}
	return &slot{phrase: strings.Join(words, " "), head: head}
}

// uncoveredSlot reports the thing q asks about when the notes lack it: its
// head is a word no passage has, even through a synonym, or it asks where
// to buy or what things cost and no passage names a shop or gives a price.
func (ix *index) uncoveredSlot(q *query) (string, bool) {
	if pair, ok := ix.unknownChoice(q); ok {
		return pair, true
	}
	return ix.uncoveredThing(q)
}

// uncoveredThing is uncoveredSlot less the choice: the unit, steps,
// instances or thing asked about that the notes do not cover.
func (ix *index) uncoveredThing(q *query) (string, bool) {
	if u, ok := askedUnit(q.tokens); ok && !ix.units[unitStem(u)] {
		return u, true
	}
	if asksSteps(q.tokens) && !ix.enumerates(q) {
		return "step-by-step instructions or lists", true
	}
	if head, phrase, ok := whichThing(q.tokens); ok && !ix.namesInstances(head) {
		return phrase, true
	}
	s := q.slot
	if s == nil {
		return "", false
	}
	switch s.commerce {
	case commerceWhere:
		return s.phrase, !ix.shops
	case commercePrice:
		return s.phrase, !ix.prices
	}
	if s.object != "" {
		return s.phrase, !ix.together(q, s.head, s.object)
	}
	// An attribute of a thing ("what size spiky ball", "the right size
	// running shoe") is covered only where one sentence names both.
	if ts := contentOf(tokenize(s.phrase)); len(ts) > 1 && attributeWords[ts[0].word] {
		return s.name(), !ix.together(q, ts[0].stem, s.head)
	}
	if !ix.knowsSlotWord(q, s.head) {
		return s.phrase, true
	}
	// A word the notes never use before a head they know names another
	// thing: "shockwave therapy", "cortisone injection".
	for _, t := range tokenize(s.phrase) {
		if !isStop(t.word) && isPlainWord(t.word) && !ix.knowsSlotWord(q, t.stem) {
			return s.phrase, true
		}
	}
	return "", false
}

// knowsSlotWord reports whether a passage has the stem, or a word a
// synonym gives it in q.
func (ix *index) knowsSlotWord(q *query, stem string) bool {
	if len(ix.postings[stem]) > 0 {
		return true
	}
	for _, w := range q.content {
		if w.stem == stem && len(ix.anyHas(w)) > 0 {
			return true
		}
	}
	return false
}

// gerund is the -ing form of a care verb: "replacing", "fixing".
func gerund(verb string) string {
	if strings.HasSuffix(verb, "e") && !strings.HasSuffix(verb, "ee") {
		return strings.TrimSuffix(verb, "e") + "ing"
	}
	return verb + "ing"
}

// together reports a sentence with both the verb (or a synonym's word for
// it) and the object: "replace" is covered for shoes, not for rollers.
func (ix *index) together(q *query, verb, object string) bool {
	words := []string{verb}
	for _, w := range q.content {
		if w.stem == verb {
			for _, a := range w.alts {
				if !isStop(a) {
					words = append(words, a)
				}
			}
		}
	}
	for _, p := range ix.passages {
		if !p.has[object] {
			continue
		}
		for _, has := range p.sentStems {
			for _, w := range words {
				if has[object] && has[w] {
					return true
				}
			}
		}
	}
	return false
}

// maxSideSkip bounds the words skipped before a side's first word ("or
// just plain water").
const maxSideSkip = 3

// unknownChoice finds a choice between two things no passage names
// ("Theragun or Hypervolt", "a golf ball or a lacrosse ball", "is a
// Theragun Mini better than a Hypervolt Go"): the notes cannot compare
// them, whatever synonyms say each is a kind of. Each side is the run of
// the member's content words next to "or", "vs" or "than"; a head both
// sides share ("ball") is set aside, and each side must keep a word no
// passage has or be a name the notes never write (unknownName).
func (ix *index) unknownChoice(q *query) (string, bool) {
	content := map[string]bool{}
	for _, w := range q.content {
		content[w.stem] = true
	}
	ts := q.tokens
	side := func(from, step int) []token {
		var out []token
		for k := from; k >= 0 && k < len(ts) && len(out) < maxSlotWords; k += step {
			if step > 0 && len(out) == 0 && (subjectPronouns[ts[k].word] || k-from >= maxSideSkip) {
				// "...hurt more than it helped": a clause, not a thing.
				break
			}
			// Articles and filler before a side's words ("or just plain
			// water") are skipped.
			if ts[k].word == "a" || ts[k].word == "an" || ts[k].word == "the" || len(out) == 0 && step > 0 && !content[ts[k].stem] {
				if len(out) == 0 {
					continue
				}
				break
			}
			if !content[ts[k].stem] {
				break
			}
			out = append(out, ts[k])
		}
		if step < 0 {
			slices.Reverse(out)
		}
		return out
	}
	for i := 1; i+1 < len(ts); i++ {
		if !choiceWords[ts[i].word] {
			continue
		}
		left := i - 1
		if ts[i].word == "than" && comparatives[ts[left].word] {
			left-- // "X better than Y"
			for left > 0 && beforeComparative[ts[left].word] {
				left-- // "X is (much) better than Y"
			}
		}
		a, b := side(left, -1), side(i+1, 1)
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		if a[len(a)-1].stem == b[len(b)-1].stem {
			a, b = a[:len(a)-1], b[:len(b)-1] // the shared head
		}
		if (ix.namesUnknown(a) || ix.unknownName(q, a)) && (ix.namesUnknown(b) || ix.unknownName(q, b)) {
			return phraseOf(side(left, -1)) + " or " + phraseOf(side(i+1, 1)), true
		}
	}
	return "", false
}

// beforeComparative: copulas and degree words between a side and its
// comparative.
var beforeComparative = set("is", "are", "was", "were", "be", "much", "way", "far", "any", "even", "really")

// choiceWords join the two sides of a choice.
var choiceWords = set("or", "vs", "versus", "than")

// namesUnknown reports a side with a plain word no passage has.
func (ix *index) namesUnknown(side []token) bool {
	for _, t := range side {
		if isPlainWord(t.word) && len(ix.postings[t.stem]) == 0 {
			return true
		}
	}
	return false
}

func phraseOf(ts []token) string {
	ws := make([]string, len(ts))
	for i, t := range ts {
		ws[i] = t.word
	}
	return strings.Join(ws, " ")
}

// name is how a decline names the slot: its phrase, an attribute last as
// English puts it ("running shoe size" for "size running shoe").
func (s *slot) name() string {
	if ts := contentOf(tokenize(s.phrase)); len(ts) > 1 && attributeWords[ts[0].word] && s.object == "" {
		return phraseOf(ts[1:]) + " " + ts[0].word
	}
	return s.phrase
}

// attributeWords name a measure or make of a thing, asked about on its own:
// "what size", "which brand".
var attributeWords = set("size", "sizes", "brand", "brands", "model", "models", "colour", "color", "temperature", "temp",
	"weight", "length", "width", "shape", "material")

// slotChoose are the verbs of "how do I choose X".
var slotChoose = set("choose", "pick", "select")

// contentOf drops the stopwords of ts.
func contentOf(ts []token) []token {
	var out []token
	for _, t := range ts {
		if !isStop(t.word) {
			out = append(out, t)
		}
	}
	return out
}

// multiple: a word before "the price of" that compares two prices
// ("triple the price of a roller", "4x the price"): the member gives the
// price, they do not ask it.
func multiple(w string) bool {
	return priceMultiples[w] || len(w) > 1 && strings.HasSuffix(w, "x") && isDigits(strings.TrimSuffix(w, "x"))
}

var priceMultiples = set("double", "triple", "twice", "half", "quadruple")

// priceAsked before "in pounds" make it a price asked.
var priceAsked = set("much", "cost", "costs", "price", "pay")

// shopNames are shops a member may name; moneyWords follow an amount of
// money.
var (
	shopNames  = set("amazon", "ebay", "argos", "decathlon", "walmart", "target", "costco", "boots")
	moneyWords = set("dollars", "pounds", "quid", "euros", "bucks", "usd", "gbp", "eur")
)

// unitWords are units a member may ask an amount in.
var unitWords = set("miles", "mile", "km", "kms", "kilometres", "kilometers", "degrees", "celsius", "fahrenheit",
	"minutes", "minute", "mins", "hours", "hour", "seconds", "secs", "reps", "sets", "pairs", "litres", "liters",
	"ml", "grams", "kg", "calories", "percussions", "rpm", "watts", "volts", "mah", "hz", "hertz", "psi", "mmhg", "newtons")

// asksSteps reports a question asking for steps or a list: "step by step",
// "walk me through", "list some drills", "what are the steps".
func asksSteps(ts []token) bool {
	for i, t := range ts {
		next := wordAfter(ts, i)
		switch {
		case t.word == "step" && next == "by",
			t.word == "walk" && next == "me" && i+2 < len(ts) && ts[i+2].word == "through",
			t.word == "list" && (next == "some" || next == "the" || next == "a" || next == "all" || next == "me"),
			t.word == "instructions",
			// "what steps...", "the steps to...", not "the first few
			// steps out of bed".
			t.word == "steps" && (next == "to" || next == "for" || i > 0 && (ts[i-1].word == "what" || ts[i-1].word == "which")):
			return true
		}
	}
	return false
}

// enumerates reports a sentence that names examples ("such as",
// "including", "for example") together with a specific word of q: notes
// that only mention "specific stretches" list none of them.
func (ix *index) enumerates(q *query) bool {
	background := float64(len(ix.passages)) * backgroundShare
	for _, p := range ix.passages {
		if len(p.listLeads) > 0 && titleShare(q, p) >= 0.5 {
			return true // "list the tips for happy feet": a list of the notes
		}
		for i := range p.sentences {
			if !p.says(i, namesExampleList) {
				continue
			}
			for _, w := range q.content {
				if p.sentStems[i][w.stem] && float64(len(ix.postings[w.stem])) <= background {
					return true
				}
			}
		}
	}
	return false
}

// whichThing finds the thing a question asks to be named: "which phone
// app works with...", "which calf stretches should I do". "Which" opens
// the question or a clause (not "a ball which hurt"), and a kind, type or
// one asked for is a choice among the notes' kinds, not a name.
func whichThing(ts []token) (head token, phrase string, ok bool) {
	for i, t := range ts {
		if t.word != "which" || i > 0 && !isStop(ts[i-1].word) {
			continue
		}
		end := i + 1
		for end < len(ts) && end < i+4 && !isStop(ts[end].word) && !whichVerbs[ts[end].word] {
			end++
		}
		if end == i+1 {
			return token{}, "", false
		}
		head = ts[end-1]
		if kindWords[head.word] || placeWords[head.word] {
			return token{}, "", false
		}
		return head, phraseOf(ts[i:end]), true
	}
	return token{}, "", false
}

// whichVerbs end the thing named after "which": "which app works with".
var whichVerbs = set("works", "work", "go", "goes", "suit", "suits", "help", "helps", "stop", "stops", "track", "tracks",
	"sync", "syncs", "link", "links", "come", "comes", "fit", "fits", "need", "needs", "use", "uses", "matters", "matter")

// placeWords ask where on the body, which the notes answer by naming its
// parts: "which bits of the foot get tired".
var placeWords = set("bit", "bits", "part", "parts", "area", "areas", "spot", "spots", "muscle", "muscles", "structures", "side", "end")

// kindWords ask for a kind rather than a name.
var kindWords = set("kind", "kinds", "type", "types", "sort", "sorts", "one", "ones", "kinda", "style", "option", "options")

// namesInstances reports whether the notes name things of the kind head:
// a table row of kinds titled with it, or a sentence naming examples
// with it ("massagers such as...").
func (ix *index) namesInstances(head token) bool {
	for _, p := range ix.passages {
		if p.row && kindTitle(p.title) && p.has[head.stem] {
			return true
		}
		for i := range p.sentences {
			if p.says(i, namesExampleList) && p.sentStems[i][head.stem] {
				return true
			}
		}
	}
	return false
}

// temperatureWords after "how" ask a temperature.
var temperatureWords = set("cold", "hot", "warm", "cool", "icy")

// unitStem is the stem of a unit's usual spelling: "mins" are minutes.
func unitStem(u string) string {
	if full, ok := unitSpellings[u]; ok {
		u = full
	}
	return stemWord(u)
}

var unitSpellings = map[string]string{"temperatures": "degrees", "mins": "minutes", "minute": "minutes", "secs": "seconds", "hour": "hours",
	"mile": "miles", "kms": "km", "kilometres": "km", "kilometers": "km", "liters": "litres", "degree": "degrees"}

// askedUnit finds the unit a question asks an amount in: "how many miles",
// "the temperature in degrees", "percussions per minute".
func askedUnit(ts []token) (string, bool) {
	for i, t := range ts {
		// "how cold should an ice bath be" asks a temperature.
		if t.word == "how" && i+1 < len(ts) && temperatureWords[ts[i+1].word] {
			return "temperatures", true
		}
		if !unitWords[t.word] {
			continue
		}
		switch {
		case i > 0 && ts[i-1].word == "in",
			i+1 < len(ts) && ts[i+1].word == "per":
			return t.word, true
		}
		for j := max(0, i-3); j+1 < i; j++ {
			if ts[j].word == "how" && (ts[j+1].word == "many" || ts[j+1].word == "much") {
				return t.word, true
			}
		}
	}
	return "", false
}

// amountUnits collects the units the passages give amounts in.
func amountUnits(ps []*passage) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		for u := range p.units {
			out[u] = true
		}
	}
	return out
}

// namesExamples reports a sentence that names examples: "such as",
// "including", "for example", "for instance".
func namesExamples(ts []token) bool {
	for i, t := range ts {
		next := wordAfter(ts, i)
		if t.word == "including" || t.word == "such" && next == "as" || t.word == "for" && (next == "example" || next == "instance") {
			return true
		}
	}
	return false
}

// shopWords name a place that sells things; priceFigure is an amount of
// money. Notes without either cannot say where to buy or what it costs.
var (
	shopWords   = set(stems("shop store retailer stockist seller pharmacy outlet online website amazon")...)
	priceFigure = regexp.MustCompile(`(?i)[$£€]\s?\d|\d\s?(?:dollars|pounds|quid|euros|bucks|usd|gbp|eur)\b`)
)

// commerceCovered reports whether ps name a shop and give a price.
func commerceCovered(ps []*passage) (shops, prices bool) {
	for _, p := range ps {
		for s := range p.terms {
			if shopWords[s] {
				shops = true
			}
		}
		if priceFigure.MatchString(p.body) {
			prices = true
		}
	}
	return shops, prices
}

// capitalStems are the stems of the words text writes with a capital inside
// a sentence (not its first word, not "I"): the names of products, models
// and places ("the Pro or the Mini"). Every word of a title counts, as
// titles capitalise their words.
func capitalStems(text string, title bool) map[string]bool {
	out := map[string]bool{}
	start := true
	for _, f := range strings.Fields(text) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if r, _ := utf8.DecodeRuneInString(w); w != "" && w != "I" && unicode.IsUpper(r) && (title || !start) {
			for _, t := range tokenize(w) {
				out[t.stem] = true
			}
		}
		if w != "" {
			start = strings.ContainsAny(f[len(f)-1:], ".!?:")
		}
	}
	return out
}

// unknownName reports a side whose words the member wrote as names
// (capitalStems) and the notes never write as names: "the Pro or the Mini"
// names two models although the notes use "mini" ("a mini-spa").
func (ix *index) unknownName(q *query, side []token) bool {
	for _, t := range side {
		if !q.names[t.stem] || ix.names()[t.stem] {
			return false
		}
	}
	return len(side) > 0
}
