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

	// derived by prepare
	terms     map[string]float32 // stem -> weighted frequency (title and question weighted)
	length    float32            // weighted length, for BM25
	has       map[string]bool    // stems present anywhere
	titleHas  map[string]bool    // stems of the title
	sentences []string           // body sentences
	sentStems []map[string]bool  // stems of each sentence
	listLeads []string           // first sentences of a numbered list's items
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
	add := func(text string, w float32) {
		for _, t := range tokenize(text) {
			p.has[t.stem] = true
			if isStop(t.word) {
				continue
			}
			p.terms[t.stem] += w
			p.length += w
		}
	}
	tw := float32(titleWeight)
	if p.question {
		tw = questionWeight
	}
	add(p.title, tw)
	add(p.body, 1)
	p.sentences = sentences(p.body)
	var leads []string
	for _, line := range strings.Split(p.body, "\n") {
		if line = strings.TrimSpace(line); isListItem(line) {
			if ss := sentences(line); len(ss) > 0 {
				leads = append(leads, ss[0])
			}
		}
	}
	if len(leads) >= 3 {
		p.listLeads = leads
	}
	p.sentStems = make([]map[string]bool, len(p.sentences))
	for i, s := range p.sentences {
		set := map[string]bool{}
		for _, t := range tokenize(s) {
			set[t.stem] = true
		}
		p.sentStems[i] = set
	}
	return p
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
// table row (the header repeated into it) and one per Q&A pair.
func split(doc document) []*passage {
	var (
		out     []*passage
		title   = docTitle(doc.name)
		heading = false
		body    []string
		qa      bool // inside a Q&A pair: title is the question
		header  []string
	)
	flush := func() {
		text := strings.TrimSpace(strings.Join(body, "\n"))
		if text != "" {
			out = append(out, &passage{title: title, body: text, question: qa, heading: heading && !qa})
		}
		body = nil
	}
	for _, raw := range strings.Split(strings.ReplaceAll(doc.text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if !strings.HasPrefix(line, "|") {
			header = nil
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
		default:
			body = append(body, line)
		}
	}
	flush()
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

// tableRow makes one passage of a row, each cell labelled with its column,
// so "Best For: ..." reads as a sentence of its own.
func tableRow(header, cells []string) *passage {
	var b strings.Builder
	for i, c := range cells {
		if c == "" {
			continue
		}
		label := "Column " + strconv.Itoa(i+1)
		if i < len(header) && header[i] != "" {
			label = header[i]
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(label + ": " + strings.TrimRight(c, " "))
		if !strings.ContainsRune(".!?", lastRune(c)) {
			b.WriteString(".")
		}
	}
	title := cells[0]
	if len(header) > 0 && header[0] != "" {
		title = header[0] + ": " + cells[0]
	}
	return &passage{title: title, body: b.String(), heading: false}
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// entryPassage makes a club's /faq entry retrievable like a Q&A pair.
func entryPassage(e Entry) *passage {
	return &passage{title: strings.TrimSpace(e.Question), body: strings.TrimSpace(e.Answer), question: true, entry: true}
}
