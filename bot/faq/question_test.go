package faq

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuestionParts(t *testing.T) {
	cases := map[string][]string{
		"How long should I massage after a run?": {"How long should I massage after a run?"},
		"How long should I massage after a run, and how many miles should my shoes last?": {
			"How long should I massage after a run", "how many miles should my shoes last?"},
		"Is heat good? What about compression?":       {"Is heat good?", "What about compression?"},
		"Does heat and compression help sore arches?": {"Does heat and compression help sore arches?"},
		"Why? And how?": {"Why? And how?"}, // parts without words of their own
		// A follow-up pointing back asks on about the question before it.
		"Which calf stretches should I do? Any specific ones?":  {"Which calf stretches should I do? Any specific ones?"},
		"Is heat good? How long for each one? And compression?": {"Is heat good? How long for each one?", "And compression?"},
	}
	for in, want := range cases {
		if got := questionParts(in); !reflect.DeepEqual(got, want) {
			t.Errorf("questionParts(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSpell(t *testing.T) {
	e := newTestEngine(t)
	ix := e.base
	cases := map[string]string{
		"compresion socks":          "compression socks",
		"whats the diffrence":       "whats the difference",
		"does heat actualy work":    "does heat actualy work", // stems as "actually" does: left alone
		"heal pain":                 "heal pain",              // short words are left alone
		"massage gun on my achiles": "massage gun on my achilles",
		"Plantar Fasciitis":         "Plantar Fasciitis",         // known words as written
		"is a massage chair better": "is a massage chair better", // not "chain": a short word with a letter changed is another word
		"massqge gun":               "massage gun",
		"sooo sore":                 "so sore",                 // stretched for emphasis
		"how to store a foot spa":   "how to store a foot spa", // a template verb, no typo
		"pleeease helllp":           "please help",
		// English words are words, not typos of the notes' words.
		"is walking barefoot good":      "is walking barefoot good",
		"sitting at my desk":            "sitting at my desk",
		"after a heart valve op":        "after a heart valve op",
		"the best defence against pf":   "the best defense against pf", // the notes' spelling of the same word
		"the colour of my toes changed": "the colour of my toes changed",
		"who won the footy":             "who won the footy", // a "-y" word is its own word
	}
	for in, want := range cases {
		if got := ix.spell(in, e.lx); got != want {
			t.Errorf("spell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A base and its "-y" noun stem alike ("recovery", "recover"), but
// "footy" is football, not the foot.
func TestStemOfYWords(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{{"recovery", "recover", true}, {"discovery", "discover", true}, {"footy", "foot", false}, {"footie", "foot", false}} {
		if got := stemWord(c.a) == stemWord(c.b); got != c.same {
			t.Errorf("stemWord(%q) = %q, stemWord(%q) = %q: same %v, want %v", c.a, stemWord(c.a), c.b, stemWord(c.b), got, c.same)
		}
	}
}

// A two-part question answers the covered part and says which part is not
// in the club's notes; with every part covered, each part's lead answers.
func TestTwoPartQuestions(t *testing.T) {
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "How long should I massage after a run, and how many miles should my shoes last?"})
	if !a.Answered || !strings.Contains(a.Text, "minutes") || !strings.Contains(a.Text, "“how many miles should my shoes last”, is not in the club's notes") {
		t.Errorf("half-covered question: %q", a.Text)
	}
	if body, _, _ := strings.Cut(a.Text, "\n\n"+Disclaimer); utf8.RuneCountInString(body) > answerBudget {
		t.Errorf("half-covered answer is %d runes, over %d", utf8.RuneCountInString(body), answerBudget)
	}
	a = e.Answer(context.Background(), Query{Text: "How long should I massage after a run, and what about on rest days?"})
	if !a.Answered || !strings.Contains(a.Text, "15-20") || !strings.Contains(a.Text, "rest days") || strings.Contains(a.Text, "not in the club's notes") {
		t.Errorf("covered two-part question: %q", a.Text)
	}
	// Both parts answered by one table row: the row once, whole.
	a = e.Answer(context.Background(), Query{Text: "is a spa messy to set up, and is it good for softening skin?"})
	body, _, _ := strings.Cut(a.Text, "\n\n"+Disclaimer)
	if strings.Count(body, "Water/Bubble Foot Spa") != 1 || strings.Contains(body, "…") {
		t.Errorf("one row for both parts: %q", body)
	}
	// A later part's "it" is the earlier part's thing: the notes give no
	// minutes for an ice bath, though they give them for a massage.
	a = e.Answer(context.Background(), Query{Text: "how cold should the ice bath be, and how many minutes should I stay in it?"})
	if a.Kind != KindDecline {
		t.Errorf("a later part about an uncovered part's thing: %s %q, want a decline", a.Kind, clip(a.Text, 120))
	}
}

// A ruled-out symptom neither flags nor hides the rest of the question.
func TestNegatedSymptomAnswers(t *testing.T) {
	e := newTestEngine(t)
	for q, want := range map[string]string{
		"feet aren't numb - is a heated shiatsu ok?":                             "shiatsu",
		"nothing's broken, my feet are just sore after a 20 miler. massager ok?": "post-run",
	} {
		a := e.Answer(context.Background(), Query{Text: q})
		if a.Kind != KindAnswer || !strings.Contains(strings.ToLower(a.Text), want) {
			t.Errorf("%q: %s %q, want an answer about %q", q, a.Kind, a.Text, want)
		}
	}
}

// The thing a question asks about decides whether the notes cover it: an
// unknown word naming a kind of a foot-care thing, or right after what/how,
// declines it; an unknown verb or chatter around a covered question does not.
func TestHeadWordsDecide(t *testing.T) {
	e := newTestEngine(t)
	cases := []struct {
		q    string
		kind string
	}{
		{"Do compression socks help runners recover?", KindDecline},
		{"best shoes for flat feet?", KindDecline},
		{"what are the best trainers for overpronation?", KindDecline}, // what the best is for decides
		{"what's the best massager for plantar fasciitis?", KindAnswer},
		// After "how long", the member's verb is what they do for that long.
		{"how long should I sit on the massager after a long run?", KindAnswer},
		{"how long should I taper before a marathon?", KindDecline},
		// What it would rid the member of, and whom it would help, decide.
		{"will a roller get rid of my corns?", KindDecline},
		{"do foot massagers help swimmers recover faster?", KindDecline},
		{"can massage stop my heel pain?", KindAnswer},
		// Only the notes' subject is known, the rest is chatter: the
		// subject decides.
		{"is it lazy to just do the massage in front of the telly", KindAnswer},
		// Only how long or how often: asked of the notes' subject.
		{"daily or a couple of times a week, which is better?", KindAnswer},
		{"how many times a week should I run?", KindDecline},
		{"what time and where does the long run meet?", KindDecline},
		{"how long before a run?", KindAnswer}, // "before a run" says when
		{"how long before a race should I eat?", KindDecline},
		{"how often should I run?", KindDecline}, // "how often" is no foot-care word
		{"how often should I use the massager?", KindAnswer},
		// The dummy "it" of "is it better to" names no thing.
		{"is it better to run in the morning or the evening?", KindDecline},
		// A table row says what a kind of massager offers, suits and asks
		// of its owner ("cleaning required"), never how to do anything.
		{"how do you clean a bubble foot spa?", KindDecline},
		{"how do I use a foot roller before a run", KindAnswer},
		{"what is a water foot spa good for", KindAnswer},
		// A training session is no massage session.
		{"should I lift weights before or after my interval sessions?", KindDecline},
		{"how long should a massage session be after a run?", KindAnswer},
		// Affordable is a foot-care word here: what a massager costs.
		{"broke student, any cheap option that does the job?", KindAnswer},
		{"any affordable running watches?", KindDecline},
		{"What pace should I run my first marathon at?", KindDecline},
		{"how do I tape my ankle for a trail race", KindDecline},
		{"How much does a good foot massager cost in dollars?", KindDecline},
		{"How do tight calves affect my feet?", KindAnswer},
		{"Does hydration affect how my feet recover?", KindAnswer},
		{"my arches are killing me after intervals, what helps?", KindAnswer},
		// Chat spellings and adverbs name no topic.
		{"tbh what else helps recovery alongside the massager?", KindAnswer},
		{"how long shud u massage ur feet after a run lol", KindAnswer},
		// "it" stands for the massager: on-topic with no foot-care word.
		{"does it help with sleep?", KindAnswer},
		{"is it ok on rest days?", KindAnswer},
		{"can it help me pick a marathon pace?", KindDecline},
		{"will it rain tomorrow morning?", KindDecline}, // the weather's "it"
		{"can I use a percussive massager while breastfeeding?", KindDecline},
		{"can I use the spiky ball on my cat's paws?", KindDecline},
		{"do foot rollers help with corns?", KindDecline}, // what it helps with decides
		{"fizzy drinks or just plain water after a run?", KindDecline},
		// Someone else's feet or use.
		{"can my son use my shiatsu massager?", KindDecline},
		{"how do I rub my wife's feet?", KindDecline},
		{"my mum is 70, is a foot roller ok for her?", KindDecline},
		{"my mate lent me his roller, how long should I use it after a run?", KindAnswer},
		{"how often should I replace my foot roller, do they wear out?", KindDecline},
		// A possessive before a foot-care word names a condition of its
		// own, covered only where the notes name it.
		{"what should I do about athlete's foot", KindDecline},
		{"what helps a runner's feet recover?", KindAnswer},
	}
	for _, c := range cases {
		if a := e.Answer(context.Background(), Query{Text: c.q}); a.Kind != c.kind {
			t.Errorf("%q: %s, want %s: %q", c.q, a.Kind, c.kind, clip(a.Text, 120))
		}
	}
}

// A verb of time ("spend") is filler: a how-long question is answered by the
// sentence with the amount, not a passage that shares the verb.
func TestTimeVerbsAreFiller(t *testing.T) {
	e := newTestEngine(t)
	q := "how many minutes should I spend with the massager after my run?"
	a := e.Answer(context.Background(), Query{Text: q})
	if a.Kind != KindAnswer || !strings.Contains(a.Text, "15-20 minutes") {
		t.Errorf("%q: %s %q, want the 15-20 minutes after a run", q, a.Kind, clip(a.Text, 160))
	}
}

// "Worth it" asks about benefits: a question on a pre-run massage is
// answered from the pre-run section, not a passage that says "worth it".
func TestWorthAsksBenefit(t *testing.T) {
	e := newTestEngine(t)
	q := "are pre-run foot massages worth doing?"
	a := e.Answer(context.Background(), Query{Text: q})
	if a.Kind != KindAnswer || len(a.Sources) == 0 || !strings.HasPrefix(a.Sources[0].Title, "Pre-Run") {
		t.Errorf("%q: %s %+v, want the pre-run section", q, a.Kind, a.Sources)
	}
}

// A story, then a short question: the notes cover it when they cover the
// sentence that asks, and the story still finds the answer.
func TestAskingSentence(t *testing.T) {
	for text, want := range map[string]string{
		"Nothing's broken, my arches are sore. Roller or electric?": "Roller or electric?",
		"How long should I massage after a run?":                    "",
		"My feet hurt. Which massager? Thanks!":                     "Which massager?",
		"I'm lazy - which kind needs the least effort?":             "which kind needs the least effort?",
	} {
		if got := askingSentence(text); got != want {
			t.Errorf("askingSentence(%q) = %q, want %q", text, got, want)
		}
	}
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "Nothing's broken, my arches are just sore from breaking in new track spikes. Roller or electric?"})
	if !a.Answered {
		t.Errorf("declined: %q", a.Text)
	}
}

func TestQuestionWordTypos(t *testing.T) {
	e := newTestEngine(t)
	ix := e.indexFor("")
	for in, want := range map[string]string{
		"plantar fasciitus flaring up agian":      "plantar fasciitis flaring up again",
		"do I need a sports massage therapist":    "do I need a sports massage therapist",
		"heel pain when I first stand up":         "heel pain when I first stand up",
		"how often shud i rotate my runnin shoes": "how often shud i rotate my running shoes",
		"is it ok to use it everyday":             "is it ok to use it every day",
	} {
		if got := ix.spell(in, e.lx); got != want {
			t.Errorf("spell(%q) = %q, want %q", in, got, want)
		}
	}
	if a := e.Answer(context.Background(), Query{Text: "What's the best way to dry wet running shoes?"}); a.Answered {
		t.Errorf("answered: %q", a.Text)
	}
	if a := e.Answer(context.Background(), Query{Text: "plantar fasciitus flaring up agian, were should i focus the massage?"}); !a.Answered {
		t.Errorf("declined: %q", a.Text)
	}
}

// A generic head after the word that says which one ("the heat setting")
// is about the modifier; a setting asked by its level is about settings.
func TestGenericHeadAfterModifier(t *testing.T) {
	lx := loadLexicon()
	cases := []struct {
		q       string
		setting bool // "setting" is one of the content words
	}{
		{"what does the heat setting actually do?", false},
		{"is the compression mode worth using?", false},
		{"what setting should I use before a run?", true},
		{"pre-run massage: low or high setting?", true},
		{"do the massager's settings matter?", true},
	}
	for _, c := range cases {
		q := analyze(c.q, lx)
		got := false
		for _, w := range q.content {
			got = got || w.stem == "setting" || w.stem == stemWord("mode")
		}
		if got != c.setting {
			t.Errorf("%q: setting among the content words = %v, want %v", c.q, got, c.setting)
		}
	}
	e := newTestEngine(t)
	q := "What does the heat setting actually do?"
	a := e.Answer(context.Background(), Query{Text: q})
	if a.Kind != KindAnswer || !strings.HasPrefix(a.Text, "Heat therapy") {
		t.Errorf("%q: %s %q, want it to lead with heat therapy", q, a.Kind, clip(a.Text, 120))
	}
}

func TestSpellingVariant(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"defence", "defense", true}, {"colour", "color", true}, {"travelling", "traveling", true},
		{"recognise", "recognize", true}, {"centre", "center", true}, {"walking", "waking", false}, {"heart", "heat", false},
	} {
		if got := spellingVariant(c.a, c.b); got != c.want {
			t.Errorf("spellingVariant(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestRemarkAloneDoesNotAnswer: after a question the notes do not cover, a
// remark they do ("thinking of getting a shiatsu one") does not make the
// reply an answer; a question after it does.
func TestRemarkAloneDoesNotAnswer(t *testing.T) {
	for part, want := range map[string]bool{
		"thinking of getting a shiatsu one":       false,
		"Sounds far-fetched tbh":                  false,
		"like could it actually stop me training": true,
		"any tips for the arches":                 true,
		"my flat is tiny?":                        true,
	} {
		if got := asks(part); got != want {
			t.Errorf("asks(%q) = %v, want %v", part, got, want)
		}
	}
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "which brand is best, Renpho or Cloud Massage? thinking of getting a shiatsu one"})
	if a.Kind != KindDecline {
		t.Errorf("a brand question with a remark: %s %q, want a decline", a.Kind, clip(a.Text, 160))
	}
}

// TestDummyIt: the "it" of "is it better to..." stands for what follows,
// not for the notes' subject, so it does not make a question on-topic;
// "is it good to use..." is about the thing.
func TestDummyIt(t *testing.T) {
	for q, want := range map[string]bool{
		"is it better to run in the morning or the evening?": false,
		"is it ok to skip stretching on race day":            false,
		"is it good to use before a run?":                    true,
		"can i use it on rest days?":                         true,
		"will it rain tomorrow":                              false,
		// "it" after a run the question names is that run; "before a
		// run" says when.
		"what time does the sunday long run leave and is it 18k": false,
		"b4 a run do i go hard with it or keep it gentle":        true,
		// "this", "these" and "mine" stand for a thing with no noun after.
		"how many times a week should I be doing this": true,
		"i keep forgetting to use mine":                true,
		"this morning my legs felt heavy":              false,
		"is it ok to do my long runs on the treadmill": false,
	} {
		if got := refersToSubject(tokenize(q)); got != want {
			t.Errorf("refersToSubject(%q) = %v, want %v", q, got, want)
		}
	}
}
