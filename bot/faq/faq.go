// Package faq answers foot-care questions from the club's documents: it splits
// them into passages, ranks passages for a question, declines what they do not
// cover, catches red-flag symptoms before retrieval, and answers extractively
// or, when configured, through an OpenAI-compatible model.
package faq

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"clubbot/prompts"
)

// Mode names how an answer was made (the "mode" field of `clubbot ask --json`).
const (
	Extractive = "extractive"
	LLM        = "llm"
)

// Kinds of answer: the three faces a reply can have (SPEC 2 and 5).
const (
	KindAnswer  = "answer"
	KindDecline = "decline"
	KindRedFlag = "redflag"
)

// Source is a passage an answer rests on.
type Source struct {
	Title   string `json:"title"`
	Excerpt string `json:"excerpt"`
}

// Answer is the engine's reply to one question.
type Answer struct {
	Kind     string   // KindAnswer, KindDecline or KindRedFlag (the "kind" of `clubbot ask --json`)
	Answered bool     // true only for KindAnswer
	Text     string   // what the member reads, with the "not medical advice" line where it belongs
	Sources  []Source // passages cited, best first
	Mode     string   // Extractive or LLM
	RedFlag  bool     // caught by the red-flag rules: see a professional
	Related  []string // topics to try, when declined
	// Entry: the answer is a club's own /faq entry, shown as written (no
	// mention rewritten: allowed mentions stop pings) and, unless it is
	// about health, without the "not medical advice" line.
	Entry bool
}

// Query is one question from one member of one server.
type Query struct {
	GuildID string // selects the server's own /faq entries; "" for none
	UserID  string // for the per-member LLM rate limit
	Text    string
}

// Entry is a club-written question and answer (/faq add).
type Entry struct {
	ID       int64
	Question string
	Answer   string
}

// Config sets up an Engine.
type Config struct {
	// KnowledgeDir is a folder of .md/.txt documents; "" uses the bundled ones.
	KnowledgeDir string
	// Client turns on LLM answers when not nil.
	Client     *openai.Client
	ChatModel  string
	EmbedModel string        // "" turns embeddings off
	Timeout    time.Duration // LLM deadline; 0 means a default of 8s
	Now        func() time.Time
	Log        *slog.Logger
	// LLMPerMinute caps one member's LLM answers per minute (over it they get
	// the extractive answer); 0 means DefaultLLMPerMinute.
	LLMPerMinute int
	// OnLLM, when set, hears the outcome of every LLM call ("ok" or
	// "error"), for the bot's metrics.
	OnLLM func(outcome string)
}

// Defaults of Config.
const (
	DefaultTimeout      = 8 * time.Second
	DefaultChatModel    = "gpt-4o-mini"
	DefaultLLMPerMinute = 5
)

// Tuning of answers.
const (
	// minCoverage is the idf-weighted share of a question's content words the
	// answering passage must contain; below it the question is declined.
	minCoverage = 0.5
	// minAnswerShare is the share a passage needs to answer a question
	// another passage covers.
	minAnswerShare = 0.25
	// wholeShare: a passage with this share of the question's words has
	// them all.
	wholeShare = 0.999
	// candidates is how many top-ranked passages may answer, best first.
	candidates = 5
	// coverageCandidates is how many passages, by the documents' words,
	// may show that the notes cover a question: more than answer it (the
	// one with the thing asked about can rank low on a chatty question's
	// story), few enough that a server's thousand entries are not all
	// judged for every question.
	coverageCandidates = 20
	// answerBudget bounds an extractive answer's text (runes, SPEC 5).
	answerBudget = 500
	excerptRunes = 160
	// Disclaimer ends every answer.
	Disclaimer = "Not medical advice: pain that persists or worries should be seen by a doctor or podiatrist."
	// declineLead starts every declined answer.
	declineLead = "That's not in the club's notes, so I can't answer it from them."
)

// Engine answers questions. It is safe for concurrent use.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	lx     *lexicon
	docs   []*passage
	topic  map[string]bool
	prompt *template.Template
	limit  *limiter
	vecs   *vectorCache // nil without embeddings
	// learned is what the asked questions taught about the documents.
	learned learned

	mu     sync.RWMutex
	base   *index
	guilds map[string]*index

	// prepared keeps each server's tokenized entries, so a /faq add
	// re-tokenizes one entry, not all of them.
	preparedMu sync.Mutex
	prepared   map[string]map[Entry]*passage
}

// New loads the documents and builds the index. With an embedding model it
// embeds every passage once, here; a failure there only turns embeddings off.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	asked, err := parseAsked(prompts.Asked)
	if err != nil {
		return nil, fmt.Errorf("load FAQ asked questions: %w", err)
	}
	return newEngine(ctx, cfg, asked)
}

