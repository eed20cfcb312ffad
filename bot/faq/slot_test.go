package faq

import (
	"context"
	"maps"
	"strings"
	"testing"
)

// Each template finds the noun phrase asked about, whatever the topic.
func TestAskedSlot(t *testing.T) {
	lx := loadLexicon()
	cases := []struct {
		q        string
		phrase   string
		commerce int
	}{
		{"do orthotics help with plantar fasciitis", "orthotics", commerceNone},
		{"can foot massages help me run faster", "foot massages", commerceNone},
		{"does it help?", "", commerceNone},
		{"should I use kinesiology tape on my arch", "kinesiology tape", commerceNone},
		{"should i get a percussive massager or a shiatsu one", "percussive massager", commerceNone},
		{"how do I stop getting black toenails", "black toenails", commerceNone},
		{"how can I prevent plantar fasciitis", "plantar fasciitis", commerceNone},
		{"is a foot spa worth getting for recovery", "foot spa", commerceNone},
		{"my foot is sore, is that bad", "", commerceNone},
		{"where can i buy a foot massager near me", "where to buy it", commerceWhere},
		{"what's the best massager for the price of a pizza", "prices", commercePrice},
		{"how much does a good roller cost", "prices", commercePrice},
		// A price given as a multiple of another is the member's, and a
		// shop where they look while asking which to choose is theirs.
		{"are the electric ones worth it, theyre triple the price of a roller", "", commerceNone},
		{"electric ones are 4x the price of a roller, worth it?", "", commerceNone},
		{"so many massagers on amazon, how do i even pick one", "", commerceNone},
		{"is it worth getting a foot spa off amazon", "where to buy it", commerceWhere},
		{"how much should a decent shiatsu one set me back in pounds", "prices", commercePrice},
		{"do thousands of pounds go through each foot per stride", "", commerceNone},
		{"how long should I massage after a run", "", commerceNone},
		{"what's a foot roller best used for", "foot roller", commerceNone},
		{"whats the point of the heat setting on my massager", "heat setting", commerceNone},
		{"what does shiatsu do", "shiatsu", commerceNone},
		{"what's kinesiology tape good for", "kinesiology tape", commerceNone},
		{"what kind of massager should I buy", "", commerceNone},
		{"the best way to break in a new pair of trail shoes?", "breaking trail shoes", commerceNone},
		{"how to clean my foot spa", "cleaning foot spa", commerceNone},
		{"what pace should I run my long runs at", "pace", commerceNone},
		{"are smart foot massagers expensive", "smart foot massagers", commerceNone},
		{"what bath temperature is best for tired feet", "bath temperature", commerceNone},
		{"best essential oil to use for a foot massage?", "essential oil", commerceNone},
		{"any good insoles for flat feet?", "insoles", commerceNone},
		{"does a foot massage before bed help you sleep?", "foot massage", commerceNone},
	}
	for _, c := range cases {
		s := askedSlot(tokenize(c.q), lx)
		got, commerce := "", commerceNone
		if s != nil {
			got, commerce = s.phrase, s.commerce
		}
		if got != c.phrase || commerce != c.commerce {
			t.Errorf("askedSlot(%q) = %q/%d, want %q/%d", c.q, got, commerce, c.phrase, c.commerce)
		}
	}
}

