package faq

import (
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// passage is one retrievable piece of a document or one club entry. It is
// immutable once built, so indexes of several servers share the documents'.
type passage struct {
	title    string
	body     string
	question bool // the title is a question (Q&A pair or club entry)
	entry    bool // a club's own /faq entry
	heading  bool // the title is a document heading (a topic worth suggesting)
	row      bool // a table row
	item     bool // a numbered list's item: its first sentence is the item itself, not an intro
	parent   bool // the intro of a markdown section with sub-sections
	// context is the headings above a markdown sub-section ("Recovery"
	// above "Heat"): it counts for coverage, never as the answer's text.
	context string

	// derived by prepare
	terms     map[string]float32   // stem -> weighted frequency (title and question weighted)
	length    float32              // weighted length, for BM25
	has       map[string]bool      // stems present anywhere
	titleHas  map[string]bool      // stems of the title
	sentences []string             // body sentences
	sentStems []map[string]bool    // stems of each sentence
	sentPairs []map[[2]string]bool // pairs of stems next to each other in the sentence
	traits    []traits             // what each sentence does (says)
	units     map[string]bool      // unit stems an amount is given in ("15-20 minutes")
	health    bool                 // a club entry about health (it carries the disclaimer)
	words     []string             // its distinct words, for spelling corrections
	listLeads []string             // first sentences of a numbered list's items
	// asked holds, for each sentence that answered members' questions,
	// those questions' stems (learn); nil for a passage that answered none.
	asked []map[string]float32
}

// Field weights: a word in a title counts as several in the body, more so
// in a question a member might ask in the same words.
const (
	titleWeight    = 2.5
	questionWeight = 3.0
)

// prepare tokenizes p once, for the index and for answering.
func (p *passage) prepare() *passage {
	p.terms = map[string]float32{}
	p.has = map[string]bool{}
	p.titleHas = map[string]bool{}
	for _, t := range tokenize(p.title) {
		p.titleHas[t.stem] = true
	}
	for _, t := range tokenize(p.context) {
		p.has[t.stem] = true
	}
	seen := map[string]bool{}
	add := func(text string, w float32) {
		for _, t := range tokenize(text) {
			if !seen[t.word] {
				seen[t.word] = true
				p.words = append(p.words, t.word)
			}
			p.has[t.stem] = true
			if isStop(t.word) {
				continue
			}
			p.terms[t.stem] += w
			p.length += w
		}
	}
	tw := float32(titleWeight)
	switch {
	case p.question:
		tw = questionWeight
	case p.row:
		// A row's sentence already names its subject; its title (the
		// first column's header and the subject) adds no weight, or a
		// short row would win on any word of its subject.
		tw = 0
	}
	add(p.title, tw)
	add(p.body, 1)
	p.sentences = sentences(p.body)
	p.sentStems = make([]map[string]bool, len(p.sentences))
	p.sentPairs = make([]map[[2]string]bool, len(p.sentences))
	p.traits = make([]traits, len(p.sentences))
	p.units = map[string]bool{}
	for i, s := range p.sentences {
		ws := words(s)
		ts := tokensOf(ws)
		var tr traits
		tr.set(tellsAStory, tellsStory(ws))
		tr.set(voices, tr.has(tellsAStory) || exclaims(s) || strings.HasSuffix(strings.TrimSpace(s), "?"))
		tr.set(pointsBackTo, pointsBack(ws))
		if len(ws) > 0 {
			tr.set(goesOn, refersBack[ws[0]])
			tr.set(opensWithExample, len(ws) > 1 && ws[0] == "for" && (ws[1] == "example" || ws[1] == "instance"))
		}
		tr.set(givesRate, statesRate(ts, true))
		tr.set(givesCriteriaOf, givesCriteria(ts))
		tr.set(comparesThings, compares(ts))
		tr.set(givesACause, givesCause(ts))
		tr.set(givesAdvice, advises(ws))
		tr.set(saysHow, explainsHow(s))
		tr.set(namesAPlace, namesPlace(ws))
		tr.set(namesExampleList, namesExamples(ts))
		set := map[string]bool{}
		p.sentPairs[i] = stemPairs(ts)
		for k, t := range ts {
			set[t.stem] = true
			if isAmount(t.word) && k+1 < len(ts) {
				p.units[unitStem(ts[k+1].word)] = true
			}
			// A list item's number ("2. Invest in...") is no amount.
			if (k > 0 || !isListItem(s)) && isAmount(t.word) {
				tr |= givesAmount
			}
			// "for short periods", "a brief session": a length said
			// without a number.
			if k+1 < len(ts) && durationAdjectives[t.word] && durationNouns[ts[k+1].word] {
				tr |= givesAmount
			}
			if oftenWords[t.word] {
				tr |= givesOften
			}
			if effectWords[t.stem] {
				tr |= saysEffect
			}
		}
		p.sentStems[i] = set
		p.traits[i] = tr
	}
	if p.entry {
		for _, t := range tokenize(p.title + " " + p.body) {
			p.health = p.health || healthWords[t.stem]
		}
	}
	return p
}

// stemPairs are the pairs of neighbouring stems of ts that are not
// stopwords ("foot spa", "air compression").
func stemPairs(ts []token) map[[2]string]bool {
	var out map[[2]string]bool
	for i := 0; i+1 < len(ts); i++ {
		if isStop(ts[i].word) || isStop(ts[i+1].word) {
			continue
		}
		if out == nil {
			out = map[[2]string]bool{}
		}
		out[[2]string{ts[i].stem, ts[i+1].stem}] = true
	}
	return out
}

// document is a knowledge file's name and text.
type document struct {
	name     string
	text     string
	markdown bool
}

// docTitle turns "foot-massage-for-runners.txt" into "Foot massage for runners".
func docTitle(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	r, n := utf8.DecodeRuneInString(base)
	if n == 0 {
		return "Notes"
	}
	return string(unicode.ToUpper(r)) + base[n:]
}

// split cuts a document into passages: a section per heading, a passage per
// table row (the header read into its sentences), one per Q&A pair and one
// per numbered list item (titled by the list's heading, which is context).
// The items of one list share their first sentences, for a question about
// the list as a whole.
func split(doc document) []*passage {
	var (
		out     []*passage
		title   = docTitle(doc.name)
		heading = false
		body    []string
		qa      bool // inside a Q&A pair: title is the question
		header  []string
		list    []*passage // the current numbered list's items
	)
	endList := func() {
		if len(list) >= 3 {
			var leads []string
			for _, it := range list {
				if ss := sentences(it.body); len(ss) > 0 {
					leads = append(leads, ss[0])
				}
			}
			for _, it := range list {
				it.listLeads = leads
			}
		}
		list = nil
	}
	level := 0           // the current markdown heading's level (# is 1)
	var section *passage // the current heading's own text, if any
	var outline []string // the headings above the current one, outermost first
	var outlineLevels []int
	flush := func() {
		text := strings.TrimSpace(strings.Join(body, "\n"))
		if text != "" {
			p := &passage{title: title, body: text, question: qa, heading: heading && !qa,
				context: strings.Join(outline, "\n")}
			out = append(out, p)
			if heading && !qa {
				section = p
			}
		}
		body = nil
	}
	for _, raw := range strings.Split(strings.ReplaceAll(doc.text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if !strings.HasPrefix(line, "|") {
			header = nil
		}
		if line != "" && !isListItem(line) {
			endList()
		}
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "|"):
			cells := tableCells(line)
			if isSeparatorRow(cells) {
				continue
			}
			if header == nil {
				flush()
				qa = false
				header = cells
				continue
			}
			out = append(out, tableRow(header, cells))
		case doc.markdown && strings.HasPrefix(line, "#"):
			flush()
			n := len(line) - len(strings.TrimLeft(line, "#"))
			if section != nil && n > level {
				// "## Heat" under "# Recovery": the section's own text is
				// an intro to its children, not their rival.
				section.parent = true
			}
			for len(outlineLevels) > 0 && outlineLevels[len(outlineLevels)-1] >= n {
				outline, outlineLevels = outline[:len(outline)-1], outlineLevels[:len(outlineLevels)-1]
			}
			if heading && level > 0 && level < n {
				outline, outlineLevels = append(outline, title), append(outlineLevels, level)
			}
			section, level = nil, n
			title, heading, qa = strings.TrimSpace(strings.TrimLeft(line, "#")), true, false
			if q, ok := cutQA(title, "Q"); ok {
				title, heading, qa = q, false, true
			}
		case isQA(line, "Q"):
			flush()
			q, _ := cutQA(line, "Q")
			title, heading, qa = q, false, true
		case isQA(line, "A"):
			a, _ := cutQA(line, "A")
			body = append(body, a)
		case isHeading(line):
			flush()
			title, heading, qa = stripMarkup(line), true, false
		case isListItem(line) && !qa:
			flush()
			it := &passage{title: title, body: line, item: true}
			out = append(out, it)
			list = append(list, it)
		default:
			body = append(body, line)
		}
	}
	flush()
	endList()
	return out
}