// newEngine is New learning from the asked questions given: a test leaves
// out the set it scores, so that it scores questions never learned from.
func newEngine(ctx context.Context, cfg Config, asked []askedCase) (*Engine, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ChatModel == "" {
		cfg.ChatModel = DefaultChatModel
	}
	if cfg.LLMPerMinute <= 0 {
		cfg.LLMPerMinute = DefaultLLMPerMinute
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	prompt, err := template.New("answer").Funcs(template.FuncMap{"json": jsonString}).Parse(prompts.Answer)
	if err != nil {
		return nil, fmt.Errorf("parse answer prompt: %w", err)
	}
	e := &Engine{cfg: cfg, log: log, lx: loadLexicon(), prompt: prompt, guilds: map[string]*index{},
		limit: newLimiter(cfg.LLMPerMinute, time.Minute), prepared: map[string]map[Entry]*passage{}}

	var docs []document
	if cfg.KnowledgeDir != "" {
		docs, err = folderDocuments(cfg.KnowledgeDir)
	} else {
		docs, err = bundledDocuments()
	}
	if err != nil {
		return nil, fmt.Errorf("load FAQ documents: %w", err)
	}
	e.topic = e.lx.topic
	if cfg.KnowledgeDir != "" {
		// A club's own documents are on-topic by their titles (headings,
		// table rows, questions), whatever their subject.
		e.topic = copySet(e.lx.topic)
	}
	for _, d := range docs {
		for _, p := range split(d) {
			e.docs = append(e.docs, p.prepare())
			if cfg.KnowledgeDir != "" {
				for _, t := range tokenize(p.title) {
					if !isStop(t.word) && !e.lx.filler[t.stem] {
						e.topic[t.stem] = true
					}
				}
			}
		}
	}
	if len(e.docs) == 0 {
		return nil, fmt.Errorf("load FAQ documents: no passages found")
	}
	if cfg.Client != nil && cfg.EmbedModel != "" {
		e.vecs = newVectorCache()
	}
	if cfg.KnowledgeDir == "" {
		// The asked questions' phrases are the bundled documents'; in a
		// club's own they would match by chance ("ice bath").
		e.learned = learn(e.docs, asked, e.lx)
	}
	e.base = e.buildIndex(ctx, e.docs)
	return e, nil
}

func copySet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// buildIndex indexes ps and, with embeddings on, attaches their vectors.
func (e *Engine) buildIndex(ctx context.Context, ps []*passage) *index {
	ix := newIndex(ps, e.topic)
	ix.learned = e.learned
	if e.vecs == nil {
		return ix
	}
	ctx, cancel := context.WithTimeout(ctx, 4*e.cfg.Timeout)
	defer cancel()
	texts := make([]string, len(ps))
	for i, p := range ps {
		texts[i] = embeddingText(p)
	}
	vs, err := e.embed(ctx, texts)
	if err != nil {
		e.log.Warn("faq: embeddings unavailable, ranking by words only", "err", err)
		return ix
	}
	ix.vectors = vs
	return ix
}

// indexFor returns the index a server's questions are answered from.
func (e *Engine) indexFor(guildID string) *index {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if ix, ok := e.guilds[guildID]; ok && guildID != "" {
		return ix
	}
	return e.base
}

// SetEntries replaces a server's club-written entries and re-indexes them.
func (e *Engine) SetEntries(guildID string, entries []Entry) {
	if guildID == "" {
		return
	}
	ps := make([]*passage, 0, len(e.docs)+len(entries))
	ps = append(ps, e.docs...)
	e.preparedMu.Lock()
	old, now := e.prepared[guildID], make(map[Entry]*passage, len(entries))
	for _, en := range entries {
		if strings.TrimSpace(en.Question) == "" || strings.TrimSpace(en.Answer) == "" {
			continue
		}
		p, ok := old[en]
		if !ok {
			p = entryPassage(en).prepare()
		}
		now[en] = p
		ps = append(ps, p)
	}
	if len(now) == 0 {
		delete(e.prepared, guildID)
	} else {
		e.prepared[guildID] = now
	}
	e.preparedMu.Unlock()
	if len(ps) == len(e.docs) {
		e.mu.Lock()
		delete(e.guilds, guildID)
		e.mu.Unlock()
		return
	}
	ix := e.buildIndex(context.Background(), ps)
	e.mu.Lock()
	e.guilds[guildID] = ix
	e.mu.Unlock()
}

// llmOutcome reports an LLM call's outcome to Config.OnLLM.
func (e *Engine) llmOutcome(err error) {
	if e.cfg.OnLLM == nil {
		return
	}
	if err != nil {
		e.cfg.OnLLM("error")
		return
	}
	e.cfg.OnLLM("ok")
}

// RedFlag reports whether text describes a red-flag symptom (SPEC 5). It is
// the same rule check Answer runs first, cheap enough to call before
// answering, so a handler can keep a member's health worry out of the channel.
func (e *Engine) RedFlag(text string) bool { return len(redFlags(text)) > 0 }

// Answer answers q. It never fails: on any LLM problem it answers extractively.
func (e *Engine) Answer(ctx context.Context, q Query) Answer {
	text := strings.TrimSpace(q.Text)
	if r := []rune(text); len(r) > maxQuestionRunes {
		text = string(r[:maxQuestionRunes])
	}
	if flags := redFlags(text); len(flags) > 0 {
		return clean(Answer{Text: redFlagText(flags) + "\n\n" + Disclaimer, Mode: Extractive, RedFlag: true})
	}
	ix := e.indexFor(q.GuildID)
	asked := text // the member's own words, to name what the notes lack
	text = ix.spell(text, e.lx)

	// One deadline covers every network call of this answer.
	var cancel context.CancelFunc = func() {}
	if e.cfg.Client != nil {
		ctx, cancel = context.WithTimeout(ctx, e.cfg.Timeout)
	}
	defer cancel()

	r := e.retrieve(ctx, ix, text, ownTopic)
	var uncovered []string
	if parts := questionParts(text); len(parts) > 1 {
		// A two-part question: answer the part the notes cover and say
		// which they do not; when every part is covered, or none, the
		// question is answered (or declined) whole.
		var covered []retrieval
		asking := false // a covered part asks; a remark alone does not
		for i, part := range parts {
			// A later part ("...and what about on rest days?") is about
			// what the first part is about: it is on-topic if that is,
			// and its "it" is that part's thing ("how cold should an ice
			// bath be and how many minutes do I sit in it").
			topic := ownTopic
			switch {
			case i > 0 && len(covered) > 0:
				topic = afterCovered
			case i > 0:
				topic = afterUncovered
			}
			if pr := e.retrieve(ctx, ix, part, topic); pr.ok {
				covered = append(covered, pr)
				asking = asking || asks(part)
			} else {
				uncovered = append(uncovered, part)
			}
		}
		switch {
		case len(covered) > 0 && len(uncovered) > 0 && asking:
			r = covered[0]
		case len(covered) > 1 && e.cfg.Client == nil:
			// Every part is covered: each part's lead answers it.
			return clean(e.extractiveParts(ix, covered))
		default:
			uncovered = nil
		}
	}
	if !r.ok {
		ans := e.decline(ix, r.ranked)
		if thing, ok := e.notesLack(ix, r.q, asked); ok {
			ans.Text = declineLead + " " + notCoveredThing(thing) + strings.TrimPrefix(ans.Text, declineLead)
		}
		return clean(ans)
	}
	ans := e.extractive(ix, r.q, ix.passages[r.best])
	if e.cfg.Client != nil && e.limit.allow(q.GuildID+"/"+q.UserID, e.cfg.Now()) {
		llm, err := e.llmAnswer(ctx, ix, r.q, r.text, r.ranked, r.best)
		e.llmOutcome(err)
		if err == nil {
			ans = llm
		} else {
			e.log.Warn("faq: LLM answer failed, answering extractively", "err", err)
		}
	}
	if len(uncovered) > 0 && ans.Answered {
		ans.Text = notCovered(ans.Text, uncovered)
	}
	return clean(ans)
}

// notesLack names what q asks that the notes lack (uncoveredSlot) as the
// member wrote it, asked: a choice's two sides ("the Pro or the Mini" is
// "Pro or Mini"), or the thing asked about before spelling correction.
func (e *Engine) notesLack(ix *index, q *query, asked string) (string, bool) {
	if pair, ok := ix.unknownChoice(q); ok {
		a, b, _ := strings.Cut(pair, " or ")
		return asWritten(asked, a) + " or " + asWritten(asked, b), true
	}
	thing, ok := ix.uncoveredThing(q)
	if !ok {
		return "", false
	}
	if s := askedSlot(tokenize(asked), e.lx); s != nil {
		thing = s.name()
	}
	return asWritten(asked, thing), true
}

// asWritten returns phrase with the member's own capitals ("Theragun or
// Hypervolt") when their question has it.
func asWritten(asked, phrase string) string {
	lower := strings.ToLower(asked)
	if i := strings.Index(lower, phrase); i >= 0 && len(lower) == len(asked) {
		end := i + len(phrase)
		// A hyphenated word read in parts ends where the member ended
		// it: "auto shut-off", not "auto shut".
		for end < len(asked) && asked[end] == '-' {
			rest := asked[end+1:]
			n := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if n < 0 {
				n = len(rest)
			}
			if n == 0 {
				break
			}
			end += 1 + n
		}
		out := asked[i:end]
		if first, _, _ := strings.Cut(phrase, " "); sentenceStart(asked, i) && len(out) > 1 && !unicode.IsUpper(rune(out[1])) && isEnglishWord(first) {
			// "Which calf stretches..." is capitalised as the start of
			// the member's sentence, not as a name ("Theragun" stays).
			out = phrase[:1] + out[1:]
		}
		return out
	}
	return phrase
}

// sentenceStart reports whether byte i of text starts a sentence: the
// text's start, or after ". ", "? " or "! ".
func sentenceStart(text string, i int) bool {
	j := strings.TrimRight(text[:i], " ")
	return j == "" || strings.HasSuffix(j, ".") || strings.HasSuffix(j, "?") || strings.HasSuffix(j, "!")
}

// extractiveParts answers a question whose parts are all covered: each
// part's lead in turn, the first with up to half the answer's budget.
func (e *Engine) extractiveParts(ix *index, parts []retrieval) Answer {
	first := ix.passages[parts[0].best]
	ans := e.extractive(ix, parts[0].q, first)
	if first.entry {
		return ans
	}
	// The later parts that add a sentence: a part whose lead is the first
	// part's own ("does a foot roller do heat, and is it good for
	// travelling?": the roller's row) adds nothing, and the first part's
	// answer then has the whole budget.
	type addition struct {
		q *query
		p *passage
	}
	var adds []addition
	firstLead, _ := bestLead(ix, parts[0].q, first)
	for _, r := range parts[1:] {
		p := ix.passages[r.best]
		// The first part's passage answers a later part when it covers it
		// ("...and what about on rest days?"): the same source reads on.
		if share, _ := ix.coverage(r.q, first); share >= minCoverage {
			p = first
		}
		if p.entry {
			continue
		}
		if lead, _ := bestLead(ix, r.q, p); p == first && lead == firstLead {
			continue
		}
		adds = append(adds, addition{q: r.q, p: p})
	}
	if len(adds) == 0 {
		return ans
	}
	body := strings.Join(bestSentences(ix, parts[0].q, first, answerBudget/2), " ")
	for _, a := range adds {
		more := bestSentences(ix, a.q, a.p, answerBudget-utf8.RuneCountInString(body)-1)
		if len(more) == 0 || strings.Contains(body, more[0]) {
			continue
		}
		body += " " + more[0]
		if a.p != first {
			ans.Sources = append(ans.Sources, Source{Title: a.p.title, Excerpt: clip(more[0], excerptRunes)})
		}
	}
	ans.Text = body + "\n\n" + Disclaimer
	return ans
}

// retrieval is one question (or part of one) looked up.
type retrieval struct {
	text   string
	q      *query
	ranked []hit
	best   int
	ok     bool
}

// partTopic says what makes a question's part on-topic besides its words.
type partTopic int

const (
	ownTopic       partTopic = iota // a whole question or a first part: its words and pronouns
	afterCovered                    // a later part after a covered one: on-topic
	afterUncovered                  // a later part after uncovered ones: its pronouns stand for their thing
)

// retrieve ranks passages for text (fused with embeddings when on) and
// picks the one that answers it; topic says what else makes it on-topic.
func (e *Engine) retrieve(ctx context.Context, ix *index, text string, topic partTopic) retrieval {
	r := retrieval{text: text, q: analyze(text, e.lx)}
	switch topic {
	case afterCovered:
		r.q.onTopic = true
	case afterUncovered:
		r.q.onTopic = false
	}
	var words []hit
	r.ranked, words = ix.search(r.q)
	if ix.vectors != nil {
		if v, err := e.embed(ctx, []string{text}); err == nil {
			r.ranked = fuse(r.ranked, ix.vectors, v[0])
			words = fuse(words, ix.vectors, v[0])
		} else {
			e.log.Warn("faq: query embedding failed", "err", err)
		}
	}
	ranked, limit := withKindRows(ix, r.q, r.ranked)
	r.best, r.ok = e.pick(ix, r.q, ranked, limit, words[:min(len(words), coverageCandidates)])
	return r
}

// withKindRows adds a table's rows of kinds ("Massager Type: Foot Roller")
// to the passages that may answer a question asking which kind or type
// ("which kind of massager suits sore feet best?"): each row is a kind
// with what it is best for, but a short row ranks low on the question's
// other words. Rows come after the ranked passages, scored like the last
// of them.
func withKindRows(ix *index, q *query, ranked []hit) ([]hit, int) {
	if !asksKind(q.tokens) || len(ranked) == 0 {
		return ranked, candidates
	}
	in := map[int]bool{}
	n := min(len(ranked), candidates)
	for _, h := range ranked[:n] {
		in[h.doc] = true
	}
	out := append([]hit(nil), ranked[:n]...)
	for i, p := range ix.passages {
		if p.row && !in[i] && kindTitle(p.title) {
			out = append(out, hit{doc: i, score: ranked[n-1].score})
		}
	}
	limit := len(out)
	return append(out, ranked[n:]...), limit
}

// asksKind: "which kind of", "what type of", "which massager types".
func asksKind(ts []token) bool {
	which := false
	for _, t := range ts {
		switch t.word {
		case "which", "what", "whats", "what's":
			which = true
		case "kind", "kinds", "type", "types", "kinda", "sort":
			if which {
				return true
			}
		}
	}
	return false
}

// kindTitle: a row titled as a kind ("Massager Type: ...").
func kindTitle(title string) bool {
	for _, w := range words(title) {
		if w == "type" || w == "kind" || w == "types" || w == "kinds" {
			return true
		}
	}
	return false
}

// notCovered says, after the answer to the covered part, which parts of a
// question the notes do not cover.
func notCovered(text string, parts []string) string {
	body, tail, hasTail := strings.Cut(text, "\n\n"+Disclaimer)
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = "“" + clip(strings.TrimRight(p, "?!. "), 120) + "”"
	}
	note := "The other part, " + strings.Join(quoted, " and ") + ", is not in the club's notes."
	body = clip(body, max(answerBudget-utf8.RuneCountInString(note)-2, excerptRunes)) + "\n\n" + note
	if hasTail {
		body += "\n\n" + Disclaimer + tail
	}
	return body
}

