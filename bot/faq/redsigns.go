package faq

import "strings"

// Signs are the red flags said in more than one word: "can't put any weight
// on it", "heard a pop", "my feet feel like they're burning". Each is a
// pattern of word slots: a slot lists its alternatives with "|", and up to
// signGap other words may stand between two slots, so the filler runners
// put in ("can't put much weight", "feet are burning") does not hide a
// sign. A sign counts where it starts unless it is negated there.
//
// The patterns are grouped by what they are a sign of, not by question:
// each is a way the notes' readers describe one family of symptoms.
var signs = []struct {
	kind flagKind
	pats []string
}{
	{flagNumbness, []string{
		"pins and|n needles", "pins needles", "can't feel", "lost|losing|lose|loss|no|without feeling|sensation",
		"feel|feels|feeling|felt dead|deadened|fuzzy|furry|woolly|asleep", "feet|foot|toes|soles|sole|heel|heels asleep",
		"burning sensation|feeling|feet|foot|toes|soles|pain",
		"shooting pain|pains", "electric shock|shocks|pain|pains|zaps|jolts|feeling|sensation|buzz",
		"gone|going|went all fuzzy|numb|dead|deadened|tingly", "cotton wool",
		"can't tell hot|cold|warm from", "like|as it's|its|it|they've|they're|they asleep",
		"fizzy|fizzing|buzzy|tingly and|n dead|numb|deadened",
		"foot drop", "leg|legs|foot|ankle weak|weakness", "weakness in foot|feet|leg|legs|ankle",
	}},
	{flagFracture, []string{
		"can't put|bear|take weight", "can't move toe|toes|foot|ankle",
		"heard|felt a crack|snap|pop|crunch|click", "something popped|snapped|cracked",
		"stress fracture", "looks|look|is|went deformed|crooked|misshapen|wonky",
		"sticking out", "out of place", "at a weird|funny|strange|odd angle", "can't put foot|feet|it|weight|heel|heels|toe|toes|leg|ankle down|on",
		"like i was|i'd|someone kicked|shot", "pointing|facing|bent|sticking|going the wrong way|direction", "pointing|facing|bent|sticking a|an funny|weird|odd|strange way|angle|direction",
		"hairline crack|break|fracture",
		"dropped|fell a|the on my foot|toe|toes|feet", "dropped something|it on my foot|toe|toes|feet", "hurts|painful|tender to touch|press on one spot|point|place",
		"one spot|point that hurts|aches", "hurts|painful|tender to hop|hopping|jump",
	}},
	{flagWound, []string{
		"open sore", "skin is broken", "broken skin", "stepped|stood|trod|trodden on nail|glass|pin|needle|thorn|tack|something",
		"hole in the|my skin|foot|heel|sole|toe", "gaping open|wound|cut", "won't|not|doesn't|isn't|never close|closing|heal|healing up",
		"skin rubbed|peeled|ripped|torn|split|came off", "rubbed|peeled|ripped|torn|split the skin",
		"skin came away", "skin hanging|hangs|ripped|torn|rubbed off", "flap ripped|torn|came|hanging off", "see inside it|cut|wound|there",
	}},
	{flagColour, []string{
		"changed|changing|turned|turning|gone|went colour|color", "look|looks|looking|gone|went|turned|turning funny|weird|strange|odd|horrible colour|color",
		"looks|look|looking like it's|its|it is dying", "no pulse", "can't feel a|my pulse",
		"cold and pale|white|blue|numb", "pale|white|blue and cold",
	}},
	{flagEmergency, []string{"trouble|difficulty|struggling|hard breathing|breathe", "can't catch my breath"}},
	{flagRestPain, []string{"painkillers|painkiller|ibuprofen|paracetamol not|aren't|isn't|don't|won't touching|working|helping|help|touch",
		"duvet|sheet|sheets|blanket|covers touch|touching|touches|on"}},
	{flagInfection, []string{
		"hot to the touch", "warm to the touch", "feel|feeling|felt unwell|ill|sick|shivery|feverish",
		"chills", "high temperature", "flu like", "yellow|green|white stuff|gunk|liquid|fluid coming|leaking|oozing", "leaking|oozing|weeping|seeping yellow|green|white|smelly stuff|gunk|liquid|fluid|pus|goo", "stuff coming out", "gunk|pus|matter|stuff coming|leaking|oozing out|from",
		"got|have|running|with a temperature", "full of white|yellow|green matter|stuff|gunk|pus", "smells|smelly|smelling bad|off|funny",
	}},
	{flagDVT, []string{"one leg|calf bigger|larger|fatter|thicker", "one leg|calf swollen|swelling|swelled|puffy",
		"swollen|swelling|swelled|puffy one leg|calf"}},
	{flagCirculation, []string{
		"calf|calves|leg|legs|foot pain|cramp|cramps|cramping|hurts|aches when|while walking",
		"peripheral artery|arterial|vascular", "poor blood flow", "raynaud|raynaud's|raynauds",
		"varicose veins|vein",
	}},
	{flagLump, []string{
		"lump|lumps|growth|cyst on|in|under", "changing|growing|bleeding mole", "new lump|growth|mole",
	}},
}

// signGap is how many other words may stand between two slots of a sign.
const signGap = 2

// signPattern is a parsed sign: one set of alternatives per slot.
type signPattern []map[string]bool

var signPatterns = func() map[flagKind][]signPattern {
	out := map[flagKind][]signPattern{}
	for _, g := range signs {
		out[g.kind] = append(out[g.kind], parseSigns(g.pats...)...)
	}
	return out
}()

// match returns where the pattern starts in s: each slot matched in order,
// with at most signGap words between two slots.
func (s flagSentence) match(p signPattern) []int {
	var at []int
	for i := range s {
		if p[0][s[i]] && s.matchFrom(p, 1, i+1) {
			at = append(at, i)
		}
	}
	return at
}

