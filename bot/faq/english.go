package faq

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// englishWordsText is a list of English words, one a line, sorted.
//
//go:embed english-words.txt
var englishWordsText string

// englishWords is the list parsed once: sorted, the lines sharing the
// embedded text (about 65,000 headers, no copies).
var englishWords = sync.OnceValue(func() []string {
	var out []string
	for line := range strings.Lines(englishWordsText) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
})

// isEnglishWord reports whether w (lowercase) is an English word of the
// list (4-20 letters).
func isEnglishWord(w string) bool {
	_, found := slices.BinarySearch(englishWords(), w)
	return found
}

// spellingVariant reports whether a and b are one word's British and
// American spellings: defence and defense, colour and color, travelling
// and traveling, recognise and recognize.
func spellingVariant(a, b string) bool {
	for _, p := range variantPairs {
		for _, pq := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
			for i := strings.Index(a, pq[0]); i >= 0; {
				if a[:i]+pq[1]+a[i+len(pq[0]):] == b {
					return true
				}
				j := strings.Index(a[i+1:], pq[0])
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
	}
	return false
}

// variantPairs are the British and American spellings of a word part.
var variantPairs = [][2]string{{"ence", "ense"}, {"our", "or"}, {"ise", "ize"}, {"yse", "yze"}, {"tre", "ter"}, {"ll", "l"}, {"ae", "e"}, {"oe", "e"}, {"ogue", "og"}}