// pick chooses the passage that answers q, or reports that none covers it.
// Among the top-ranked passages that cover the question it takes the one
// whose best sentence answers it best, the rank weighing in: a passage can
// rank first on many loose matches while the next one has the sentence that
// answers. A club's entry that covers the question answers it as written.
// ranked[:limit] are the candidates; words are the top passages by the
// document's words alone (coverageCandidates), any of which may show that
// the notes cover q: the passage with the thing asked about can rank low
// on a chatty question's other words ("Do all runners like the same kind
// of massage pressure?").
func (e *Engine) pick(ix *index, q *query, ranked []hit, limit int, words []hit) (int, bool) {
	if len(q.content) == 0 || e.aboutOtherBodyPart(ix, q) || aboutSomeoneElse(q.tokens) {
		return 0, false
	}
	if _, uncovered := ix.uncoveredSlot(q); uncovered {
		return 0, false
	}
	// The question is covered when some passage has enough of its words
	// (judged on the document's words: what members' questions taught
	// ranks, but never decides a decline); then any top passage
	// with a fair share may answer it: the sentence that answers often
	// sits beside none of the member's incidental words ("I keep
	// forgetting... any tips" is answered by "a small, regular habit").
	// Each candidate's coverage is measured once.
	type candidate struct {
		share       float64
		onTopic, ok bool // ok: on topic and, asked an amount, states one
	}
	judged := map[int]candidate{}
	judge := func(doc int) candidate {
		if c, ok := judged[doc]; ok {
			return c
		}
		p := ix.passages[doc]
		share, onTopic := ix.coverage(q, p)
		onTopic = onTopic || share >= wholeShare && namesTerm(q, p)
		ok := (onTopic || q.onTopic) && !(q.quantity && !p.entry && !ix.statesAmount(q, p)) && !(p.row && asksHowTo(q.tokens))
		judged[doc] = candidate{share: share, onTopic: onTopic, ok: ok}
		return judged[doc]
	}
	covered := false
	for _, h := range words {
		c := judge(h.doc)
		covered = covered || c.ok && c.share >= minCoverage
	}
	cands := make([]candidate, min(len(ranked), limit))
	for i := range cands {
		cands[i] = judge(ranked[i].doc)
	}
	if !covered {
		return 0, false
	}
	best, bestVal := -1, 0.0
	parent, parentVal := -1, 0.0
	same := -1 // a Q&A pair asking the member's very question answers it
	general := ix.onlySubjectWords(q)
	kind := asksKind(q.tokens)
	for i, c := range cands {
		p := ix.passages[ranked[i].doc]
		share := c.share
		if share < minAnswerShare || !c.ok {
			continue
		}
		if p.entry || ix.vectors != nil {
			// A club's entry answers as written; with embeddings the
			// fused rank already weighs meaning, so it decides.
			if best < 0 {
				return ranked[i].doc, true
			}
			continue
		}
		_, lead := bestLead(ix, q, p)
		val := lead * (1 - rankWeight + rankWeight*ranked[i].score/ranked[0].score) * (1 - shareWeight + shareWeight*share)
		if general || !kind && ix.titleNamesAll(q, p) {
			// Only the notes' subject words ("why are feet important
			// for runners?"), or all of its words in one title ("the
			// key takeaway about foot health"): the passage titled most
			// like the question is about it.
			m, _ := titleMatch(q, p)
			val += m
		}
		if sameQuestion(q, p) && same < 0 {
			same = ranked[i].doc
		}
		if kind && p.row && kindTitle(p.title) {
			// Asked which kind does something, a kind that does it
			// answers (a row of the table of kinds), not a passage that
			// mentions the something in passing.
			val *= 1 + slotTitleBonus
		}
		if ix.titleNamesSlot(q, p) {
			// The passage is about the thing asked about ("Foot Roller
			// (Manual)" for "what's a foot roller best used for"), not
			// one that mentions it in passing.
			val *= 1 + slotTitleBonus
		}
		// A section's intro answers only what no other passage does: it
		// does not compete with its children.
		if p.parent {
			if parent < 0 || val > parentVal+1e-9 {
				parent, parentVal = ranked[i].doc, val
			}
			continue
		}
		if best < 0 || val > bestVal+1e-9 {
			best, bestVal = ranked[i].doc, val
		}
	}
	if same >= 0 {
		return same, true
	}
	if best < 0 {
		best = parent
	}
	return best, best >= 0
}