func (s flagSentence) matchFrom(p signPattern, slot, from int) bool {
	if slot == len(p) {
		return true
	}
	for j := from; j < len(s) && j <= from+signGap; j++ {
		if p[slot][s[j]] && s.matchFrom(p, slot+1, j+1) {
			return true
		}
	}
	return false
}

// spellings folds the ways runners type the same word onto one, before any
// rule reads the sentence: "cant", "cannot" and "can not" are "can't".
var spellings = map[string]string{
	"ankle's": "ankle", "foot's": "foot", "toe's": "toe", "heel's": "heel", "leg's": "leg",
	"numbnes": "numbness", "numbess": "numbness", "diebetic": "diabetic", "diabetis": "diabetes", "blistre": "blister",
	"excrutiating": "excruciating", "infectd": "infected", "nae": "no", "skins": "skin", "paler": "pale",
	"swolen": "swollen", "swolled": "swollen", "sweling": "swelling", "swellin": "swelling", "nighttime": "night", "calf's": "calf",
	"cant": "can't", "cannot": "can't", "couldn't": "can't", "couldnt": "can't", "unable": "can't",
	"wont": "won't", "colour's": "colour", "color's": "color", "tingly": "tingling",
	// Colours said loosely: "bluey purple", "a greyish toe".
	"bluey": "blue", "bluish": "blue", "blueish": "blue", "purply": "purple", "purplish": "purple", "greyish": "grey",
	"grayish": "gray", "whitish": "white", "whiteish": "white", "blackish": "black", "yellowy": "yellow", "yellowish": "yellow",
}

func normalizeFlagWords(ws []string) flagSentence {
	out := make(flagSentence, 0, len(ws))
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch {
		case w == "can" && next == "not":
			w, i = "can't", i+1
		case w == "lower" && next == "leg":
			w, i = "calf", i+1 // the lower leg is the calf, where a clot starts
		case w == "lower" && next == "legs":
			w, i = "calves", i+1
		case (w == "blew" || w == "blown" || w == "puffed") && next == "up":
			w, i = "swelled", i+1 // "an ankle that blew up"
		}
		if n, ok := spellings[w]; ok {
			w = n
		}
		out = append(out, w)
	}
	return out
}

// lastingSwelling: swelling with no ordinary cause: it stays, it came
// for no reason, or only one side has it.
var lastingSwelling = parseSigns("won't|not|doesn't|isn't|never go|going|goes down|away", "for no reason",
	"only one", "one foot|ankle|side", "for|few|several|couple|many|two|three|four|five|2|3|4|5|6|7|8|9|10 days|weeks|months|ages",
	"still swollen|swelling|puffy", "weeks|months later|now", "ever since", "sudden|suddenly swollen|swelling|swelled|swelled|puffy",
	"swollen|swelling|swelled|puffy suddenly|overnight")

// buzzFeeling is a nerve's buzz or fizz, ordinary only while a vibrating
// massager is on (benignTingling).
var buzzFeeling = parseSigns("buzzing|buzzy|fizzy|fizzing|crawling feeling|sensation|feet|foot|toes|soles")

// injuryPhrases are injuries said in more than one word: "went over on my
// ankle", "someone stood on my foot".
var injuryPhrases = parseSigns("went|gone|go|going over on", "stood|trod|trodden|landed on my|the foot|toe|toes|ankle|heel", "got|been stood|trodden on",
	"went|gone arse|head|flying over", "rolled|twisted|turned my|an|the ankle|foot")

// travelWords: hours sat still, the classic start of a clot in the calf.
var travelWords = set("flight", "flights", "flying", "flew", "plane", "drive", "coach")

// parseSigns parses patterns written as in signs.
func parseSigns(pats ...string) []signPattern {
	var out []signPattern
	for _, p := range pats {
		var sp signPattern
		for _, slot := range strings.Fields(p) {
			sp = append(sp, set(strings.Split(slot, "|")...))
		}
		out = append(out, sp)
	}
	return out
}

// matchAny reports whether any of the patterns occurs un-negated.
func (s flagSentence) matchAny(ps []signPattern) bool {
	for _, p := range ps {
		for _, at := range s.match(p) {
			if !s.negated(at) {
				return true
			}
		}
	}
	return false
}

// conditionWords name what a member may have or take that changes what a
// massage can safely do, whatever they ask about their feet. (Pregnancy
// counts only with swelling: "is foot massage safe during pregnancy" is a
// question the notes do not cover, declined.)
var conditionWords = set("pacemaker", "defibrillator", "gout", "rheumatoid", "lupus", "lymphoedema", "lymphedema", "chemo", "chemotherapy",
	"cancer", "tumour", "tumor", "haemophilia", "hemophilia", "osteoporosis", "cortisone", "steroid", "steroids")

// surgeryWords next to a body word, or said as recent, are an operation or
// a fracture still healing.
var surgeryWords = set("surgery", "operation", "operated", "stitches", "screws", "cast", "bunionectomy")

// suddenWords make any red flag a same-day visit.
var suddenWords = set("sudden", "suddenly", "overnight")

// moleChanges: a mole said to change in any way, anywhere in the sentence.
func (s flagSentence) moleChanges() bool {
	return s.any(set("mole", "moles")) && (s.anyPrefix("chang") || s.any(set("growing", "grown", "grew", "bigger", "bleeding", "bleeds", "itchy", "darker")))
}

// swellingLasts reports swelling at i that has no ordinary cause: it has
// lasted days or weeks, came for no reason, or is on one side only.
func (s flagSentence) swellingLasts(i int) bool {
	return s.matchAny(lastingSwelling)
}
