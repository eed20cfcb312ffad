package faq

import (
	"context"
	"strings"
	"testing"
)

func TestRedFlagKinds(t *testing.T) {
	cases := []struct {
		q    string
		want flagKind
	}{
		{"My feet are numb after long runs", flagNumbness},
		{"I get pins and needles in my toes", flagNumbness},
		{"I can't feel my big toe", flagNumbness},
		{"I'm diabetic, can I use a shiatsu massager?", flagDiabetes},
		{"sudden chest pain after my run, can I massage my feet", flagEmergency},
		{"I get short of breath and dizzy after intervals", flagEmergency},
		{"my chest feels tight after the race", flagEmergency},
		{"I'm pregnant and my feet are swollen, is a heated foot spa ok?", flagCondition},
		{"I take blood thinners, can I use a massage gun on my calves", flagCondition},
		{"on warfarin, is shiatsu ok for my arches", flagCondition},
		{"I have peripheral neuropathy in my feet", flagDiabetes},
		{"I sprained my ankle and it swelled up overnight", flagInjurySwelling},
		{"I rolled my ankle on a trail. Now the ankle is swollen.", flagInjurySwelling},
		{"Could my foot be fractured?", flagFracture},
		{"I think my toe is broken", flagFracture},
		{"I can't put weight on my foot since the race", flagFracture},
		{"One calf is swollen and hot to the touch", flagDVT},
		{"My left calf is hot and painful after a flight", flagDVT},
		{"Could this be a blood clot in my leg?", flagDVT},
		{"I have an open wound on my sole", flagWound},
		{"my heel hurts so bad when I'm lying in bed", flagRestPain},
		{"I have a deep cut on my heel from a shell", flagWound},
		{"My blister popped and it's raw", flagWound},
		{"The blister is infected and oozing", flagInfection},
		{"There is pus under my toenail", flagInfection},
		{"I have a fever and my foot is red", flagInfection},
		{"Severe pain in my arch even at rest", flagRestPain},
		{"the stabbing pain in my heel woke me at 3am", flagRestPain},
		// Lay ways to say diabetes, pus, numbness, a clot and spreading.
		{"type 1 and my sugars are all over the place, ok to use a foot spa?", flagDiabetes},
		{"the blister on my heel is weeping green fluid", flagInfection},
		{"my toes were without feeling for an hour after the long run", flagNumbness},
		{"my right calf is puffy compared to the other one and warm", flagDVT},
		{"a red mark on my foot is moving up towards my ankle", flagInfection},
		{"a pink patch on my shin goes further up my leg every day", flagInfection},
		{"Unbearable pain in my heel", flagRestPain},
		{"My heel pain wakes me up at night", flagRestPain},
		{"My arch hurts even at rest", flagRestPain},
		{"My toes turned purple after the race", flagColour},
		{"The skin on my foot went pale and white", flagColour},
		{"My toenail is discoloured", flagColour},
		{"my heel has been throbbing at night and it wakes me up", flagRestPain},
		{"I think I cracked a bone in my foot", flagFracture},
		{"my ankle is swollen and purple after i rolled it on a trail", flagColour},
		{"The pain in my shin gets worse with every run", flagWorsening},
		{"my arch ache is worse and worse each week", flagWorsening},
		{"top of my foot hurts when I push off", flagWorsening},
		{"A blister burst on my heel and now the skin underneath is raw", flagWound},
		{"the redness around the cut on my toe is spreading", flagInfection},
		{"pins n needles in my toes after every run", flagNumbness},
		{"my toes went black and the nail is fine", flagColour},
		// Signs said in several words, with the filler runners put in.
		{"cant put any weight on my foot after a fall", flagFracture},
		{"I can not put much weight on it", flagFracture},
		{"my ankle looks deformed after I fell", flagFracture},
		{"heard a loud pop in my achilles", flagFracture},
		{"sharp pain and a pop during a sprint", flagFracture},
		{"my toes feel dead and I cant feel the floor properly", flagNumbness},
		{"there's a burning sensation in my feet all the time", flagNumbness},
		{"sharp shooting pain in my foot like electric shocks", flagNumbness},
		{"my foot went numb and my leg feels weak", flagNumbness},
		{"the skin on my toe rubbed off and it's raw", flagWound},
		{"stepped on a rusty nail, now it hurts", flagWound},
		{"my foot feels cold and i can't feel a pulse", flagColour},
		{"my toe went a weird bluish colour and it's cold to touch", flagColour},
		{"i feel unwell and shivery and my foot is red", flagInfection},
		{"the sole of my foot is swollen and red and hot", flagInfection},
		{"my big toe joint is hot and swollen", flagInfection},
		{"one calf is bigger than the other", flagDVT},
		{"my ankles swelled up after a long-haul flight", flagDVT},
		{"sudden swelling in one leg and it aches", flagDVT},
		{"my feet and ankles have been swollen for weeks", flagSwelling},
		{"my foot is swollen for no reason", flagSwelling},
		{"cramping calf pain when walking that goes away when i stop", flagCirculation},
		{"i have peripheral artery disease, is foot massage ok", flagCirculation},
		{"I had bunion surgery three weeks ago, can I use my shiatsu", flagCondition},
		{"I have gout in my big toe", flagCondition},
		{"I had a cortisone injection in my heel last week", flagCondition},
		{"there's a lump on the sole of my foot that's growing", flagLump},
		{"a mole on my foot changed shape", flagLump},
		{"my arch aches even when I'm lying on the sofa doing nothing", flagRestPain},
		{"heel pain like 8/10 after the race", flagRestPain},
		{"the pain is 9 out of 10", flagRestPain},
		{"the top of my foot kills when I run and it's getting worse", flagWorsening},
		{"there's a hot, swollen, tender spot on my calf", flagDVT},
		{"my foot feels like it's on fire all the time", flagNumbness},
		{"I get calf pain every time I walk uphill that stops when I rest", flagCirculation},
		{"I fainted after the race and my feet are sore", flagEmergency},
		{"my feet are burning all the time", flagNumbness},
		{"my soles burn at night in bed", flagNumbness},
		{"my heel hurts so much I can't put my foot down", flagFracture},
		{"sudden severe pain in my calf while running, like I was kicked", flagSeverePain},
		{"my achilles is swollen and creaks when I move it", flagSwelling},
		{"my metatarsal hurts to touch on one spot and it's getting worse with each run", flagWorsening},
		{"I'm having trouble breathing and my calf hurts", flagEmergency},
		{"is it ok to massage a sprained ankle?", flagInjurySwelling},
		{"I think I tore a muscle in my calf", flagInjurySwelling},
		{"my little toe is pointing the wrong way", flagFracture},
		{"now my toes have gone a dusky grey and feel cold", flagColour},
		{"There's a cut on the bottom of my foot, can I still use the massager?", flagWound},
		{"I have a graze on my heel", flagWound},
		{"Throbbing heel pain at night that stops me sleeping", flagRestPain},
		{"dropped a kettlebell on my foot at the gym", flagFracture},
		{"the outside of my foot has hurt a little more on every run for three weeks", flagWorsening},
		{"my arch throbs all night even with my feet up", flagRestPain},
		{"painkillers aren't touching it", flagRestPain},
		{"one of my lower legs is noticeably fatter than the other since yesterday", flagDVT},
		{"my little toe has felt sort of fuzzy since the marathon", flagNumbness},
		{"the sore spot on my shin gets worse week by week", flagWorsening},
		{"the ball of my foot is angrier every run now", flagWorsening},
		{"my heel went black, not the nail but the skin around it", flagColour},
		{"felt a click in my ankle and I can't put the heel down", flagFracture},
		{"stepped on a drawing pin and it's a puncture in my sole", flagWound},
		{"my heel has gone all fuzzy since Sunday", flagNumbness},
		{"I lose feeling in my toes on long runs", flagNumbness},
		{"on metformin for my blood sugar, any massage tips?", flagDiabetes},
		{"went over on my ankle yesterday and it's swollen", flagInjurySwelling},
		{"my ankle ballooned after I tripped on a kerb", flagInjurySwelling},
		{"my big toe is pointing a weird way since I kicked a door", flagFracture},
		{"could this be a hairline crack in my metatarsal?", flagFracture},
		{"every run it's a little worse, a sore spot right on the bone", flagWorsening},
		{"lower leg is hot and bloated and hurts to walk", flagDVT},
		{"there's a hole in the skin on my toe from my spikes", flagWound},
		{"a sore on my sole that won't heal up", flagWound},
		{"my blister has gone red round the edges", flagInfection},
		{"a red patch is creeping up from the rubbed bit on my ankle", flagInfection},
		{"the red rash on my heel keeps getting bigger", flagInfection},
		{"the red mark on my ankle is growing and feels warm", flagInfection},
		{"the arch pain had me in tears last night", flagSeverePain},
		{"resting doesn't help at all - the pain in my heel is 8 out of 10 on the sofa", flagRestPain},
		{"my toes look a funny colour after the cold race", flagColour},
		{"the skin on my heel has gone mottled", flagColour},
	}
	for _, c := range cases {
		got := redFlags(c.q)
		found := false
		for _, k := range got {
			found = found || k == c.want
		}
		if !found {
			t.Errorf("%q: flags %v, want %v among them", c.q, got, c.want)
		}
	}
}