// titleNamesAll reports a title with every one of q's specific words, at
// least two: "what is the key takeaway about foot health" under "Key
// Takeaways for Optimal Foot Health".
func (ix *index) titleNamesAll(q *query, p *passage) bool {
	if p.row {
		return false
	}
	background := float64(len(ix.passages)) * backgroundShare
	n := 0
	for _, w := range q.content {
		if float64(len(ix.postings[w.stem])) > background {
			continue
		}
		if !p.titleHas[w.stem] {
			return false
		}
		n++
	}
	return n >= 2
}

// onlySubjectWords reports a question whose content words are all
// background: in most passages ("feet", "runners", "massager").
func (ix *index) onlySubjectWords(q *query) bool {
	background := float64(len(ix.passages)) * backgroundShare
	for _, w := range q.content {
		if float64(len(ix.postings[w.stem])) <= background {
			return false
		}
	}
	return len(q.content) > 0
}

// namesTerm reports whether q names a term of p word for word: every pair
// of neighbouring words of q stands together in p ("what's contrast
// therapy?"). Such a question is on the notes' topic though it has no
// foot-care word; "the best running watch" names no term of theirs.
func namesTerm(q *query, p *passage) bool {
	content := map[string]bool{}
	for _, w := range q.content {
		content[w.stem] = true
	}
	named := false
	for pair := range q.pairs {
		// Only the member's content words name the term: "does
		// contrast therapy help" names "contrast therapy".
		if !content[pair[0]] || !content[pair[1]] {
			continue
		}
		if !p.hasPair(pair) {
			return false
		}
		named = true
	}
	return named
}

