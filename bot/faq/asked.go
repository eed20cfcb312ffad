package faq

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// Members put a question in their own words, the document answers it in
// its own: "I'm skint, what's a cheap way to look after my feet?" and "a
// simple foot roller or a spiky massage ball" share no word. Questions
// members asked, each with a phrase of the sentence that answers it
// (prompts/asked.jsonl), bridge the two: each sentence learns the words of
// the questions it answered, and a new question with those words finds
// it. It is document expansion, an old idea of search engines (a passage
// indexed with the queries it answers), and it only ranks: whether the
// notes cover a question is judged on the document's words alone (search's
// byWords), so a learned word never turns a decline into an answer.

// askedCase is one line of prompts/asked.jsonl: Set names the question set
// it comes from, so that a test can leave a set out and score it unseen;
// Any holds phrases of the answering sentence, as the scorer reads them.
type askedCase struct {
	Set string   `json:"set"`
	Q   string   `json:"q"`
	Any []string `json:"any"`
}

// parseAsked reads prompts/asked.jsonl.
func parseAsked(data string) ([]askedCase, error) {
	var out []askedCase
	for i, line := range strings.Split(data, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var c askedCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("asked questions, line %d: %w", i+1, err)
		}
		if strings.TrimSpace(c.Q) == "" || len(c.Any) == 0 {
			return nil, fmt.Errorf("asked questions, line %d: a question and a phrase are needed", i+1)
		}
		out = append(out, c)
	}
	return out, nil
}

// learned is what the asked questions taught about a set of passages:
// for each stem, the passages whose sentences answered questions with it
// (posting.tf sums those questions' weights), and in how many answering
// sentences each stem is, for its idf. Passage numbers are those of the
// documents, which come first in every index.
type learned struct {
	postings map[string][]posting
	df       map[string]int
	n        int // sentences that answered a question
}

// Weights of a learned word, in a passage's search score and in a
// sentence's lead score, against a document word of the same idf: chosen
// by scoring each question set with what the others taught (2 and 1.5:
// 1,377 of 1,751 answers led with their fact; 1 and 1: 1,362; weights
// from 1.5 to 2.5 were within a few answers of the best).
const (
	learnedPassageWeight  = 2.0
	learnedSentenceWeight = 1.5
)

// learn finds each case's answering sentences in ps (where one of its
// phrases is, in whole words), and gives them the question's search terms
// (a question found in several sentences shares its weight among them).
// It sets ps' asked words, so it runs before ps are in any index, whose
// passages are read-only.
func learn(ps []*passage, cases []askedCase, lx *lexicon) learned {
	type at struct{ doc, sentence int }
	// Each sentence as the scorer reads it, and the sentences each word
	// is in: a phrase is looked for only where its first word is.
	var texts []string
	var where []at
	byWord := map[string][]int{}
	for d, p := range ps {
		for i, s := range p.sentences {
			t := scorerText(s)
			seen := map[string]bool{}
			for _, w := range strings.FieldsFunc(t, notWordRune) {
				if !seen[w] {
					seen[w] = true
					byWord[w] = append(byWord[w], len(texts))
				}
			}
			texts = append(texts, t)
			where = append(where, at{d, i})
		}
	}

	for _, c := range cases {
		found := map[at]bool{}
		for _, phrase := range c.Any {
			phrase = scorerText(strings.TrimSpace(phrase))
			first := strings.FieldsFunc(phrase, notWordRune)
			if len(first) == 0 {
				continue
			}
			for _, k := range byWord[first[0]] {
				if containsWords(texts[k], phrase) {
					found[where[k]] = true
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		share := 1 / float32(len(found))
		terms := analyze(c.Q, lx).terms
		for a := range found {
			p := ps[a.doc]
			if p.asked == nil {
				p.asked = make([]map[string]float32, len(p.sentences))
			}
			if p.asked[a.sentence] == nil {
				p.asked[a.sentence] = map[string]float32{}
			}
			for stem, w := range terms {
				p.asked[a.sentence][stem] += share * float32(w)
			}
		}
	}

	l := learned{postings: map[string][]posting{}, df: map[string]int{}}
	for d, p := range ps {
		sum := map[string]float32{}
		for _, m := range p.asked {
			if m == nil {
				continue
			}
			l.n++
			for stem, w := range m {
				l.df[stem]++
				sum[stem] += w
			}
		}
		for stem, w := range sum {
			l.postings[stem] = append(l.postings[stem], posting{doc: d, tf: w})
		}
	}
	return l
}

// scorerText is s as the scorer compares it: lowercased, quotes and dashes
// straightened.
func scorerText(s string) string { return strings.ToLower(normalizeText(s)) }

// notWordRune: r is not in a word as a regexp's \b sees words.
func notWordRune(r rune) bool {
	return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// containsWords reports whether phrase is in text neither starting nor
// ending inside a word (as the scorer's \b-bounded search finds it).
func containsWords(text, phrase string) bool {
	word := func(b byte) bool { return !notWordRune(rune(b)) }
	for off := 0; ; {
		i := strings.Index(text[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if !(word(text[i]) && i > 0 && word(text[i-1])) && !(word(text[end-1]) && end < len(text) && word(text[end])) {
			return true
		}
		off = i + 1
	}
}

// idf is BM25's idf over the sentences that answered questions.
func (l learned) idf(stem string) float64 {
	df := float64(l.df[stem])
	return math.Log(1 + (float64(l.n)-df+0.5)/(df+0.5))
}

// weight is what the learned stem adds for q to a passage or sentence
// that learned it with weight x: idf-weighted, saturating with how many
// questions used it there.
func (l learned) weight(q *query, stem string, x float32) float64 {
	tf := float64(x)
	return q.terms[stem] * l.idf(stem) * tf / (tf + 1)
}

// sentence is what sentence i of p learned that q asks.
func (l learned) sentence(q *query, p *passage, i int) float64 {
	if p.asked == nil || p.asked[i] == nil {
		return 0
	}
	s := 0.0
	for stem := range q.terms {
		if x := p.asked[i][stem]; x > 0 {
			s += l.weight(q, stem, x)
		}
	}
	return s
}
