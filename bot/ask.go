package bot

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/faq"
)

// maxQuestionRunes bounds /ask's question.
const maxQuestionRunes = 300

// mentionMarkup matches user, role and channel mentions and @everyone/@here.
var mentionMarkup = regexp.MustCompile(`<(?:@[!&]?|#)\d{1,20}>|@(?:everyone|here)\b`)

// How much of an answer's sources and related topics an embed lists: enough
// to follow up, few enough to keep the answer the main thing.
const (
	maxSourcesShown = 3
	maxRelatedShown = 5
)

// FAQ results, the "result" label of Metrics.FAQAnswer.
const (
	resultAnswered = "answered"
	resultDeclined = "declined"
	resultRedFlag  = "redflag"
)

// ask handles /ask question. The answer is always deferred: with an LLM it
// can take seconds, and deferring costs nothing without one (Discord shows
// "thinking…" for a moment). Answers are public, except red-flag answers,
// which only the asker sees. The question, answered or not, is logged; its
// log id goes on the Helpful / Not helpful buttons.
func (b *Bot) ask(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	q, _ := opts.String("question")
	q = strings.TrimSpace(q)
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		return userError("Ask a question, e.g. `/ask question: how long should I massage my feet after a run?`")
	case n > maxQuestionRunes:
		return userError("Questions can be up to %d characters; yours has %d. Try asking the main point only.", maxQuestionRunes, n)
	case !utf8.ValidString(q):
		return userError("That question has characters clubbot cannot read.")
	}
	guild, user := i.GuildID, userID(i)
	// Mentions are Discord markup, not words of the question.
	if clean := strings.Join(strings.Fields(mentionMarkup.ReplaceAllString(q, " ")), " "); clean != "" {
		q = clean
	}
	// A red flag is about the member's own health: answer it privately.
	private := b.FAQ.RedFlag(q)
	return deferred(private, func(ctx context.Context) *discordgo.WebhookEdit {
		return b.answer(ctx, guild, user, q)
	})
}

// answer asks the engine, logs the question and renders the answer.
func (b *Bot) answer(ctx context.Context, guild, user, q string) *discordgo.WebhookEdit {
	a := b.FAQ.Answer(ctx, faq.Query{GuildID: guild, UserID: user, Text: q})
	result := resultDeclined
	switch a.Kind {
	case faq.KindRedFlag:
		result = resultRedFlag
	case faq.KindAnswer:
		result = resultAnswered
	}
	b.Metrics.FAQAnswer(result, a.Mode)
	// Red flags were handled (see a professional), so they are not gaps.
	qid, err := b.Store.LogQuestion(ctx, guild, user, q, a.Kind != faq.KindDecline)
	if err != nil {
		b.logger().Warn("log question", "guild", guild, "err", err)
		qid = 0 // answer anyway, without feedback buttons
	}
	e := edit("", answerEmbed(q, a))
	if qid > 0 {
		rows := []discordgo.MessageComponent{feedbackRow(qid)}
		e.Components = &rows
	}
	return e
}

// answerEmbed renders an answer in one of its three faces (SPEC 5): an
// answer (its lead sentence first, then its sources), a decline ("not in the
// club's notes", topics to try) or a red-flag referral. The member's
// question is the title (it is data, shown escaped). The text is the
// engine's as it is: the "not medical advice" line is there on document
// answers, declines and referrals, and not on a club's entry about meeting
// times and the like.
func answerEmbed(q string, a faq.Answer) *discordgo.MessageEmbed {
	colour, icon := colourInfo, "❓ "
	switch a.Kind {
	case faq.KindRedFlag:
		colour, icon = colourRedFlag, "⚠️ "
	case faq.KindDecline:
		colour = colourWarn
	}
	text := strings.TrimSpace(a.Text)
	if text == "" {
		text = "That is not in the club's notes."
	}
	em := &discordgo.MessageEmbed{
		Title:       truncate(icon+q, maxEmbedTitle),
		Description: truncate(text, maxEmbedDesc),
		Color:       colour,
	}
	if a.Kind == faq.KindAnswer && len(a.Sources) > 0 {
		var src []string
		for _, s := range a.Sources[:min(len(a.Sources), maxSourcesShown)] {
			src = append(src, "• "+truncate(s.Title, 120))
		}
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: "Sources", Value: truncate(strings.Join(src, "\n"), maxFieldValue)})
	}
	if a.Kind == faq.KindDecline && len(a.Related) > 0 && !strings.Contains(text, a.Related[0]) {
		var rel []string
		for _, r := range a.Related[:min(len(a.Related), maxRelatedShown)] {
			rel = append(rel, "• "+truncate(r, 120))
		}
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: "Try asking about", Value: truncate(strings.Join(rel, "\n"), maxFieldValue)})
	}
	return em
}

// feedbackRow is the Helpful / Not helpful pair under an answer.
func feedbackRow(questionID int64) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Helpful", Style: discordgo.SuccessButton, CustomID: feedbackButtonID(questionID, true)},
		discordgo.Button{Label: "Not helpful", Style: discordgo.SecondaryButton, CustomID: feedbackButtonID(questionID, false)},
	}}
}

// askAutocomplete suggests known questions: the engine's headings and the
// server's /faq entries matching what was typed.
func (b *Bot) askAutocomplete(ctx context.Context, i *discordgo.Interaction) Reply {
	_, opts := commandOptions(i)
	_, typed, ok := opts.focused()
	if !ok {
		return autocomplete()
	}
	typed = truncate(strings.TrimSpace(typed), maxQuestionRunes)
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, s := range b.FAQ.Suggest(i.GuildID, typed, maxChoices) {
		v := cutBytes(s, maxChoiceString)
		if v == "" {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(s, maxChoiceName), Value: v})
	}
	return autocomplete(out...)
}

// cutBytes cuts s to at most n bytes at a rune boundary (choice values are
// limited in bytes, and a cut question still asks the same thing).
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// askEntry is /ask, with its question autocomplete and the answer's
// Helpful / Not helpful buttons (feedback.go).
func askEntry() command {
	return command{
		def: serverCommand(&discordgo.ApplicationCommand{
			Name:        "ask",
			Description: "Ask a foot-care question; answered from the club's documents.",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true, Autocomplete: true,
				Description: "Your question, e.g. how long should I roll my arch after a run?",
				MinLength:   intPtr(3), MaxLength: 300,
			}},
		}),
		run:          (*Bot).ask,
		autocomplete: (*Bot).askAutocomplete,
		components:   map[string]componentHandler{kindFeedback: (*Bot).clickFeedback},
	}
}