func TestNotRedFlags(t *testing.T) {
	for _, q := range []string{
		"No swelling, just sore arches after a long run",
		"My feet are not numb, only tired",
		"Sore heels without tingling or numbness",
		"I don't have diabetes, which massager is best?",
		"No chest pain or breathlessness, just sore arches after a long run",
		"the percussive heads give short, rapid pulses - good for calves?",
		"not pregnant, just tired feet: which massager?",
		"I feel a tingling sensation as circulation improves, is that normal?",
		"My feet tingle pleasantly during the massage",
		"I don't think it's broken, just a bit stiff",
		"I'm not swollen and nothing is injured, how long should I massage?",
		"Does compression help reduce swelling after a long run?",
		"Can a massager break up knots in my calves?",
		"how do I fix a puncture on my bike before the club ride",
		"my heel hurts every time I get out of bed",
		// Pain there on waking is the morning heel pain the notes cover;
		// pain that wakes the member is not.
		"woke up with stabby heel pain again, pretty sure its plantar fasciitis",
		"my weekly mileage is going up towards 50, feet are tired",
		"the pink heat setting goes up to level 3, is that ok on my calves?",
		"are the sugars in energy gels bad for recovery",
		"my black toenail is not painful, can I roll my arches?",
		"my trainers went black with mud, how do I ease my achy feet?",
		"calves on fire up that hill, the usual lactic burn, best stretch?",
		"I've got a fractured schedule this week, should I still roll daily?",
		"the club's enthusiasm is infectious, which massager should I get?",
		"How do I warm up my calves before a run?",
		"Should I use a warm foot spa for tired sore calves?",
		"Is the white foot spa better than the black roller?",
		"Should I cut down my mileage when my feet are sore?",
		"My heel pain is worse in the morning",
		"Sore feet after running, what helps?",
		"I have a number of questions about foot rollers",
		"My massager is broken, should I buy a new one?",
		"I'm not sure if I need a foot spa",
		"no fever, no pus, just sore feet",
		"nothing's broken, my feet are just sore after a 20 miler",
		"Nothing is swollen, only tired arches",
		"nothing's broken or numb, just stiff arches in the morning",
		"My soreness is worse after hills than on the flat",
		"What's on top of the list of foot massagers?",
		// A nail's colour is a bruise under it, not skin changing colour.
		"how do I stop getting black toenails",
		"my big toenail went black after the marathon",
		// Ordinary soreness and ordinary swelling, said in the same words
		// as the signs above.
		"my feet swell a bit on hot days when I run, does compression help",
		"can a massager reduce swelling after long runs",
		"my feet feel hot and tired after a long run, what helps",
		"i cant walk properly the morning after a long run because my arches are stiff",
		"my arches burn a bit after speedwork, which massager",
		"i get a tingling feeling when i use the massager, is that normal",
		"my feet cramp at night after long runs, will rolling help",
		"my soles are a bit red after using the spiky ball, normal?",
		"my arches ache a bit after a run, like 3/10",
		"i massage my feet while sitting on the sofa, is 10 minutes enough",
		"How do I cut my toenails properly?",
		"How do I fix a broken foot massager?",
		"should I cut down my mileage because my feet are sore",
		"I made the cut for the team, how do I keep my feet healthy",
		"my arches are killing me after intervals",
		"my feet burn a little after long runs, would a cool foot spa help",
		"terrible DOMS in my calves after the marathon, how long should I massage",
		"my arches hurt after the long run, is the roller good",
		"wear and tear on my feet from running, which massager",
		"my calves feel tighter than the other muscles, which massager",
		"my feet feel more tired on every run this week, what helps",
		"I walk a lot at work and my calves ache, which massager",
		"Is foot massage safe during pregnancy?",
		"how do I treat athlete's foot",
		"there's a knot in my calf, can I roll it out",
	} {
		if got := redFlags(q); len(got) != 0 {
			t.Errorf("%q: false red flags %v", q, got)
		}
	}
}

