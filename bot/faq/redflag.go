package faq

import (
	"regexp"
	"strconv"
	"strings"
)

// Red flags are symptoms a massage can make worse or a delay can make
// dangerous. They are checked on the raw question before any retrieval, so
// no document wording can talk the engine out of a referral.

// flagKind names one red flag; the order is the order of the advice.
type flagKind int

const (
	flagEmergency flagKind = iota
	flagDVT
	flagFracture
	flagColour
	flagWorsening
	flagInfection
	flagWound
	flagInjurySwelling
	flagSwelling
	flagCirculation
	flagRestPain
	flagSeverePain
	flagDiabetes
	flagCondition
	flagLump
	flagNumbness
	// flagSudden is no symptom of its own: it makes the others a same-day
	// visit, so it is raised only beside another flag.
	flagSudden
)

// flagAdvice is what the member reads for each flag. Urgent ones send them
// to urgent care or emergency; the others to a doctor or podiatrist.
var flagAdvice = map[flagKind]string{
	flagEmergency:      "Chest pain or being short of breath is an emergency, not something to massage or wait out. Stop, and call emergency services now (or get someone to take you to an emergency department right away); a doctor must check it today.",
	flagDVT:            "A hot, swollen or painful calf can be a blood clot (DVT). Don't massage it: get urgent medical attention today (urgent care, emergency, or your doctor now), and call emergency services if you are short of breath or have chest pain.",
	flagFracture:       "A suspected broken bone needs an X-ray, not a massage. Don't massage it or run on it; get it checked today by a doctor, at urgent care or an emergency department.",
	flagColour:         "Toes or skin turning blue, white, purple or black means the blood supply needs checking. Don't massage it; get urgent medical attention (urgent care, emergency, or a doctor today).",
	flagWorsening:      "Pain that gets worse with every run, or pain on the top of the foot, can be a stress fracture. Don't massage it or run through it; rest it and see a doctor or podiatrist as soon as possible: a suspected fracture needs an X-ray.",
	flagInfection:      "Pus, red streaks, spreading redness or a fever are signs of infection. Don't massage it; see a doctor today, or go to urgent care or emergency if you have a fever or red streaks.",
	flagWound:          "Don't massage over an open wound. Keep it clean and covered, and see a doctor or podiatrist if it is deep or not healing.",
	flagInjurySwelling: "Swelling after an injury, or a fresh sprain or tear, needs checking before it is massaged. Don't massage it; rest it and see a doctor, physio or podiatrist.",
	flagRestPain:       "Severe pain at rest is not ordinary soreness. Please don't massage it; see a doctor or podiatrist soon.",
	flagSeverePain:     "Severe or sudden pain is not ordinary soreness: it can be a tear or a fracture. Don't massage it or run on it; see a doctor or physio today.",
	flagDiabetes:       "With diabetes, reduced feeling and slower healing make foot injuries easy to miss. Please don't massage your feet before your doctor or podiatrist has checked them.",
	flagSwelling:       "Swelling that stays for days, comes for no clear reason or is on one side only needs a doctor to find its cause. Please don't massage it until it has been checked; if one calf is also painful, warm or red, get checked today.",
	flagCirculation:    "Calf or foot pain that comes on with walking and eases with rest, and known circulation problems, can mean the blood supply is reduced. Please don't massage it before a doctor has checked your circulation.",
	flagCondition:      "Some conditions and treatments change what a massage can safely do: pregnancy, blood-thinning medicines (easy bruising and bleeding), a recent operation, cast or steroid injection, gout, arthritis flares, cancer treatment, a pacemaker (electric massagers). Please don't use a foot massager before checking with your doctor, podiatrist or midwife; new or sudden swelling in pregnancy needs a doctor promptly.",
	flagLump:           "A new or growing lump, or a mole that changes, needs a doctor's look. Please don't massage over it until it has been checked.",
	flagNumbness:       "Numbness, tingling, burning or weakness that doesn't go away can be a nerve or circulation problem. Please don't massage it; see a doctor or podiatrist to find the cause first.",
	flagSudden:         "As it came on suddenly, have it checked today.",
}

// flagSentence is one sentence of a question as lowercased words.
type flagSentence []string

// A dash ends a sentence too: "resting doesn't help at all — the pain is an
// 8 out of 10" is two clauses, the negation in the first.
var sentenceSplit = regexp.MustCompile(`[.!?;\n]+|\s[-–—]+\s|[–—]`)

