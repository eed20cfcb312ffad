package faq

import "strings"

// Covers reports whether Answer would now answer text for the server (or
// catch it as a red flag) rather than decline it. It ranks lexically only,
// with no network call (no embedding, no LLM), so /faq gaps can check many
// logged questions cheaply: a question a later /faq add answers drops out.
func (e *Engine) Covers(guildID, text string) bool {
	text = strings.TrimSpace(text)
	if len(redFlags(text)) > 0 {
		return true
	}
	ix := e.indexFor(guildID)
	qa := analyze(text, e.lx)
	ranked, words := ix.search(qa)
	_, ok := e.pick(ix, qa, ranked, candidates, words[:min(len(words), candidates)])
	return ok
}