// Hedged and "but"-broken negations still flag.
func TestNegationScope(t *testing.T) {
	for _, q := range []string{
		"I'm not sure, but my toe might be broken",
		"No pain at rest but my toes are numb",
		"There's no swelling. My calf is hot and red though",
		"I don't know if it's fractured",
		"nothing helps and my toe is numb",
	} {
		if got := redFlags(q); len(got) == 0 {
			t.Errorf("%q: no red flag", q)
		}
	}
}

func TestRedFlagAnswer(t *testing.T) {
	e := newTestEngine(t)
	urgent := map[string]bool{
		"My calf is swollen, red and hot":               true,
		"I think I broke a bone in my foot":             true,
		"Red streaks are spreading from a cut":          true,
		"the top of my foot hurts more on every run":    true,
		"My toes have gone blue":                        true,
		"I'm diabetic, is foot massage ok?":             false,
		"My feet have been numb for days":               false,
		"There's an open wound on my heel":              false,
		"Severe pain at rest in my arch, should I roll": false,
	}
	for q, isUrgent := range urgent {
		a := e.Answer(context.Background(), Query{Text: q})
		if !a.RedFlag || a.Answered || a.Mode != Extractive {
			t.Errorf("%q: %+v", q, a)
			continue
		}
		if !strings.Contains(a.Text, "doctor") && !strings.Contains(a.Text, "podiatrist") {
			t.Errorf("%q: no doctor or podiatrist in %q", q, a.Text)
		}
		if !strings.Contains(a.Text, "n't massage") {
			t.Errorf("%q: does not say not to massage: %q", q, a.Text)
		}
		body, _, _ := strings.Cut(a.Text, Disclaimer)
		hasUrgent := strings.Contains(body, "urgent") || strings.Contains(body, "emergency") || strings.Contains(body, "as soon as")
		if hasUrgent != isUrgent {
			t.Errorf("%q: urgent=%v, want %v: %q", q, hasUrgent, isUrgent, a.Text)
		}
	}
}