// A question whose asked-about thing the notes lack is declined, naming
// it, though it shares words ("plantar fasciitis", "arch", "massager")
// with the notes; the same templates about covered things are answered.
func TestSlotDecline(t *testing.T) {
	e := newTestEngine(t)
	cases := []struct {
		q     string
		thing string // "" when the question is answered
	}{
		{"do orthotics help with plantar fasciitis", "orthotics"},
		{"should I use kinesiology tape on my arch", "kinesiology tape"},
		{"how do I stop getting black toenails", "black toenails"},
		{"where can i buy a foot massager near me", "where to buy it"},
		{"what's the best massager for the price of a pizza", "prices"},
		{"can foot massages help with plantar fasciitis", ""},
		{"should I use heat on my arches", ""},
		// A word the notes never use before a head they know.
		{"is shockwave therapy any good for achilles tendonitis", "shockwave therapy"},
		{"is percussive therapy good for the calves", ""},
		// An amount asked in a unit the notes give no amount in.
		{"how many miles do trainers last", "miles"},
		{"what should the foot spa water be in degrees", "degrees"},
		{"how hot should the foot spa water be", "temperatures"},
		{"how many mins should I massage after a run", ""},
		{"does acupuncture affect plantar fasciitis", "acupuncture"},
		{"whats a good roller under 30 quid", "prices"},
		{"is it worth getting a foot spa off amazon", "where to buy it"},
		// An attribute of a thing the notes never give.
		{"how do I choose the right size running shoe?", "running shoe size"},
		{"what brand of foam roller should I get", "foam roller brand"},
		{"how do I pick a foot massager?", ""},
		// What a thing has, what is added or taken.
		{"do shiatsu massagers have an auto shut-off?", "auto shut-off"},
		{"do electric massagers have heat?", ""},
		{"can I add peppermint oil to the foot spa", "peppermint oil"},
		{"is it ok to take paracetamol after a long run", "paracetamol"},
		// Steps or a list the notes only mention.
		{"can you list some calf stretches for after a run", "step-by-step instructions or lists"},
		{"can you list the tips for happy feet?", ""},
		{"my heels are stiff for the first few steps out of bed, will rolling my arch help?", ""},
		{"what steps should I follow to massage my arch?", "steps"},
		{"best essential oil to use for a foot massage after a long run?", "essential oil"},
		{"best foot massager for plantar fasciitis?", ""},
		{"what frequency in Hz should a percussion massager be set to?", "frequency"},
		// A thing asked to be named, which the notes name none of.
		{"which phone app works with smart massagers?", "which phone app"},
		{"which calf stretches should I be doing after runs?", "which calf stretches"},
		{"which massager should I take travelling?", ""},
		{"which type of massager is best for plantar fasciitis?", ""},
		{"which bits of the foot get tired from running?", ""},
		{"I got a spiky ball which hurt my arch a bit, how often should I use it?", ""},
	}
	for _, c := range cases {
		a := e.Answer(context.Background(), Query{Text: c.q})
		if c.thing == "" {
			if !a.Answered {
				t.Errorf("%q: declined: %q", c.q, a.Text)
			}
			continue
		}
		if a.Answered || a.RedFlag || !strings.Contains(a.Text, "not in the club's notes") ||
			!strings.Contains(a.Text, "The notes don't cover "+c.thing+".") || len(a.Related) == 0 {
			t.Errorf("%q: want a decline naming %q with related topics, got %+v", c.q, c.thing, a)
		}
	}
}

// Notes that name a shop and give a price answer commerce questions.
func TestCommerceCovered(t *testing.T) {
	shops, prices := commerceCovered([]*passage{(&passage{title: "Gear", body: "The club shop sells rollers for $15."}).prepare()})
	if !shops || !prices {
		t.Errorf("commerceCovered = %v, %v; want true, true", shops, prices)
	}
	shops, prices = commerceCovered([]*passage{(&passage{title: "Gear", body: "Rollers are cheap; pounding the pavement hurts."}).prepare()})
	if shops || prices {
		t.Errorf("commerceCovered = %v, %v; want false, false", shops, prices)
	}
}

// A passage titled with the thing asked about answers "what is X good
// for" before one that names it in passing, when X is specific.
func TestTitleNamesSlot(t *testing.T) {
	e := newTestEngine(t)
	ix := e.indexFor("")
	titled := func(q string) []string {
		var out []string
		qq := analyze(q, e.lx)
		for _, p := range ix.passages {
			if ix.titleNamesSlot(qq, p) {
				out = append(out, p.title)
			}
		}
		return out
	}
	if got := titled("what's a foot roller best used for"); len(got) != 1 || !strings.Contains(got[0], "Foot Roller") {
		t.Errorf("foot roller: titles %q, want the Foot Roller row alone", got)
	}
	if got := titled("what's a foot massager good for"); len(got) != 0 {
		t.Errorf("foot massager names no section in particular, got %q", got)
	}
	a := e.Answer(context.Background(), Query{Text: "What's a foot roller best used for?"})
	if len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Title, "Foot Roller") {
		t.Errorf("answered from %+v, want the Foot Roller row", a.Sources)
	}
	// "foot" is in most passages: "Smart Massagers: ..." names "smart
	// foot massagers" without it.
	if got := titled("are smart foot massagers pricey"); len(got) != 1 || !strings.HasPrefix(got[0], "Smart Massagers") {
		t.Errorf("smart foot massagers: titles %q, want the Smart Massagers section alone", got)
	}
}

