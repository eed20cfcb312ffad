package clubbot

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestLessTieBreaks(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	base := Standing{UserID: "m", QualifyingDays: 5, CurrentStreak: 3, TotalMinutes: 100, Joined: t0}
	with := func(f func(*Standing)) Standing { s := base; f(&s); return s }
	tests := []struct {
		name          string
		better, worse Standing
	}{
		{"more qualifying days first, even with less of everything else",
			with(func(s *Standing) {
				s.QualifyingDays = 6
				s.CurrentStreak = 0
				s.TotalMinutes = 1
				s.Joined = t0.Add(time.Hour)
				s.UserID = "z"
			}),
			base},
		{"then longer current streak",
			with(func(s *Standing) {
				s.CurrentStreak = 4
				s.TotalMinutes = 1
				s.Joined = t0.Add(time.Hour)
				s.UserID = "z"
			}),
			base},
		{"then more minutes",
			with(func(s *Standing) { s.TotalMinutes = 101; s.Joined = t0.Add(time.Hour); s.UserID = "z" }),
			base},
		{"then joined earlier",
			with(func(s *Standing) { s.Joined = t0.Add(-time.Second); s.UserID = "z" }),
			base},
		{"then user id",
			with(func(s *Standing) { s.UserID = "a" }),
			base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !Less(tt.better, tt.worse) {
				t.Errorf("Less(better, worse) = false")
			}
			if Less(tt.worse, tt.better) {
				t.Errorf("Less(worse, better) = true")
			}
		})
	}
	if Less(base, base) {
		t.Error("Less(x, x) = true; want a strict order")
	}
	// The same instant in another zone is the same join time.
	other := with(func(s *Standing) { s.Joined = t0.In(time.FixedZone("x", 3600)); s.UserID = "a" })
	if !Less(other, base) {
		t.Error("equal join instants in different zones should fall through to user id")
	}
}

// board makes n visible standings ranked u01 (best) .. u<n> (worst).
func board(n int) []Standing {
	var ss []Standing
	for i := 1; i <= n; i++ {
		ss = append(ss, Standing{UserID: fmt.Sprintf("u%02d", i), QualifyingDays: 100 - i})
	}
	return ss
}

func ids(rs []Ranked) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%d:%s", r.Rank, r.UserID))
	}
	return out
}

func TestRank(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		hide   []string
		asker  string
		top    int
		around []string
		rank   int
		total  int
	}{
		{"asker in the top", 15, nil, "u03", 10, nil, 3, 15},
		{"asker at 10 is in the top", 15, nil, "u10", 10, nil, 10, 15},
		{"asker at 11", 15, nil, "u11", 10, []string{"10:u10", "11:u11", "12:u12"}, 11, 15},
		{"asker at last place", 15, nil, "u15", 10, []string{"14:u14", "15:u15"}, 15, 15},
		{"asker hidden", 15, []string{"u12"}, "u12", 10, nil, 0, 14},
		{"asker absent", 15, nil, "nobody", 10, nil, 0, 15},
		{"hidden members move others up", 15, []string{"u01", "u02"}, "u13", 10, []string{"10:u12", "11:u13", "12:u14"}, 11, 13},
		{"small board", 3, nil, "u02", 3, nil, 2, 3},
		{"empty board", 0, nil, "u01", 0, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := board(tt.n)
			for i := range ss {
				ss[i].Hidden = slices.Contains(tt.hide, ss[i].UserID)
			}
			// Shuffle deterministically: reversed input.
			slices.Reverse(ss)
			in := slices.Clone(ss)
			b := Rank(ss, tt.asker)
			if !slices.Equal(in, ss) {
				t.Error("Rank changed its input")
			}
			if len(b.Top) != tt.top {
				t.Errorf("top has %d, want %d", len(b.Top), tt.top)
			}
			for i, r := range b.Top {
				if r.Rank != i+1 || r.Hidden {
					t.Errorf("top[%d] = %+v", i, r)
				}
				if slices.Contains(tt.hide, r.UserID) {
					t.Errorf("hidden %s on the board", r.UserID)
				}
			}
			if got := ids(b.Around); !slices.Equal(got, tt.around) {
				t.Errorf("around = %v, want %v", got, tt.around)
			}
			if b.Asker.Rank != tt.rank || (tt.rank > 0 && b.Asker.UserID != tt.asker) {
				t.Errorf("asker = %+v, want rank %d", b.Asker, tt.rank)
			}
			if b.Total != tt.total {
				t.Errorf("total = %d, want %d", b.Total, tt.total)
			}
		})
	}
}

func TestRankOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ss := []Standing{
		{UserID: "late", QualifyingDays: 5, CurrentStreak: 2, TotalMinutes: 50, Joined: t0.Add(time.Hour)},
		{UserID: "b", QualifyingDays: 5, CurrentStreak: 2, TotalMinutes: 50, Joined: t0},
		{UserID: "a", QualifyingDays: 5, CurrentStreak: 2, TotalMinutes: 50, Joined: t0},
		{UserID: "minutes", QualifyingDays: 5, CurrentStreak: 2, TotalMinutes: 60, Joined: t0.Add(2 * time.Hour)},
		{UserID: "streak", QualifyingDays: 5, CurrentStreak: 3, TotalMinutes: 10, Joined: t0.Add(3 * time.Hour)},
		{UserID: "days", QualifyingDays: 6, Joined: t0.Add(4 * time.Hour)},
		{UserID: "hidden", QualifyingDays: 99, Hidden: true},
	}
	b := Rank(ss, "a")
	want := []string{"1:days", "2:streak", "3:minutes", "4:a", "5:b", "6:late"}
	if got := ids(b.Top); !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestPeriodRange(t *testing.T) {
	tests := []struct {
		period   Period
		today    string
		from, to string
	}{
		{Week, "2026-03-08", "2026-03-02", "2026-03-08"}, // a Sunday: the week that ends today
		{Week, "2026-03-09", "2026-03-09", "2026-03-15"}, // a Monday: a new week
		{Week, "2026-03-11", "2026-03-09", "2026-03-15"},
		{Week, "2026-12-31", "2026-12-28", "2027-01-03"}, // across the new year
		{Week, "1970-01-01", "1969-12-29", "1970-01-04"},
		{Month, "2026-03-08", "2026-03-01", "2026-03-31"},
		{Month, "2026-12-15", "2026-12-01", "2026-12-31"},
		{Month, "2024-02-10", "2024-02-01", "2024-02-29"}, // leap year
		{Month, "2026-02-28", "2026-02-01", "2026-02-28"},
		{Month, "2026-04-30", "2026-04-01", "2026-04-30"},
		{All, "2026-03-08", "1970-01-01", "2026-03-08"},
	}
	for _, tt := range tests {
		from, to := tt.period.Range(day(t, tt.today))
		if from.String() != tt.from || to.String() != tt.to {
			t.Errorf("%s of %s = %s..%s, want %s..%s", tt.period, tt.today, from, to, tt.from, tt.to)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"": Week, "week": Week, "month": Month, "all": All} {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"Week", "year", " week"} {
		if _, err := ParsePeriod(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParsePeriod(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}