// A ruled-out symptom leaves the search, the rest of the question stays.
func TestNegationKeepsTheQuestion(t *testing.T) {
	cases := map[string][]string{
		"feet aren't numb - is a heated shiatsu ok?":    {"heated", "shiatsu"},
		"no swelling, which roller is best for arches?": {"roller", "arches"},
		"nothing's broken, my feet are just sore":       {"feet", "sore"},
	}
	for q, want := range cases {
		got := withoutNegated(q)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("withoutNegated(%q) = %q, lost %q", q, got, w)
			}
		}
		for _, gone := range []string{"numb", "swelling", "broken"} {
			if strings.Contains(got, gone) {
				t.Errorf("withoutNegated(%q) = %q, kept the ruled-out %q", q, got, gone)
			}
		}
	}
}

// A stopword negator stays in the search text, so the words on each side
// of it do not become neighbours ("quads, not feet").
func TestNegatorKeepsWordsApart(t *testing.T) {
	got := withoutNegated("massage guns are for quads, not feet")
	if !strings.Contains(got, "quads not feet") {
		t.Errorf("withoutNegated = %q", got)
	}
}

func TestPacemakerIsACondition(t *testing.T) {
	if got := redFlags("I have a pacemaker fitted. Is it safe for me to use an electric foot massager?"); len(got) == 0 || got[0] != flagCondition {
		t.Errorf("flags %v", got)
	}
}