func flagSentences(text string) []flagSentence {
	var out []flagSentence
	for _, s := range sentenceSplit.Split(text, -1) {
		if w := words(s); len(w) > 0 {
			out = append(out, normalizeFlagWords(w))
		}
	}
	return out
}

// Word sets of the rules.
var (
	negators = set("no", "not", "never", "without", "none", "nor", "neither", "zero",
		"don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't",
		"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "free")
	// shortNegators negate only the next two words: "nothing's broken",
	// "nothing is swollen", but not "nothing helps and my toe is broken".
	shortNegators = set("nothing", "nothing's", "nothings", "nobody")
	// hedges follow a negator without negating the symptom: "not sure it's broken".
	hedges = set("sure", "certain", "know", "clear", "longer", "able")
	// scopeBreakers end a negation: "no swelling but my toes are numb".
	scopeBreakers = set("but", "however", "although", "though", "except", "yet", "now")

	bodyWords   = set("toe", "toes", "foot", "feet", "bone", "bones", "ankle", "ankles", "heel", "heels", "leg", "legs", "arch", "arches", "metatarsal", "metatarsals", "shin", "skin", "sole", "soles", "toenail", "toenails", "nail", "nails", "calf", "calves", "achilles")
	calfWords   = set("calf", "calves")
	deviceWords = set("massager", "massagers", "machine", "device", "roller", "gun", "spa", "ball", "app", "remote", "charger", "cable")
	nailWords   = set("toenail", "toenails", "nail", "nails")
	swellWords  = set("swollen", "swelling", "swell", "swells", "swelled", "puffy", "puffed", "ballooned", "bloated")
	// sizeWords say swelling by its size ("ankle's the size of a
	// grapefruit", "huge lump"), counted only after an injury.
	sizeWords    = set("balloon", "lump", "massive", "huge", "grapefruit", "egg", "tennis")
	heatWords    = set("hot", "warm", "red", "tender", "hard", "throbbing", "inflamed")
	notSymptom   = set("up", "water", "bath", "spa", "towel", "compress", "pack", "shower", "massage", "massager", "setting", "pad", "foot", "feet", "socks", "sock")
	painWords    = set("pain", "pains", "painful", "hurt", "hurts", "hurting", "ache", "aches", "aching", "throbbing", "throbs", "kills", "killing", "agony")
	severeWords  = set("severe", "severely", "bad", "badly", "intense", "excruciating", "unbearable", "extreme", "terrible", "agonizing", "agonising", "worst", "horrible", "awful", "crippling")
	alwaysSevere = set("excruciating", "unbearable", "agonizing", "agonising", "crippling")
	colourWords  = set("blue", "bluish", "bluey", "white", "whitish", "waxy", "black", "blackish", "purple", "purplish", "purply", "grey", "gray", "greyish", "pale", "dusky", "mottled", "blotchy", "dark")
	injuryWords  = set("injury", "injured", "injure", "twisted", "twist", "twisting", "rolled", "sprain", "sprained", "fell", "fall", "fallen", "tripped", "landed", "hit", "dropped", "stubbed", "kicked", "crashed", "crash", "accident", "knocked", "impact", "bruised", "bruise", "collided", "stepped", "slipped", "slip")
	breakWords   = set("broke", "broken", "snapped", "cracked")
	// notBreak follows "broke"/"broken" when nothing is fractured: "broke
	// up the adhesions", "broken in".
	notBreak    = set("up", "down", "in", "through", "out", "apart")
	blisterOpen = set("popped", "burst", "broken", "open", "raw", "bleeding", "infected", "torn", "ripped", "weeping")
	cutWords    = set("cut", "gash", "gashed", "sliced")
	// chestWords next to "chest" make it chest pain or pressure, an
	// emergency sign after exercise.
	chestWords = set("pain", "pains", "painful", "hurt", "hurts", "hurting", "ache", "aches", "aching", "tight", "tightness", "pressure", "crushing")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func hasPrefix(w string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// negated reports whether the word at i is in a negation's scope: a negator
// at most five words before it (two for "nothing"), with no "but" between.
func (s flagSentence) negated(i int) bool {
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		if scopeBreakers[s[j]] {
			return false
		}
		if shortNegators[s[j]] && (i-j <= 2 || s.symptomList(j+1, i)) {
			return true
		}
		if negators[s[j]] && !(j+1 < len(s) && hedges[s[j+1]]) {
			if s[j] == "free" && !(j+1 < len(s) && s[j+1] == "of") {
				continue
			}
			return true
		}
	}
	return false
}

// symptomList reports whether the words from i up to j are ruled-out
// symptoms joined by "or"/"and" ("nothing's broken or numb"), so a short
// negator's scope runs through the whole list; any other word ("nothing
// helps and my toe is broken") ends it.
func (s flagSentence) symptomList(i, j int) bool {
	for k := i; k < j; k++ {
		if !isSymptomWord(s[k]) && !listJoiners[s[k]] {
			return false
		}
	}
	return true
}

// listJoiners join the symptoms of a ruled-out list.
var listJoiners = set("or", "nor", "and", "is", "are")

// near reports a word of ws within d words of i, returning its position.
func (s flagSentence) near(i, d int, ws map[string]bool) (int, bool) {
	for j := max(0, i-d); j < len(s) && j <= i+d; j++ {
		if j != i && ws[s[j]] {
			return j, true
		}
	}
	return 0, false
}

// nearest is near's closest match, the later one on a tie ("black
// toenails": the colour's noun follows it).
func (s flagSentence) nearest(i, d int, ws map[string]bool) (int, bool) {
	for k := 1; k <= d; k++ {
		for _, j := range []int{i + k, i - k} {
			if j >= 0 && j < len(s) && ws[s[j]] {
				return j, true
			}
		}
	}
	return 0, false
}

// colourNouns may follow a colour word that is the skin's: another colour
// ("waxy yellow-white") or the word colour itself.
var colourNouns = set("colour", "color", "tinge", "tint", "and", "yellow", "red", "pink", "brown", "green")

// hasNear is near without the position.
func (s flagSentence) hasNear(i, d int, ws map[string]bool) bool {
	_, ok := s.near(i, d, ws)
	return ok
}

// colourOfAnother: the colour word of the sign starting at i is followed
// by a noun that is no body word ("went into the purple zone").
func (s flagSentence) colourOfAnother(i int) bool {
	for j := i + 1; j < len(s) && j <= i+4; j++ {
		if colourWords[s[j]] {
			next := ""
			if j+1 < len(s) {
				next = s[j+1]
			}
			return next != "" && !isStop(next) && !bodyWords[next] && !colourWords[next] && !colourNouns[next]
		}
	}
	return false
}

// nearestUnnegated is nearest among the words no negation rules out: the
// colour of "my toe has gone black, not the nail" is the toe's.
func (s flagSentence) nearestUnnegated(i, d int, ws map[string]bool) (int, bool) {
	for k := 1; k <= d; k++ {
		for _, j := range []int{i + k, i - k} {
			if j >= 0 && j < len(s) && ws[s[j]] && !s.negated(j) {
				return j, true
			}
		}
	}
	return 0, false
}

func (s flagSentence) any(ws map[string]bool) bool {
	for _, w := range s {
		if ws[w] {
			return true
		}
	}
	return false
}

// phrase finds the words of p in a row, returning the start.
func (s flagSentence) phrase(p ...string) []int {
	var out []int
	for i := 0; i+len(p) <= len(s); i++ {
		ok := true
		for k, w := range p {
			if s[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// redFlags returns the red flags a question raises, in advice order.
func redFlags(text string) []flagKind {
	ss := flagSentences(text)
	injury := false
	for _, s := range ss {
		for i, w := range s {
			if (injuryWords[w] || hasPrefix(w, "injur", "sprain", "twist")) && !s.negated(i) {
				injury = true
			}
		}
		injury = injury || s.matchAny(injuryPhrases)
	}
	found := map[flagKind]bool{}
	for _, s := range ss {
		for _, k := range sentenceFlags(s, injury) {
			found[k] = true
		}
	}
	var out []flagKind
	for k := flagEmergency; k < flagSudden; k++ {
		if found[k] {
			out = append(out, k)
		}
	}
	if len(out) > 0 && found[flagSudden] {
		out = append(out, flagSudden)
	}
	return out
}

// sentenceFlags applies the rules to one sentence; injury says whether the
// question mentions an injury anywhere (swelling "after I twisted it").
func sentenceFlags(s flagSentence, injury bool) []flagKind {
	var out []flagKind
	flag := func(k flagKind, at ...int) {
		for _, i := range at {
			if !s.negated(i) {
				out = append(out, k)
				return
			}
		}
	}
	starts := func(ps ...[]string) []int {
		var at []int
		for _, p := range ps {
			at = append(at, s.phrase(p...)...)
		}
		return at
	}
	for i, w := range s {
		switch {
		case w == "numb" || w == "numbness" || w == "numbed" || w == "numbing":
			flag(flagNumbness, i)
		case hasPrefix(w, "tingl"):
			if !s.benignTingling() {
				flag(flagNumbness, i)
			}
		case hasPrefix(w, "diabet", "neuropath", "insulin", "metformin", "hba1c") || w == "sugar" && i > 0 && s[i-1] == "blood",
			w == "t1d" || w == "t2d" || w == "t1" && i+1 < len(s) && set("and", "here", "on", "diabetic")[s[i+1]],
			w == "type" && i+2 < len(s) && set("1", "2", "one", "two")[s[i+1]] && set("here", "myself", "runner", "and", "diabetic")[s[i+2]],
			w == "sugars" && i > 0 && set("my", "blood")[s[i-1]],
			w == "sugar" && i > 0 && (s[i-1] == "the" && i > 1 && set("has", "have", "got", "with")[s[i-2]] || i+1 < len(s) && set("problem", "problems", "issues")[s[i+1]]):
			// "type 1 here" is how diabetics say it among runners.
			flag(flagDiabetes, i)
		case w == "chest":
			if _, ok := s.near(i, 3, chestWords); ok {
				flag(flagEmergency, i)
			}
		case w == "breathless" || w == "breathe" && i > 0 && s[i-1] == "can't",
			w == "fainted" || w == "collapsed" || w == "fainting" || (w == "passed" || w == "blacked") && i+1 < len(s) && s[i+1] == "out":
			flag(flagEmergency, i)
		case w == "short":
			flag(flagEmergency, starts([]string{"short", "of", "breath"})...)
		case hasPrefix(w, "anticoagul", "warfarin"):
			flag(flagCondition, i)
		case hasPrefix(w, "pregnan"):
			// Pregnancy alone is a topic the notes do not cover (a
			// decline); swelling in pregnancy needs a doctor.
			if s.any(swellWords) {
				flag(flagCondition, i)
			}
		case conditionWords[w]:
			flag(flagCondition, i)
		case surgeryWords[w]:
			if _, ok := s.near(i, 6, bodyWords); ok || s.any(set("recent", "recently", "ago", "since", "after", "just")) {
				flag(flagCondition, i)
			}
		case suddenWords[w]:
			flag(flagSudden, i)
		case w == "pop" || w == "popped" || w == "popping" || w == "snap" || w == "snapped":
			// A pop or snap with pain is a tendon or bone giving way.
			if (s.any(painWords) || s.any(set("sharp", "agony"))) && !s.anyPrefix("blister") {
				flag(flagFracture, i)
			}
		case w == "mole" || w == "moles":
			if s.moleChanges() {
				flag(flagLump, i)
			}
		case w == "thinner" || w == "thinners" || w == "thinning":
			if _, ok := s.near(i, 2, set("blood")); ok {
				flag(flagCondition, i)
			}
		case hasPrefix(w, "fractur", "dislocat"):
			// "a fractured schedule", "my pace fractured" are no bone.
			otherNoun := !strings.HasSuffix(w, "ure") && (i+1 < len(s) && !isStop(s[i+1]) ||
				i > 0 && !isStop(s[i-1]) && !strings.Contains(s[i-1], "'") && !beforeState[s[i-1]])
			if _, body := s.near(i, 3, bodyWords); body || !otherNoun {
				flag(flagFracture, i)
			}
		case breakWords[w] && !(i+1 < len(s) && notBreak[s[i+1]]):
			// "a broken foot massager" is a broken device.
			if _, device := s.near(i, 3, deviceWords); device {
				break
			}
			if _, ok := s.near(i, 4, bodyWords); ok {
				flag(flagFracture, i)
			}
		case w == "dvt" || hasPrefix(w, "thrombo") || w == "clot" || w == "clots":
			flag(flagDVT, i)
		case sizeWords[w] && injury:
			if s.any(bodyWords) {
				flag(flagInjurySwelling, i) // "twisted ankle, huge lump"
			}
		case swellWords[w]:
			switch _, calf := s.near(i, 6, calfWords); {
			case calf || s.any(travelWords):
				flag(flagDVT, i)
			case injury:
				flag(flagInjurySwelling, i)
			case s.swellingLasts(i):
				flag(flagSwelling, i)
			}
			if _, ok := s.near(i, 4, set("achilles", "tendon", "tendons", "joint", "joints")); ok {
				flag(flagSwelling, i) // a swollen tendon or joint
			}
			if s.inflamed() {
				flag(flagInfection, i)
			}
		case heatWords[w] && !(i+1 < len(s) && notSymptom[s[i+1]]):
			if _, ok := s.near(i, 6, calfWords); ok && (s.any(swellWords) || s.any(painWords) || countAny(s, heatWords) > 1) {
				flag(flagDVT, i)
			}
		case hasPrefix(w, "infect", "cellulit", "abscess") && w != "infectious" && !(i+1 < len(s) && s[i+1] == "of" && !s.hasNear(i, 3, bodyWords)) || w == "pus" || hasPrefix(w, "ooz") || hasPrefix(w, "fever", "feverish"):
			flag(flagInfection, i)
		case hasPrefix(w, "streak"):
			if _, ok := s.near(i, 2, set("red")); ok {
				flag(flagInfection, i)
			}
		case hasPrefix(w, "bleed") && i+1 < len(s) && timeLoss[s[i+1]]:
			// "bleeding time on the hills" is losing time.
		case hasPrefix(w, "wound", "ulcer", "lacerat", "bleed", "graze", "abrasion"):
			flag(flagWound, i)
		case hasPrefix(w, "punctur"):
			// A puncture in the skin, not in a bike's tyre.
			if s.any(bodyWords) || s.any(set("wound", "nail", "glass", "pin", "needle", "thorn")) {
				flag(flagWound, i)
			}
		case cutWords[w]:
			// Cutting toenails is grooming, not a wound.
			if j, ok := s.nearest(i, 3, bodyWords); ok && j > i && nailWords[s[j]] {
				break
			}
			// "a cut on the bottom of my foot": the noun, placed on the
			// body, with a body word anywhere in the sentence.
			noun := i > 0 && s.any(bodyWords) && (set("open", "deep", "nasty", "bad")[s[i-1]] ||
				set("a", "the", "my")[s[i-1]] && i+1 < len(s) && set("on", "in", "under", "between", "across")[s[i+1]])
			if _, ok := s.near(i, 5, bodyWords); (ok || noun) && !(i+1 < len(s) && set("down", "back", "out", "off", "short")[s[i+1]]) {
				flag(flagWound, i)
			}
		case hasPrefix(w, "blister"):
			if s.unnegated(blisterOpen) {
				flag(flagWound, i)
			}
			if s.unnegated(redWords) {
				flag(flagInfection, i) // a blister gone red round its edges
			}
		case colourWords[w]:
			// The colour's object is the body word nearest it; a nail's
			// colour ("black toenails" from running) is a bruise under
			// the nail, not skin changing colour.
			if j, ok := s.nearestUnnegated(i, 3, bodyWords); ok && !nailWords[s[j]] && !(j+1 < len(s) && notSymptom[s[j+1]]) {
				flag(flagColour, i)
			} else if _, ok := s.near(i, 3, swellWords); ok {
				flag(flagColour, i) // "swollen and purple"
			} else if i+1 < len(s) && set("colour", "color", "tinge", "tint")[s[i+1]] {
				flag(flagColour, i) // "went a weird bluish colour"
			}
		case w == "raw":
			if _, ok := s.near(i, 6, bodyWords); ok || s.any(set("skin")) {
				flag(flagWound, i) // "the skin underneath is raw"
			}
		case hasPrefix(w, "spread", "creep") || growthWords[w] && s.any(bodyWords) || movingOn(s, i):
			// Spreading redness, or said as its growth on the body: "the
			// red patch on my ankle is getting bigger" (not a watch's red
			// zone).
			if s.any(set("red", "redness", "pink", "rash", "streak", "streaks")) {
				flag(flagInfection, i)
			}
		case w == "worse" || w == "worsening" || w == "worsens":
			if s.worsensWithRunning(i) {
				flag(flagWorsening, i)
			}
		case hasPrefix(w, "discolo"):
			flag(flagColour, i)
		case alwaysSevere[w]:
			flag(flagRestPain, i)
		case severeWords[w]:
			if _, ok := s.near(i, 3, painWords); ok && s.restContext() {
				flag(flagRestPain, i)
			}
			// Pain said to be severe, or sudden and bad, is no soreness.
			if _, ok := s.near(i, 3, painWords); ok && (w == "severe" || w == "severely" || w == "extreme" || s.any(suddenWords)) {
				flag(flagSeverePain, i)
			}
		case hasPrefix(w, "sprain", "rupture") || w == "torn" || w == "tore" || w == "tear" && i > 0 && set("a", "the", "my")[s[i-1]]:
			if _, ok := s.near(i, 4, bodyWords); ok || s.any(set("muscle", "tendon", "ligament")) {
				flag(flagInjurySwelling, i)
			}
		}
	}
	// Pain that wakes the member or is there at rest, whatever other rule
	// its word also meets ("throbbing" is a sign of heat too).
	if s.wakesOrAtRest() {
		for i, w := range s {
			if painWords[w] {
				flag(flagRestPain, i)
			}
		}
	}
	for k, ps := range signPatterns {
		for _, p := range ps {
			flag(k, s.match(p)...)
		}
	}
	// Pain that brings the member to tears is severe.
	if at := append(s.phrase("in", "tears"), s.phrase("to", "tears")...); len(at) > 0 && s.any(painWords) {
		flag(flagSeverePain, at...)
	}
	if s.growsRunByRun() {
		flag(flagWorsening, 0)
	}
	if s.matchAny(buzzFeeling) && !s.benignTingling() {
		flag(flagNumbness, 0)
	}
	// Skin gone a colour ("my toes have gone a dusky grey"); a nail's
	// colour is a bruise under it.
	if !s.unnegated(nailWords) {
		for _, at := range s.match(turnedColour) {
			// "my shoes went black with mud" is the shoes' colour, "the
			// purple zone on my watch" the zone's.
			if _, gear := s.near(at, 3, footwearWords); !gear && !s.colourOfAnother(at) {
				flag(flagColour, at)
			}
		}
	}
	// One leg bigger than the other is a clot until shown otherwise.
	other := append(s.phrase("than", "the", "other"), append(s.phrase("compared", "to", "the", "other"), s.phrase("compared", "with", "the", "other")...)...)
	if len(other) > 0 && (s.any(lowerLegWords)) && s.any(biggerWords) {
		flag(flagDVT, other...)
	}
	// Feet that burn at rest or all the time are a nerve sign; a little
	// burn after a long run is not.
	if s.any(bodyWords) && !s.any(mildWords) && (s.restContext() || s.any(alwaysWords)) {
		for i, w := range s {
			if w == "burn" || w == "burns" || w == "burning" {
				flag(flagNumbness, i)
			}
		}
	}
	// Burning like fire is a nerve sign: "my foot feels like it's on fire".
	if at := s.phrase("on", "fire"); len(at) > 0 && s.any(footWords) && !s.any(set("lactic", "hill", "hills")) {
		flag(flagNumbness, at...)
	}
	// Calf or leg pain that comes with walking and goes with rest is the
	// blood supply falling short (claudication).
	if s.any(calfOrLegWords) {
		if s.any(painWords) || s.any(crampWords) {
			if s.anyPrefix("walk") && s.any(easesWords) {
				for i, w := range s {
					if strings.HasPrefix(w, "walk") {
						flag(flagCirculation, i)
					}
				}
			}
		}
	}
	// "Can't walk" after an injury, or at all; "can't walk properly the
	// morning after a long run" is stiffness the notes answer.
	for _, at := range s.match(cantWalk) {
		if injury || !s.any(ordinaryAches) {
			flag(flagFracture, at)
		}
	}
	for _, at := range starts([]string{"top", "of", "my", "foot"}, []string{"top", "of", "the", "foot"}, []string{"top", "of", "my", "feet"}) {
		if _, ok := s.near(at, 6, painWords); ok {
			flag(flagWorsening, at)
		}
	}
	return out
}

// worsensWithRunning: the word at i ("worse") says a pain grows run after
// run ("worse every run", "worse and worse", "worsening with each run"),
// not that it is worse at one time of day.
func (s flagSentence) worsensWithRunning(i int) bool {
	if !s.any(painWords) && !s.any(set("sore", "soreness", "tender")) {
		return false
	}
	if j, ok := s.near(i, 2, set("worse")); ok && j > i-3 && s[i] == "worse" {
		return true // "worse and worse"
	}
	_, every := s.near(i, 6, set("every", "each"))
	return every || len(s.phrase("getting", "worse")) > 0 && s.any(set("run", "runs", "running", "week", "weeks"))
}

var turnedColour = parseSigns("gone|went|turned|turning|turn|turns|going|go|goes|gets|look|looks|looking blue|white|grey|gray|purple|black|pale|dusky|bluish|purplish|greyish|whitish|blueish|waxy|mottled|blotchy|purply")[0]

// growsRunByRun: pain said to grow run after run without the word
// "worse": "has hurt a little more on every run for three weeks".
func (s flagSentence) growsRunByRun() bool {
	return (s.any(painWords) || s.any(soreWords)) && s.matchAny(moreEachRun) || s.matchAny(worseByTheWeek)
}

var (
	moreEachRun = parseSigns("more on|with|after every|each run|time|day|week", "more and more", "more|worse than the last",
		"building|growing|worse|worsening run|week|day by run|week|day")
	// worseByTheWeek: a sore spot said to grow worse run by run or week
	// by week, in whatever words ("gets angrier week by week").
	worseByTheWeek = parseSigns("worse|worsening|angrier|sorer|sore|tender|painful|bigger week|run|day by week|run|day",
		"worse|angrier|sorer every|each week|run")
	soreWords = set("sore", "sorer", "soreness", "tender", "angrier", "angry", "niggling", "niggle", "agony")
)

var (
	cantWalk = parseSigns("can't walk|stand|hobble")[0]
	// ordinaryAches give "can't walk" an ordinary cause: "can't walk
	// properly the morning after, my arches are so stiff".
	ordinaryAches = set("stiff", "stiffness", "sore", "soreness", "tired", "achy", "heavy", "tight", "doms")

	// Word sets of the rules read on every sentence.
	lowerLegWords   = set("leg", "legs", "calf", "calves", "ankle", "ankles")
	beforeState     = set("got", "get", "been", "feel", "feels", "seems", "looks", "think", "probably", "maybe", "definitely", "actually")
	timeLoss        = set("time", "seconds", "minutes", "points", "money")
	footwearWords   = set("shoe", "shoes", "trainers", "sneakers", "socks", "sock", "laces", "insoles", "spikes")
	footWords       = set("foot", "feet", "toe", "toes", "sole", "soles", "heel", "heels", "arch", "arches")
	calfOrLegWords  = set("leg", "legs", "calf", "calves")
	biggerWords     = set("bigger", "fatter", "fat", "larger", "thicker", "swollen", "puffier", "puffy", "wider")
	mildWords       = set("little", "bit", "slightly", "slight", "mild")
	alwaysWords     = set("always", "constantly", "constant", "nonstop")
	crampWords      = set("cramp", "cramps", "cramping")
	easesWords      = set("stop", "stops", "rest", "eases", "goes")
	jointWords      = set("joint", "joints")
	jointOrToeWords = set("joint", "joints", "toe", "toes", "knuckle")
	redWords        = set("red", "redness", "reddish")
	growthWords     = set("bigger", "larger", "wider", "growing", "grows", "grown", "expanding", "expands")
	hotWords        = set("hot", "warm", "burning")
)

// inflamed: skin or a joint that is red with heat or swelling, or hot and
// swollen at a toe or joint, which is infection or inflammation (gout), not
// the warmth of a hard run.
func (s flagSentence) inflamed() bool {
	if !s.any(bodyWords) && !s.any(jointWords) {
		return false
	}
	red := s.unnegated(redWords)
	hot := s.unnegated(hotWords)
	swollen := s.unnegated(swellWords)
	return red && (hot || swollen) || hot && swollen && s.any(jointOrToeWords)
}

// unnegated reports a word of ws in s that no negation rules out.
func (s flagSentence) unnegated(ws map[string]bool) bool {
	for i, w := range s {
		if ws[w] && !s.negated(i) && !(i+1 < len(s) && notSymptom[s[i+1]]) {
			return true
		}
	}
	return false
}

func (s flagSentence) anyPrefix(p string) bool {
	for _, w := range s {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

func countAny(s flagSentence, ws map[string]bool) int {
	n := 0
	for _, w := range s {
		if ws[w] {
			n++
		}
	}
	return n
}

// restContext: the pain is there without running ("at rest", "at night").
func (s flagSentence) restContext() bool {
	for i, w := range s {
		switch {
		case w == "resting" || w == "rest" && i > 0 && s[i-1] == "at", w == "constant" || w == "constantly",
			s.wakes(i), hasPrefix(w, "awake", "sleep"), w == "night" || w == "bed" || w == "sitting" || w == "lying":
			return true
		}
	}
	return len(s.phrase("all", "the", "time")) > 0 || len(s.phrase("not", "moving")) > 0
}

// wakesOrAtRest: the pain is there at rest or wakes the member, which is
// never ordinary soreness, severe-sounding or not.
func (s flagSentence) wakesOrAtRest() bool {
	for i, w := range s {
		if s.wakes(i) || hasPrefix(w, "awake") || w == "rest" && i > 0 && s[i-1] == "at" && !s.negated(i) {
			return true
		}
	}
	return len(s.phrase("can't", "sleep")) > 0 || len(s.phrase("keeps", "me", "up")) > 0 || s.matchAny(atRest) || s.severeScore()
}

// movingOn: word i says a mark moves over the body ("going up towards the
// ankle", "moving up my leg"), as spreading redness does.
func movingOn(s flagSentence, i int) bool {
	if !movingWords[s[i]] {
		return false
	}
	for j := i + 1; j < len(s) && j <= i+2; j++ {
		if upwards[s[j]] {
			// ...up my leg, towards the ankle: over the body.
			for k := j + 1; k < len(s) && k <= j+3; k++ {
				if bodyWords[s[k]] {
					return true
				}
			}
			return false
		}
		if !fartherWords[s[j]] {
			return false
		}
	}
	return false
}

var (
	upwards      = set("up", "towards", "toward")
	fartherWords = set("further", "farther", "higher")
)

// movingWords say a mark moves ("it goes further up my leg").
var movingWords = set("going", "goes", "gone", "moving", "moves", "moved", "travelling", "traveling", "travels", "climbing", "climbs", "heading", "creeping", "spreading")

// wakes: word i says the pain wakes someone ("it wakes me up", "woke me
// at 3am"), not that it is there on waking ("woke up with heel pain
// again", the morning pain of plantar fasciitis the notes cover).
func (s flagSentence) wakes(i int) bool {
	return hasPrefix(s[i], "wake", "woke", "waking") && i+1 < len(s) && set("me", "us", "him", "her", "them")[s[i+1]]
}

// atRest: pain said to be there while the member is still, or all night.
var atRest = parseSigns("doing nothing", "not even moving", "even when|while i'm|im|i|sitting|lying|resting|still",
	"even lying|sitting|resting", "on the sofa|couch", "in bed", "all|every night", "through the night",
	"with my feet|foot up", "just walking", "even walking", "at night", "in the night", "stops|stopping|keeps me sleeping|awake",
	"stops|stopping me from sleeping")

// severeScore: a pain score of 7 or more out of 10 ("like 8/10").
func (s flagSentence) severeScore() bool {
	for i := 0; i+1 < len(s); i++ {
		n, err := strconv.Atoi(s[i])
		if err != nil || n < 7 || n > 10 {
			continue
		}
		if s[i+1] == "10" || len(s.phrase(s[i], "out", "of", "10")) > 0 {
			return true
		}
	}
	return false
}

// benignTingling is the tingling the documents describe: caused by a massage
// or improving circulation, and not lasting.
func (s flagSentence) benignTingling() bool {
	if len(s.phrase("all", "the", "time")) > 0 || len(s.phrase("go", "away")) > 0 || len(s.phrase("goes", "away")) > 0 {
		return false
	}
	for _, w := range s {
		if hasPrefix(w, "persist", "constant", "chronic", "always", "keep") || w == "weeks" || w == "days" || w == "months" || w == "still" {
			return false
		}
	}
	for i, w := range s {
		if hasPrefix(w, "circulat", "invigorat", "pleasant", "relaxing", "blood") {
			return true
		}
		if hasPrefix(w, "massag") {
			if _, ok := s.near(i, 5, set("during", "while", "after", "from", "with", "when")); ok {
				return true
			}
		}
	}
	return false
}

// redFlagText is the referral a member reads for the flags raised.
func redFlagText(flags []flagKind) string {
	var b strings.Builder
	b.WriteString("That is something to have checked, not massaged.")
	for _, k := range flags {
		b.WriteString(" ")
		b.WriteString(flagAdvice[k])
	}
	return b.String()
}

// withoutNegated drops the symptoms a member rules out, and the negators,
// from a question, so "sore heels, no swelling" is searched as "sore heels".
// Only symptom words go: "feet aren't numb, is a heated shiatsu ok?" keeps
// "heated shiatsu".
func withoutNegated(text string) string {
	var b strings.Builder
	for _, s := range flagSentences(text) {
		for i, w := range s {
			// A negator that is a stopword stays, so that the words
			// around it do not become neighbours ("like quads, not
			// feet" is no "quads feet").
			if (negators[w] || shortNegators[w]) && !isStop(w) || s.negated(i) && isSymptomWord(w) {
				continue
			}
			b.WriteString(w)
			b.WriteByte(' ')
		}
		b.WriteString(". ")
	}
	return b.String()
}

// isSymptomWord: a word a red-flag rule reads as a symptom.
func isSymptomWord(w string) bool {
	return swellWords[w] || painWords[w] || severeWords[w] || colourWords[w] || breakWords[w] || cutWords[w] ||
		heatWords[w] || blisterOpen[w] || w == "numb" || w == "numbness" || w == "pus" || w == "fever" ||
		hasPrefix(w, "tingl", "diabet", "neuropath", "fractur", "infect", "wound", "ulcer", "bleed", "blister", "injur", "discolo")
}