// isHeading: a short line without final punctuation (a question mark is
// allowed: "Heat, Compression, and Shiatsu: What's the Hype About?").
func isHeading(line string) bool {
	line = stripMarkup(line)
	n := utf8.RuneCountInString(line)
	if n == 0 || n > 100 || len(strings.Fields(line)) > 14 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	if isListItem(line) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".,;:!\"'", last)
}

func isListItem(line string) bool {
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')')
}

func stripMarkup(s string) string { return strings.TrimSpace(strings.Trim(s, "*_ ")) }

// isQA recognises "Q: ..." / "A: ..." (also bold or "Question:").
func isQA(line, letter string) bool {
	_, ok := cutQA(line, letter)
	return ok
}

func cutQA(line, letter string) (string, bool) {
	s := strings.TrimLeft(line, "*_ ")
	long := map[string]string{"Q": "Question", "A": "Answer"}[letter]
	for _, p := range []string{letter + ":", letter + ".", long + ":"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			rest := strings.TrimSpace(strings.TrimLeft(s[len(p):], "*_ "))
			return strings.TrimRight(rest, "*_ "), rest != ""
		}
	}
	return "", false
}

func tableCells(line string) []string {
	line = strings.Trim(strings.TrimSpace(line), "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func isSeparatorRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

// tableRow makes one passage of a row that reads as a sentence, not a cell
// dump: "<first cell>: <second cell>; <column>: <cell>; ..." ("Foot Roller
// (Manual): portable, affordable, allows targeted pressure; best for: spot
// treatment, ...; considerations: requires user effort, ..."). One sentence
// keeps what a row says about its subject together, and names the subject
// once. The first column's header and the subject title it.
func tableRow(header, cells []string) *passage {
	subject := cells[0]
	var parts []string
	for i, c := range cells {
		if i == 0 || c == "" {
			continue
		}
		cell := strings.TrimSuffix(lowerFirst(oneSentence(c)), ".")
		if i > 1 {
			label := "column " + strconv.Itoa(i+1)
			if i < len(header) && header[i] != "" {
				label = lowerTitle(header[i])
			}
			cell = label + ": " + cell
		}
		parts = append(parts, cell)
	}
	body := oneSentence(subject)
	if len(parts) > 0 {
		body = subject + ": " + strings.Join(parts, "; ") + "."
	}
	title := subject
	if len(header) > 0 && header[0] != "" {
		title = header[0] + ": " + subject
	}
	return &passage{title: title, body: body, row: true}
}

// oneSentence joins a cell's sentences with commas and ends it with a full
// stop, so a cell stays one part of its row's sentence.
func oneSentence(c string) string {
	ss := sentences(c)
	for i := range ss {
		ss[i] = strings.TrimRight(ss[i], ".!? ")
		if i > 0 {
			ss[i] = lowerFirst(ss[i])
		}
	}
	return strings.Join(ss, ", ") + "."
}

// lowerTitle lowercases a column header's words for use inside a sentence
// ("Key Features for Runners" -> "key features for runners"), keeping
// all-capital words ("UV").
func lowerTitle(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		ws[i] = lowerFirst(w)
	}
	return strings.Join(ws, " ")
}

// lowerFirst lowercases a leading capital unless the word is all capitals
// ("Deep kneading" -> "deep kneading", "UV light" stays).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// entryPassage makes a club's /faq entry retrievable like a Q&A pair.
func entryPassage(e Entry) *passage {
	return &passage{title: strings.TrimSpace(e.Question), body: strings.TrimSpace(e.Answer), question: true, entry: true}
}

// traits are what a sentence does, noted once while its passage is
// prepared: a bit each, read with says.
type traits uint32

const (
	givesAmount      traits = 1 << iota // states an amount (a number, "a few", "for short periods")
	givesOften                          // says how often ("daily", "every run")
	tellsAStory                         // tells a story or talks about the text (tellsStory)
	voices                              // a story, an exclamation or the writer's own question: it voices more than it states
	pointsBackTo                        // names its subject as already known (pointsBack)
	goesOn                              // opens by continuing the one before ("They're...", "So...")
	opensWithExample                    // opens with "For example" or "For instance"
	saysEffect                          // says what something does (effectWords)
	givesRate                           // gives a rate (statesRate)
	givesCriteriaOf                     // says what a choice depends on (givesCriteria)
	comparesThings                      // compares two things (compares)
	givesACause                         // gives a cause (givesCause)
	givesAdvice                         // gives advice (advises)
	saysHow                             // says how something works (explainsHow)
	namesAPlace                         // names a place on the body (namesPlace)
	namesExampleList                    // names examples (namesExamples)
)

// has reports whether t includes x.
func (t traits) has(x traits) bool { return t&x != 0 }

// set turns x on when on is true.
func (t *traits) set(x traits, on bool) {
	if on {
		*t |= x
	}
}

// says reports whether sentence i of p has trait x.
func (p *passage) says(i int, x traits) bool { return p.traits[i].has(x) }

// anySays reports whether some sentence of p has trait x.
func (p *passage) anySays(x traits) bool {
	for _, t := range p.traits {
		if t.has(x) {
			return true
		}
	}
	return false
}
