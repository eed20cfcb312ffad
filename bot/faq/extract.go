package faq

import (
	"strings"
	"unicode/utf8"
)

// extractive answers from the documents alone: the best passage's most
// relevant sentences, and one from the next passage when it also covers the
// question and there is room.
func (e *Engine) extractive(ix *index, q *query, ranked []hit, best int) Answer {
	p := ix.passages[best]
	var parts []string
	if p.entry {
		// A club's entry is already an answer, written for members.
		parts = []string{clip(p.body, answerBudget)}
	} else {
		parts = bestSentences(ix, q, p, extractBudget)
	}
	sources := []Source{{Title: p.title, Excerpt: clip(parts[0], excerptRunes)}}
	used := runes(parts)
	for i := 0; i < len(ranked) && i < candidates; i++ {
		o := ix.passages[ranked[i].doc]
		if ranked[i].doc == best || o.entry || o.title == p.title {
			continue
		}
		if share, onTopic := ix.coverage(q, o); share < minCoverage || !onTopic {
			continue
		}
		extra := bestSentences(ix, q, o, answerBudget-used)
		if len(extra) == 0 || used+runes(extra[:1]) > answerBudget || sentenceScore(ix, q, o, extra[0]) == 0 {
			continue
		}
		parts = append(parts, extra[0])
		sources = append(sources, Source{Title: o.title, Excerpt: clip(extra[0], excerptRunes)})
		break
	}
	return Answer{
		Answered: true,
		Text:     strings.Join(parts, " ") + "\n\n" + Disclaimer,
		Sources:  sources,
		Mode:     Extractive,
	}
}

func runes(parts []string) int {
	n := 0
	for _, s := range parts {
		n += utf8.RuneCountInString(s) + 1
	}
	return n
}

// bestSentences picks the run of consecutive sentences of p that covers the
// question best within budget runes: each question word counts once at its
// idf (a synonym's at less), repeats a little, and among equal runs the one
// that starts earlier and says more wins. Consecutive sentences read as a
// paragraph and keep the sentence after a match, which is often the one that
// explains it. It always returns at least one sentence (clipped if too long).
func bestSentences(ix *index, q *query, p *passage, budget int) []string {
	n := len(p.sentences)
	if n == 0 || budget <= 0 {
		return nil
	}
	if len(p.listLeads) > 0 && titleShare(q, p) >= 0.5 {
		// The question is about the list as a whole ("tips for happy
		// feet"): its items' first sentences answer it.
		if leads := fitting(p.listLeads, budget); len(leads) >= 3 {
			return leads
		}
	}
	lengths := make([]int, n)
	for i, s := range p.sentences {
		lengths[i] = utf8.RuneCountInString(s) + 1
	}
	bestScore, bestFrom, bestTo := -1.0, 0, 0
	for from := 0; from < n; from++ {
		used := 0
		seen := map[string]bool{}
		score := 0.0
		for to := from; to < n; to++ {
			if used+lengths[to] > budget && to > from {
				break
			}
			used += lengths[to]
			score += windowGain(ix, q, p.sentStems[to], seen)
			if score > bestScore+1e-9 {
				bestScore, bestFrom, bestTo = score, from, to
			} else if score > bestScore-1e-9 && from == bestFrom {
				bestTo = to // as good and longer: more context
			}
		}
	}
	if bestTo == bestFrom && lengths[bestFrom] > budget {
		return []string{clip(p.sentences[bestFrom], budget)}
	}
	return p.sentences[bestFrom : bestTo+1]
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

// repeatWeight is what a question word counts for again in a later sentence.
const repeatWeight = 0.25

// windowGain is what one more sentence adds to a run: the question's words
// (and, apart, their synonyms' words) not seen in the run yet at full weight,
// the others at repeatWeight.
func windowGain(ix *index, q *query, has map[string]bool, seen map[string]bool) float64 {
	gain := 0.0
	add := func(key string, weight float64) {
		if seen[key] {
			gain += repeatWeight * weight
			return
		}
		seen[key] = true
		gain += weight
	}
	for _, w := range q.content {
		if has[w.stem] {
			add(w.stem, ix.idf(w.stem))
			continue
		}
		for _, a := range w.alts {
			if has[a] {
				add("~"+a, expansionWeight*ix.idf(a))
				break
			}
		}
	}
	return gain
}

// sentenceScore is how much of the question one sentence of p covers.
func sentenceScore(ix *index, q *query, p *passage, s string) float64 {
	for i, t := range p.sentences {
		if t == s {
			return windowGain(ix, q, p.sentStems[i], map[string]bool{})
		}
	}
	return 0
}