// titleNamesSlot reports whether p's title names the thing q asks about:
// every content word of its slot, one of them specific (not in most
// passages: "foot massager" names every other section).
func (ix *index) titleNamesSlot(q *query, p *passage) bool {
	if q.slot == nil || q.slot.commerce != commerceNone {
		return false
	}
	background := float64(len(ix.passages)) * backgroundShare
	var words []token
	last := -1 // the last specific word (not in most passages)
	for _, t := range tokenize(q.slot.phrase) {
		if isStop(t.word) {
			continue
		}
		if float64(len(ix.postings[t.stem])) <= background {
			last = len(words)
		}
		words = append(words, t)
	}
	// The background words after it ("foot massagers" of "smart foot
	// massagers") name what most passages are about and need not be in
	// the title; those before it are part of the name ("foot roller").
	for _, t := range words[:last+1] {
		if !p.titleHas[t.stem] {
			return false
		}
	}
	return last >= 0
}

// statesAmount: a question asking how long, often, many or much is only
// answered by a passage with a sentence that gives an amount (or, for how
// often, a frequency: "daily", "every run") and speaks of
// something the question names ("how many miles should shoes last" is not
// answered by "shoes have a lifespan").
func (ix *index) statesAmount(q *query, p *passage) bool {
	background := float64(len(ix.passages)) * backgroundShare
	var named []contentWord // the question's specific words, else all of them
	for _, w := range q.content {
		if float64(len(ix.postings[w.stem])) <= background {
			named = append(named, w)
		}
	}
	if len(named) == 0 {
		named = q.content
	}
	for k, has := range p.sentStems {
		if !p.says(k, givesAmount) && !(q.often && p.says(k, givesOften)) {
			continue
		}
		if q.often {
			return true // "I also love to use it on my rest days" answers how often too
		}
		for _, w := range named {
			if w.coveredBy(has) {
				return true
			}
		}
	}
	return false
}

