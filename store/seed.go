package store

import "clubbot"

// SeedSession is the busy club's history the engines' SeedHistory fixtures
// store, for benchmarks and load tests: on day d, member n (counting from
// 0) checks in when (31n + 17d) mod 10 != 0 (about 9 days in 10), a second
// time (session k = 1) when (n + d) mod 10 = 0, session k lasting
// 5 + (7n + 13d + 5k) mod 26 minutes. ok is false when member n has no
// session k on day d. store/sqlite computes the same in SQL; tests record
// these check-ins one by one to compare.
func SeedSession(n int, d clubbot.Day, k int) (minutes int, ok bool) {
	day := int(d)
	if (n*31+day*17)%10 == 0 || (k > 0 && (n+day)%10 != 0) || k > 1 {
		return 0, false
	}
	return 5 + (n*7+day*13+k*5)%26, true
}

// SeedCreatedAt is the time a seeded session of member n on day d was
// recorded, in Unix nanoseconds: n seconds after midnight UTC of d.
func SeedCreatedAt(n int, d clubbot.Day) int64 {
	return (int64(d)*86400 + int64(n)) * 1_000_000_000
}

// SeedBreak is member n's planned break in the engines' SeedHistory
// fixtures, if they have one, so the fixture exercises the break-aware
// streak and board code: member n with n mod 10 = 3 a week's break ending
// 10 + n mod 30 days before today, member n with n mod 50 = 7 one running
// from 3 days before today to 3 days after.
func SeedBreak(n int, today clubbot.Day) (clubbot.Break, bool) {
	switch {
	case n%10 == 3:
		to := today - clubbot.Day(10+n%30)
		return clubbot.Break{From: to - 6, To: to, Reason: "seeded"}, true
	case n%50 == 7:
		return clubbot.Break{From: today - 3, To: today + 3, Reason: "seeded"}, true
	}
	return clubbot.Break{}, false
}
