package sqlite

import (
	"context"
	"testing"

	"clubbot"
)

// BenchmarkMonthDays is the recap's read of a month of the 10,000-member
// fixture, streamed through a clubbot.RecapTally: once a month per server.
func BenchmarkMonthDays(b *testing.B) {
	db, _ := fixture(b)
	ctx := context.Background()
	from, to := clubbot.Month.Range(benchDay - 1)
	for b.Loop() {
		tally := clubbot.NewRecapTally(from, 5)
		if err := db.MonthDays(ctx, fixtureGuild, from, to, tally.Add); err != nil {
			b.Fatal(err)
		}
		if r := tally.Recap(); r.ActiveMembers < fixtureMembers*8/10 {
			b.Fatalf("%d active members", r.ActiveMembers)
		}
	}
}