// rankWeight and shareWeight are how much a passage's rank and its share of
// the question's words count beside its best sentence.
const (
	rankWeight  = 0.5
	shareWeight = 0.3
	// slotTitleBonus is what a passage titled with the thing asked about
	// gains over one that only mentions it.
	slotTitleBonus = 0.5
)

// aboutOtherBodyPart: the question names a body part the documents are not
// about, and none they are about. A foot word that names a practice ("can
// foot massage help tight hamstrings?") does not count as the place, unless
// the notes say what foot care does to that other part ("reduce
// compensatory stress on your knees, hips...").
func (e *Engine) aboutOtherBodyPart(ix *index, q *query) bool {
	var others []string
	practice := false
	for i, t := range q.tokens {
		next := wordAfter(q.tokens, i)
		// "foot" in "foot massager" names the device, not where it
		// goes ("a foot massager on my back").
		if e.lx.covered[t.word] && !deviceWords[next] {
			if !practiceWords[next] {
				return false
			}
			practice = true
		}
		if e.lx.other[t.word] {
			others = append(others, t.stem)
		}
	}
	for _, ph := range e.lx.otherPhrases {
		if containsRun(q.tokens, ph) {
			return true
		}
	}
	if !practice {
		return len(others) > 0
	}
	for _, o := range others {
		if !ix.saysEffectOn(o) {
			return true
		}
	}
	return false
}

