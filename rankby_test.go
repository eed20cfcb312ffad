package clubbot

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// sortedBoard is the board as Rank built it before RankBy: drop the hidden,
// sort everyone by Less, read the places off. The reference RankBy's boards
// are compared with.
func sortedBoard(standings []Standing, asker string) Board {
	var visible []Standing
	for _, s := range standings {
		if !s.Hidden {
			visible = append(visible, s)
		}
	}
	slices.SortFunc(visible, compare)
	var b Board
	b.Total = len(visible)
	at := -1
	for i, s := range visible {
		if i < TopN {
			b.Top = append(b.Top, Ranked{Rank: i + 1, Standing: s})
		}
		if s.UserID == asker {
			at = i
			b.Asker = Ranked{Rank: i + 1, Standing: s}
		}
	}
	if at >= TopN {
		for i := at - 1; i <= at+1 && i < len(visible); i++ {
			b.Around = append(b.Around, Ranked{Rank: i + 1, Standing: visible[i]})
		}
	}
	return b
}

// randomStandings is n members with figures drawn from small ranges, so
// ties at every level of Less are common; one in seven hidden.
func randomStandings(r *rand.Rand, n, maxDays int) []Standing {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Standing, n)
	for i := range out {
		out[i] = Standing{
			UserID:         fmt.Sprintf("u%03d", r.IntN(10*n+1)*1000+i), // unique, in random order
			QualifyingDays: r.IntN(maxDays + 1),
			CurrentStreak:  r.IntN(4),
			TotalMinutes:   10 * r.IntN(4),
			Joined:         t0.Add(time.Duration(r.IntN(3)) * time.Hour),
			Hidden:         r.IntN(7) == 0,
		}
	}
	return out
}

// TestRankByMatchesSort: RankBy (and Rank over it) gives the board a full
// sort gives, for boards of every size around TopN, askers at every place,
// hidden and absent, and many ties; complete is asked only about the
// entries it is given, at most once each.
func TestRankByMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 400 {
		n := []int{0, 1, 2, 9, 10, 11, 12, 13, 30, 200}[round%10]
		maxDays := []int{0, 1, 3, 8, 60}[round%5]
		full := randomStandings(r, n, maxDays)
		entries := make([]Standing, n)
		for i, s := range full {
			entries[i] = Standing{UserID: s.UserID, QualifyingDays: s.QualifyingDays, Hidden: s.Hidden}
		}
		askers := []string{"nobody"}
		for _, s := range full {
			askers = append(askers, s.UserID)
		}
		for _, asker := range askers {
			want := sortedBoard(full, asker)
			if got := Rank(full, asker); !boardsEqual(got, want) {
				t.Fatalf("round %d, asker %s: Rank\n got %+v\nwant %+v", round, asker, got, want)
			}
			asked := map[int]bool{}
			got := RankBy(entries, asker, func(i int) Standing {
				if asked[i] {
					t.Fatalf("round %d: entry %d completed twice", round, i)
				}
				asked[i] = true
				return full[i]
			})
			if !boardsEqual(got, want) {
				t.Fatalf("round %d, asker %s: RankBy\n got %+v\nwant %+v", round, asker, got, want)
			}
		}
	}
}

// TestRankByCompletesFew: with qualifying days spread out, only the top
// places' members and the asker's group are completed, and the group above
// or below only when the asker leads or trails their own.
func TestRankByCompletesFew(t *testing.T) {
	var full []Standing
	for q := range 100 {
		for k := range 10 {
			full = append(full, Standing{UserID: fmt.Sprintf("u%d-%d", q, k), QualifyingDays: q, CurrentStreak: k})
		}
	}
	entries := make([]Standing, len(full))
	for i, s := range full {
		entries[i] = Standing{UserID: s.UserID, QualifyingDays: s.QualifyingDays}
	}
	for asker, want := range map[string]int{
		"u50-3":  20, // the top ten (99 days) and the asker's group (50)
		"u50-9":  30, // leads their group: the group above too
		"u50-0":  30, // trails it: the group below too
		"u0-0":   20, // last of all: no group below
		"u99-5":  10, // in the top
		"nobody": 10,
	} {
		calls := 0
		got := RankBy(entries, asker, func(i int) Standing { calls++; return full[i] })
		if ref := sortedBoard(full, asker); !boardsEqual(got, ref) {
			t.Fatalf("asker %s: got %+v\nwant %+v", asker, got, ref)
		}
		if calls != want {
			t.Errorf("asker %s: completed %d entries, want %d", asker, calls, want)
		}
	}
}

func boardsEqual(a, b Board) bool {
	return a.Total == b.Total && a.Asker == b.Asker && slices.Equal(a.Top, b.Top) && slices.Equal(a.Around, b.Around)
}

// TestTallyMatchesSort: a Tally fed a board's visible standings in any
// order, the asker's among them again as a store streams them, gives the
// board a full sort gives, for every asker, hidden and absent included.
func TestTallyMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		n := []int{0, 1, 9, 10, 11, 12, 40, 150}[round%8]
		full := randomStandings(r, n, []int{0, 2, 8, 60}[round%4])
		askers := []string{"nobody"}
		for _, s := range full {
			askers = append(askers, s.UserID)
		}
		for _, asker := range askers {
			var me *Standing
			for i := range full {
				if full[i].UserID == asker && !full[i].Hidden {
					me = &full[i]
				}
			}
			tally := NewTally(me)
			for _, i := range r.Perm(n) {
				if !full[i].Hidden {
					tally.Add(full[i])
				}
			}
			if got, want := tally.Board(), sortedBoard(full, asker); !boardsEqual(got, want) {
				t.Fatalf("round %d, asker %s:\n got %+v\nwant %+v", round, asker, got, want)
			}
		}
	}
}