// A choice between two things the notes never name is declined, naming it.
func TestUnknownChoice(t *testing.T) {
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "Theragun or Hypervolt - which is better for runners?"})
	if a.Answered || !strings.Contains(a.Text, "not in the club's notes") || !strings.Contains(a.Text, "Theragun or Hypervolt") {
		t.Errorf("brand choice: %+v", a)
	}
	// Two things with a shared head, or compared with "than", also past
	// "is" and degree words.
	for _, q := range []string{"tennis ball or lacrosse ball for my arches?", "is a Pulseroll better than a Hyperice for feet?",
		"anyone know if the Theragun Mini is better than the Hypervolt Go?", "the Pulseroll is way better than the Hyperice, right?"} {
		if a := e.Answer(context.Background(), Query{Text: q}); a.Answered {
			t.Errorf("%q answered: %q", q, clip(a.Text, 100))
		}
	}
	for _, q := range []string{"ice or heat?", "shiatsu or percussion, which is more intense?", "roller or electric?", "spiky ball vs foot roller?",
		"is a roller much better than a spiky ball for the arch?"} {
		if a := e.Answer(context.Background(), Query{Text: q}); !a.Answered {
			t.Errorf("%q declined: %q", q, a.Text)
		}
	}
	// "than it helped" is a clause, not a thing to choose.
	q := analyze("my spiky ball honestly hurt more than it helped, then someone gave me a roller. any newer ones?", e.lx)
	if pair, ok := e.base.unknownChoice(q); ok {
		t.Errorf("a clause after 'than' read as a choice: %q", pair)
	}
	// Names the member writes and the notes never write as names are
	// models the notes do not cover, even when the notes use the word
	// ("a mini-spa"); names the notes write (their titles') are covered.
	if a := e.Answer(context.Background(), Query{Text: "What's the best Theragun model for feet, the Pro or the Mini?"}); a.Answered || !strings.Contains(a.Text, "don't cover Pro or Mini") {
		t.Errorf("a model pair: %s %q", a.Kind, clip(a.Text, 160))
	}
	if a := e.Answer(context.Background(), Query{Text: "which is stronger on the arches, Shiatsu or Percussion?"}); !a.Answered {
		t.Errorf("the notes' own names declined: %q", clip(a.Text, 160))
	}
	// Judgements and adverbs are no things: "worth buying yet or still
	// too pricey", "a good combo or pointless".
	for _, text := range []string{"smart massagers worth buying yet or still too pricey?", "ice bath and foot massage together - good combo or pointless?"} {
		if pair, ok := e.base.unknownChoice(analyze(text, e.lx)); ok {
			t.Errorf("%q read as a choice of %q", text, pair)
		}
	}
}

// A thing or place after "on a", "in the"... that no passage names is what
// the question is about ("run on a treadmill"); days are no such thing.
func TestPlaceNounDecides(t *testing.T) {
	e := newTestEngine(t)
	if a := e.Answer(context.Background(), Query{Text: "Is it OK to run on a treadmill every day?"}); a.Answered {
		t.Errorf("answered: %q", a.Text)
	}
	if a := e.Answer(context.Background(), Query{Text: "Is one long session on a Sunday as good as a bit of massage every day?"}); !a.Answered {
		t.Errorf("declined: %q", a.Text)
	}
}

// Looking after a thing is covered only where the notes say both: they
// tell when to replace shoes, not rollers.
func TestCareOfAThing(t *testing.T) {
	e := newTestEngine(t)
	a := e.Answer(context.Background(), Query{Text: "How often should I replace my foot roller?"})
	if a.Answered || !strings.Contains(a.Text, "replacing foot roller") {
		t.Errorf("roller: %q", a.Text)
	}
	if a := e.Answer(context.Background(), Query{Text: "when should I replace my running shoes?"}); !a.Answered {
		t.Errorf("shoes declined: %q", a.Text)
	}
	if a := e.Answer(context.Background(), Query{Text: "any tips on how to lace my racing shoes?"}); a.Answered {
		t.Errorf("lacing shoes answered: %q", a.Text)
	}
	if a := e.Answer(context.Background(), Query{Text: "should I break up the knots in my calves with a percussive massager?"}); !a.Answered {
		t.Errorf("breaking up knots declined: %q", a.Text)
	}
}

func TestCapitalStems(t *testing.T) {
	got := capitalStems("Is the Pro better? Or the Mini, says I. Going to Berlin", false)
	want := map[string]bool{"pro": true, "mini": true, "berlin": true}
	if !maps.Equal(got, want) {
		t.Errorf("capitalStems = %v, want %v (sentence starts and I left out)", got, want)
	}
	if got := capitalStems("Heat, Compression, and Shiatsu", true); !got["heat"] || !got["shiatsu"] {
		t.Errorf("a title's words: %v", got)
	}
}