// saysEffectOn reports a sentence saying what something does (saysEffect)
// to the body part stem.
func (ix *index) saysEffectOn(stem string) bool {
	for _, p := range ix.passages {
		if !p.has[stem] {
			continue
		}
		for i, has := range p.sentStems {
			if has[stem] && p.says(i, saysEffect) {
				return true
			}
		}
	}
	return false
}

// aboutSomeoneElse: the question is about another person's feet or use
// ("can my kids use my massager", "my partner's feet", "would it be ok for
// him"): the notes speak to runners about their own feet, so they do not
// cover what suits children, parents or partners. A friend or coach in the
// member's story ("my mate lent me his") does not count.
func aboutSomeoneElse(ts []token) bool {
	person := false
	for i, t := range ts {
		if !otherPeople[t.word] {
			continue
		}
		person = true
		if t.possessive && i+1 < len(ts) && bodyWords[ts[i+1].word] {
			return true // "my partner's feet", not "my brother's massage gun"
		}
		if i+1 < len(ts) && (ts[i+1].word == "feet" || ts[i+1].word == "foot") {
			return true // "my kids feet"
		}
		for j := i + 1; j < len(ts) && j <= i+2; j++ {
			if set("use", "uses", "using", "try", "borrow")[ts[j].word] {
				return true // "can my kids use"
			}
		}
	}
	if !person {
		return false
	}
	for i := 1; i < len(ts); i++ {
		if ts[i-1].word == "for" && (ts[i].word == "him" || ts[i].word == "her" || ts[i].word == "them") {
			return true // "would it be ok for him"
		}
	}
	return false
}

// otherPeople are the people a member may ask about besides themselves.
var otherPeople = set("kid", "kids", "children", "child", "son", "daughter", "dad", "mum", "mom", "father", "mother",
	"grandad", "granddad", "grandma", "grandpa", "grandmother", "grandfather", "partner", "wife", "husband", "baby", "toddler")

// practiceWords follow a body word to name a practice, not a place.
var practiceWords = set("massage", "massages", "massaging")

// decline says the notes do not cover it and offers topics to try.
func (e *Engine) decline(ix *index, ranked []hit) Answer {
	related := relatedTopics(ix, ranked)
	return Answer{Text: declineText(related) + "\n\n" + Disclaimer, Mode: Extractive, Related: related}
}

// notCoveredThing names what a declined question asked about that the
// notes lack, so the member knows it is the thing, not the wording.
func notCoveredThing(thing string) string {
	return "The notes don't cover " + clip(thing, 60) + "."
}

