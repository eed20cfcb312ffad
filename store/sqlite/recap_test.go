package sqlite

import (
	"context"
	"testing"

	"clubbot"
)

// BenchmarkMonthDays is the recap's read of a month of the 10,000-member
// fixture, and clubbot.MonthlyRecap over it: once a month per server.
func BenchmarkMonthDays(b *testing.B) {
	db, _ := fixture(b)
	ctx := context.Background()
	from, to := clubbot.Month.Range(benchDay - 1)
	for b.Loop() {
		totals, hidden, err := db.MonthDays(ctx, fixtureGuild, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if r := clubbot.MonthlyRecap(from, totals, hidden, 5); r.ActiveMembers < fixtureMembers*8/10 {
			b.Fatalf("%d active members", r.ActiveMembers)
		}
	}
}