// declineText says the notes do not cover it and lists the topics to try,
// ending in one stop even when a topic is a question ("...runner?", not
// "...runner?.").
func declineText(related []string) string {
	text := declineLead
	if len(related) > 0 {
		text += " Related topics to try: " + strings.Join(related, "; ")
		if !strings.ContainsRune(".!?", lastRune(text)) {
			text += "."
		}
	}
	return text
}

func relatedTopics(ix *index, ranked []hit) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		t = clip(t, 80)
		if t != "" && !seen[strings.ToLower(t)] && len(out) < 3 {
			seen[strings.ToLower(t)] = true
			out = append(out, t)
		}
	}
	for _, h := range ranked {
		add(ix.passages[h.doc].title)
	}
	for _, s := range ix.suggest {
		add(s)
	}
	return out
}

// clean makes an answer safe to post and names its kind: no mentions in
// text from the documents, a model or the member's question. A club's
// entry stays as its admins wrote it.
func clean(a Answer) Answer {
	switch {
	case a.RedFlag:
		a.Kind, a.Answered = KindRedFlag, false
	case a.Answered:
		a.Kind = KindAnswer
	default:
		a.Kind = KindDecline
	}
	if a.Entry {
		return a
	}
	a.Text = noPings(a.Text)
	for i := range a.Sources {
		a.Sources[i].Title = noPings(a.Sources[i].Title)
		a.Sources[i].Excerpt = noPings(a.Sources[i].Excerpt)
	}
	for i := range a.Related {
		a.Related[i] = noPings(a.Related[i])
	}
	return a
}

// Suggest returns up to limit known questions matching prefix, for autocomplete.
// Questions starting with prefix come first, then those with a word starting
// with it, then those containing it.
func (e *Engine) Suggest(guildID, prefix string, limit int) []string {
	if limit <= 0 {
		return nil
	}
	all := e.indexFor(guildID).suggest
	p := strings.ToLower(strings.Join(strings.Fields(normalizeText(prefix)), " "))
	type scored struct {
		s     string
		class int
	}
	var out []scored
	for _, s := range all {
		l := strings.ToLower(normalizeText(s))
		class := -1
		switch {
		case strings.HasPrefix(l, p):
			class = 0
		case strings.Contains(" "+l, " "+p):
			class = 1
		case strings.Contains(l, p):
			class = 2
		}
		if class >= 0 {
			out = append(out, scored{s, class})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].class < out[j].class })
	res := make([]string, 0, min(limit, len(out)))
	for i := 0; i < len(out) && i < limit; i++ {
		res = append(res, out[i].s)
	}
	return res
}

// soreSpotQueries says what to look up for each check-in sore spot.
var soreSpotQueries = map[string]string{
	"heel":     "heel pain plantar fasciitis",
	"arch":     "arch pain arches plantar fascia",
	"achilles": "achilles tendonitis calf",
	"toes":     "toes foot flexibility",
	"ankle":    "ankle ankles mobility stiff",
	"calf":     "calf calves tight",
}

// SoreSpot returns the passage about a sore spot ("heel", "arch", ...) for a
// check-in confirmation.
func (e *Engine) SoreSpot(spot string) (Source, bool) {
	qtext, ok := soreSpotQueries[strings.ToLower(strings.TrimSpace(spot))]
	if !ok {
		return Source{}, false
	}
	q := analyze(qtext, e.lx)
	ix := e.indexFor("")
	ranked, _ := ix.search(q)
	if len(ranked) == 0 {
		return Source{}, false
	}
	p := ix.passages[ranked[0].doc]
	text := strings.Join(bestSentences(ix, q, p, 300), " ")
	return Source{Title: noPings(p.title), Excerpt: noPings(text)}, true
}

// containsRun reports whether ws occur in ts in a row.
func containsRun(ts []token, ws []string) bool {
	for i := 0; i+len(ws) <= len(ts); i++ {
		match := true
		for k, w := range ws {
			if ts[i+k].word != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// asksHowTo: "how do I clean...", "how should you store...": the member
// asks how to do something, which a table row (what a kind of massager
// offers, suits and asks of its owner) never says.
func asksHowTo(ts []token) bool {
	for i := 0; i+3 < len(ts); i++ {
		if ts[i].word == "how" && howToAux[ts[i+1].word] && howToSubjects[ts[i+2].word] {
			return true
		}
	}
	return false
}

var (
	howToAux      = set("do", "does", "can", "should", "would")
	howToSubjects = set("i", "you", "u", "we", "one")
)
