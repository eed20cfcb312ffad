package sqlite

import (
	"clubbot/store"
	"clubbot/store/storetest"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"clubbot"
)

// testDay is "today" in the tests: Wednesday 2026-03-11.
var testDay = clubbot.DayFromDate(2026, time.March, 11)

// testClock is a movable clock for db.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond) // every reading is later: joined order is total
	return c.t
}

// openAgain opens a second handle on path, as a second process would; the
// test's cleanup closes it.
func openAgain(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s again: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: testDay.Start(time.UTC).Add(12 * time.Hour)}
	db.Now = clock.Now
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db, path
}

// nextID returns a fresh snowflake-like interaction id (the suite's, so
// ids never repeat between the suite and these tests).
func nextID() string { return storetest.NextID() }

// checkIn records minutes for user on day as a fresh interaction.
func checkIn(t *testing.T, db *DB, user string, day clubbot.Day, minutes int) clubbot.CheckInResult {
	t.Helper()
	return storetest.CheckIn(t, db, user, day, minutes)
}

func TestMigrationsFromEmptyAndReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	want := ms[len(ms)-1].version
	if v, err := db.SchemaVersion(ctx); err != nil || v != want {
		t.Fatalf("version %d, %v; want %d", v, err, want)
	}
	checkIn(t, db, "u1", testDay, 10)
	// A second handle on the same file applies nothing twice and keeps data.
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	var rows int
	if err := db2.reader.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&rows); err != nil || rows != len(ms) {
		t.Fatalf("schema_migrations rows %d, %v; want %d", rows, err, len(ms))
	}
	st, err := db2.Stats(ctx, "g", "u1", testDay)
	if err != nil || st.TotalDays != 1 {
		t.Fatalf("stats after reopen: %+v, %v", st, err)
	}
}

// TestNoTriggers: the rules live in the root package, which the store
// calls; after the migrations no trigger copies them into SQL.
func TestNoTriggers(t *testing.T) {
	db, _ := openTest(t)
	names, err := column[string](context.Background(), db.reader, `SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil || len(names) != 0 {
		t.Fatalf("triggers %q (%v), want none", names, err)
	}
}

func TestMigrationFilesAreNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has version %d, want %d (no gaps)", m.name, m.version, i+1)
		}
	}
}

// TestProgressMatchesDomain checks the progress the store reads (ProgressOf
// over the participant row's qualified flags) against clubbot.ChallengeProgress on random data.
func TestProgressMatchesDomain(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 2000; i++ {
		c := clubbot.Challenge{Start: 100, Days: 1 + rng.Intn(40), DailyMinutes: 1 + rng.Intn(20), GraceDays: rng.Intn(3)}
		joined := c.Start - 3 + clubbot.Day(rng.Intn(c.Days+3))
		today := c.Start - 2 + clubbot.Day(rng.Intn(c.Days+6))
		// What a participant row keeps: days from the member's first day
		// to the end. Days after today are left out here.
		first := max(c.Start, joined)
		minutes := map[clubbot.Day]int{}
		q := []byte(strings.Repeat("0", c.Days))
		total := 0
		for d := c.Start - 5; d <= today; d++ {
			if rng.Intn(3) > 0 {
				m := rng.Intn(30)
				minutes[d] = m
				if d >= first && d <= c.End() {
					total += m
					if m >= c.DailyMinutes {
						q[d-c.Start] = '1'
					}
				}
			}
		}
		got := clubbot.ProgressOf(c, joined, qualifiedOn(c.Start, string(q)), total, today)
		want := clubbot.ChallengeProgress(c, joined, minutes, today)
		if got != want {
			t.Fatalf("case %d %+v joined %d today %d: %+v, want %+v", i, c, joined, today, got, want)
		}
	}
}

// race runs try from twenty goroutines, half on each of two handles to one
// file (two processes), and counts the calls that returned true.
func race(t *testing.T, db1, db2 *DB, try func(*DB) (bool, error)) int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db := db1
			if i%2 == 1 {
				db = db2
			}
			ok, err := try(db)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	return wins
}

func TestClaimPostOnceAcrossHandles(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	// Two processes, many goroutines each, racing for the same posts.
	for _, key := range []string{"2026-03-11", "2026-03-12", "2026-03-13"} {
		wins := race(t, db1, db2, func(db *DB) (bool, error) { return db.ClaimPost(ctx, "g", "daily", key) })
		if wins != 1 {
			t.Fatalf("%s claimed %d times, want once", key, wins)
		}
	}
	// A restart: a new handle cannot claim it again.
	db1.Close()
	db3, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if ok, err := db3.ClaimPost(ctx, "g", "daily", "2026-03-11"); ok || err != nil {
		t.Fatalf("claim after restart: %v %v", ok, err)
	}
	if err := db3.SetPostMessage(ctx, "g", "daily", "2026-03-11", "chan", "msg1"); err != nil {
		t.Fatal(err)
	}
	p, err := db2.PostByMessage(ctx, "msg1")
	if err != nil || p.Key != "2026-03-11" || p.ChannelID != "chan" {
		t.Fatalf("post by message: %+v %v", p, err)
	}
	if _, err := db2.PostByMessage(ctx, "nope"); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("unknown message: %v", err)
	}
	if err := db2.SetPostMessage(ctx, "g", "daily", "never", "c", "m"); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("set message of unclaimed post: %v", err)
	}
}

func TestExportThenDeleteMember(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay-1, 10)
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: testDay, Minutes: 20,
		Note: "=HYPERLINK(\"http://evil\")", Tool: "roller", InteractionID: nextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	checkIn(t, db, "keep", testDay, 15)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 1, Days: 5,
		DailyMinutes: 5, CreatedBy: "u"})
	db.JoinChallenge(ctx, c.ID, "u", testDay)
	db.JoinChallenge(ctx, c.ID, "keep", testDay)
	db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "u", TimeZone: "Europe/Paris"})
	qid, _ := db.LogQuestion(ctx, "g", "u", "Does rolling help plantar fasciitis?", true)
	mustOK(t, db.Feedback(ctx, "g", qid, "u", true))
	mustOK(t, db.Feedback(ctx, "g", qid, "keep", false))
	// What u wrote beyond check-ins: an unanswered question (a gap), and
	// feedback on keep's question.
	const private = "I'm Jane Doe, diabetic, is rolling safe?"
	if _, err := db.LogQuestion(ctx, "g", "u", private, false); err != nil {
		t.Fatal(err)
	}
	keepQ, _ := db.LogQuestion(ctx, "g", "keep", "How long should I roll?", true)
	mustOK(t, db.Feedback(ctx, "g", keepQ, "u", true))
	// u as an admin: a fix of keep's day and an FAQ entry.
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "keep", EnteredBy: "u", Day: testDay - 3,
		Minutes: 5, InteractionID: nextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: "g", Question: "Where?", Answer: "Park.", CreatedBy: "u"}); err != nil {
		t.Fatal(err)
	}
	if gaps, _ := db.Gaps(ctx, "g", 10); len(gaps) != 1 || gaps[0].Question != private {
		t.Fatalf("gaps before the delete %+v", gaps)
	}

	var notes []string
	if err := db.ServerCheckIns(ctx, "g", func(c clubbot.CheckIn, _ map[string]string) error {
		notes = append(notes, c.Note)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 4 || !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "=") }) {
		t.Fatalf("server check-ins' notes %q", notes)
	}

	ex, err := db.MemberData(ctx, "g", "u")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.CheckIns) != 2 || len(ex.Challenges) != 1 || len(ex.Questions) != 2 || len(ex.Feedback) != 2 ||
		ex.Member == nil || ex.Member.TimeZone != "Europe/Paris" {
		t.Fatalf("member data %+v", ex)
	}

	// An admin's fix for u, not yet shown to u: its notice goes too.
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", EnteredBy: "boss", Day: testDay - 3,
		Minutes: 30}, testDay); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteMember(ctx, "g", "u"); err != nil {
		t.Fatal(err)
	}
	for table, where := range map[string]string{
		"fix_notices":  "user_id = 'u'",
		"checkins":     "user_id = 'u' OR entered_by = 'u'",
		"member_days":  "user_id = 'u'",
		"members":      "user_id = 'u'",
		"participants": "user_id = 'u'",
		"feedback":     "user_id = 'u'",
		"questions":    "user_id IN ('u', '') OR question LIKE '%diabetic%' OR question LIKE '%fasciitis%'",
		"challenges":   "created_by = 'u' OR ended_by = 'u'",
		"faq_entries":  "created_by = 'u'",
	} {
		var n int
		if err := db.reader.QueryRow(`SELECT count(*) FROM ` + table + ` WHERE ` + where).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows of the deleted member left (%v)", table, n, err)
		}
	}
	// The others are untouched.
	if n, _ := db.CheckedInCount(ctx, "g", testDay); n != 1 {
		t.Errorf("checked in after delete %d, want 1", n)
	}
	if b, _ := db.Leaderboard(ctx, "g", clubbot.Week, testDay, ""); b.Total != 1 || b.Top[0].UserID != "keep" {
		t.Errorf("board after delete %+v", b)
	}
	if q, n, _ := db.GroupConsistency(ctx, c.ID, testDay); q != 1 || n != 1 {
		t.Errorf("challenge after delete %d/%d", q, n)
	}
	// keep's feedback on u's question went with the question; keep's own
	// question stays.
	if h, ok, _ := db.FeedbackCounts(ctx, qid); h != 0 || ok != 0 {
		t.Errorf("feedback on the deleted question after delete %d/%d", h, ok)
	}
	if gaps, _ := db.Gaps(ctx, "g", 10); len(gaps) != 0 {
		t.Errorf("gaps after the delete %+v", gaps)
	}
	if qs, err := column[string](ctx, db.reader, `SELECT question FROM questions WHERE guild_id = 'g'`); err != nil || len(qs) != 1 {
		t.Errorf("questions left %q (%v), want keep's only", qs, err)
	}
	// The audit of u's admin actions on others' records is kept, by "a
	// former member".
	for table, where := range map[string]string{
		"checkins":    "user_id = 'keep' AND entered_by = ?",
		"challenges":  "created_by = ?",
		"faq_entries": "created_by = ?",
	} {
		var n int
		if err := db.reader.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+where, store.FormerMember).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d rows where %s, want 1 (%v)", table, n, where, err)
		}
	}
	if ex, err := db.MemberData(ctx, "g", "u"); err != nil || len(ex.CheckIns) != 0 || ex.Member != nil {
		t.Errorf("member data after delete %+v %v", ex, err)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay, 25)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest, false); err != nil {
		t.Fatal(err)
	}
	checkIn(t, db, "u", testDay, 5)                    // after the backup: not in it
	if err := db.Backup(ctx, dest, true); err != nil { // overwrites an older backup
		t.Fatal(err)
	}
	if _, err := os.Stat(dest + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left: %v", err)
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	st, err := b.Stats(ctx, "g", "u", testDay)
	if err != nil || st.TotalMinutes != 30 {
		t.Fatalf("backup stats %+v %v", st, err)
	}
	var check string
	if err := b.reader.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity %q %v", check, err)
	}
}

func TestSnowflake(t *testing.T) {
	for in, want := range map[string]bool{
		"1450000000000000001": true, "1": true, "0": false, "0123": false, "-5": false, "+5": false,
		"abc": false, "": false, "99999999999999999999": false, "9223372036854775807": true,
	} {
		if _, ok := snowflake(in); ok != want {
			t.Errorf("snowflake(%q) = %v, want %v", in, ok, want)
		}
	}
}

var _ = sql.ErrNoRows

// TestOutOfOrderToday covers today's fast path landing before the member's
// latest day (their zone moved back), and a stale row left by a crash.
func TestOutOfOrderToday(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	checkIn(t, db, "u", testDay-1, 10)
	checkIn(t, db, "u", testDay+1, 10) // recorded while their zone was ahead
	r, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: testDay, Minutes: 10,
		InteractionID: nextID()}, testDay)
	if err != nil {
		t.Fatal(err)
	}
	// clubbot.Streaks: a last day after today (the member's zone was
	// ahead) keeps the streak alive. The store's own copy of the rule
	// (streakOf) said 0 here.
	if want := clubbot.Streaks([]clubbot.Day{testDay - 1, testDay, testDay + 1}, testDay); r.Streak != want || want.Current != 3 {
		t.Errorf("streak %+v, want %+v", r.Streak, want)
	}
	if st, _ := db.Stats(ctx, "g", "u", testDay+1); st.Streak.Current != 3 || st.TotalDays != 3 {
		t.Errorf("stats %+v", st)
	}
	// An older clubbot's crash between a check-in and its recomputation
	// left the row stale with wrong totals (migration 5 lists it); Open
	// repairs it.
	if _, err := db.writer.Exec(`UPDATE members SET total_days = 99, run_start = 0 WHERE user_id = 'u';
		INSERT INTO members_to_recompute VALUES ('g', 'u')`); err != nil {
		t.Fatal(err)
	}
	db2 := openAgain(t, path)
	if st, _ := db2.Stats(ctx, "g", "u", testDay+1); st.Streak.Current != 3 || st.TotalDays != 3 {
		t.Errorf("after reopen %+v", st)
	}
}

// TestReclaimPost: a claim left without a message (its process died before
// sending) is taken over once it is older than the lease, by exactly one of
// many callers in two processes, and never once the post was sent.
func TestReclaimPost(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	db2.Now = db1.Now
	const lease = 2 * time.Minute
	if ok, err := db1.ReclaimPost(ctx, "g", "daily", "never", db1.now()); ok || err != nil {
		t.Fatalf("reclaim an unclaimed post: %v %v", ok, err)
	}
	if ok, err := db1.ClaimPost(ctx, "g", "daily", "k"); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	claimed, _ := db1.GetPost(ctx, "g", "daily", "k")
	// Within the lease nobody takes it over.
	if ok, err := db2.ReclaimPost(ctx, "g", "daily", "k", claimed.ClaimedAt.Add(lease/2).Add(-lease)); ok || err != nil {
		t.Fatalf("reclaim a young claim: %v %v", ok, err)
	}
	// After it, twenty callers race: one wins.
	cutoff := claimed.ClaimedAt.Add(time.Nanosecond)
	wins := race(t, db1, db2, func(db *DB) (bool, error) { return db.ReclaimPost(ctx, "g", "daily", "k", cutoff) })
	if wins != 1 {
		t.Fatalf("reclaimed %d times, want once", wins)
	}
	renewed, _ := db1.GetPost(ctx, "g", "daily", "k")
	if !renewed.ClaimedAt.After(claimed.ClaimedAt) || renewed.MessageID != "" {
		t.Errorf("after reclaim: %+v (claimed at %s)", renewed, claimed.ClaimedAt)
	}
	// Once sent, it is never reclaimed.
	if err := db2.SetPostMessage(ctx, "g", "daily", "k", "c", "m"); err != nil {
		t.Fatal(err)
	}
	if ok, err := db1.ReclaimPost(ctx, "g", "daily", "k", renewed.ClaimedAt.Add(time.Hour)); ok || err != nil {
		t.Fatalf("reclaim a sent post: %v %v", ok, err)
	}
	if _, err := db1.ReclaimPost(ctx, "", "daily", "k", time.Now()); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("empty guild: %v", err)
	}
}

// TestSeedHistoryMatchesRecordCheckIn: the bulk fixture leaves what
// recording its check-ins one by one leaves: totals, streaks, calendars,
// boards and challenge progress.
func TestSeedHistoryMatchesRecordCheckIn(t *testing.T) {
	ctx := context.Background()
	seeded, _ := openTest(t)
	recorded, _ := openTest(t)
	users := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	const days = 75
	first := testDay - days + 1
	var chs [2]clubbot.Challenge
	for i, db := range []*DB{seeded, recorded} {
		c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 29,
			Days: 30, DailyMinutes: 15, GraceDays: 2, CreatedBy: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		chs[i] = c
		for _, u := range users[:8] {
			if _, err := db.JoinChallenge(ctx, c.ID, u, c.Start-1); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := seeded.SeedHistory(ctx, "g", users, days, testDay); err != nil {
		t.Fatal(err)
	}
	// The fixture's breaks, planned the day before each starts.
	for n, u := range users {
		if b, ok := seedBreak(n, testDay); ok {
			if err := recorded.PlanBreak(ctx, "g", u, b, b.From-1); err != nil {
				t.Fatal(err)
			}
		}
	}
	sessions := 0
	for d := first; d <= testDay; d++ {
		for n, u := range users {
			for k := 0; k < 2; k++ {
				if (n*31+int(d)*17)%10 == 0 || (k == 1 && (n+int(d))%10 != 0) {
					continue
				}
				sessions++
				_, err := recorded.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: u, Day: d,
					Minutes: 5 + (n*7+int(d)*13+k*5)%26, Timing: "post-run", Tool: "roller",
					CreatedAt: time.Unix((int64(d)*86400 + int64(n)), 0)}, d)
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var rows int
	seeded.reader.QueryRow(`SELECT count(*) FROM checkins`).Scan(&rows)
	if rows != sessions || rows < len(users)*days*8/10 {
		t.Fatalf("seeded %d check-ins, want %d", rows, sessions)
	}
	same := func(what string, get func(db *DB, ch int64) any) {
		t.Helper()
		a, b := get(seeded, chs[0].ID), get(recorded, chs[1].ID)
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("%s:\nseeded   %+v\nrecorded %+v", what, a, b)
		}
	}
	for _, u := range users {
		same("stats of "+u, func(db *DB, _ int64) any {
			st, _ := db.Stats(ctx, "g", u, testDay)
			st.FreezeTold = 0 // recording tells the member of freezes, seeding does not
			return st
		})
		same("history of "+u, func(db *DB, _ int64) any { h, _ := db.History(ctx, "g", u, first-1, testDay); return h })
		same("check-ins of "+u, func(db *DB, _ int64) any {
			cs, _ := db.CheckIns(ctx, "g", u, testDay-3)
			for i := range cs {
				cs[i].ID, cs[i].CreatedAt = 0, time.Time{} // ids and times differ by design
			}
			return cs
		})
	}
	for _, p := range []clubbot.Period{clubbot.Week, clubbot.Month, clubbot.All} {
		same("board "+string(p), func(db *DB, _ int64) any { b, _ := db.Leaderboard(ctx, "g", p, testDay, "c"); return b })
	}
	same("challenge progress", func(db *DB, ch int64) any {
		ps, _ := db.Participants(ctx, ch, testDay)
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s %+v", p.UserID, p.Progress))
		}
		return out
	})
	if st, _ := seeded.Stats(ctx, "g", "a", testDay); st.TotalDays < days*8/10 {
		t.Errorf("seeded member a has %d days", st.TotalDays)
	}
}

// TestFullDiskConfirmsOnlyStored fills the database two ways while members
// check in: SQLite's page limit (PRAGMA max_page_count on the writer) and
// the process's file size limit (RLIMIT_FSIZE: writes past it fail with
// EFBIG, as on a full disk; the WAL frames of a commit are written at
// COMMIT, which is where a full disk shows). Every check-in RecordCheckIn
// confirmed must be in the file after reopening, every refused one must
// not be, Ping must fail while writes fail, and once the limit is lifted
// writes must work and Ping pass again.
func TestFullDiskConfirmsOnlyStored(t *testing.T) {
	type fault struct {
		name string
		// apply starts the fault on db at path; lift ends it.
		apply, lift func(t *testing.T, db *DB, path string)
	}
	var saved syscall.Rlimit
	faults := []fault{{
		name: "page limit",
		apply: func(t *testing.T, db *DB, _ string) {
			var pages int
			if err := db.writer.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
				t.Fatal(err)
			}
			setMaxPages(t, db, pages+2)
		},
		lift: func(t *testing.T, db *DB, _ string) { setMaxPages(t, db, 1<<30) },
	}, {
		name: "file size limit",
		apply: func(t *testing.T, db *DB, path string) {
			if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
				t.Fatal(err)
			}
			var limit int64
			for _, p := range []string{path, path + "-wal"} {
				if fi, err := os.Stat(p); err == nil {
					limit = max(limit, fi.Size())
				}
			}
			lim := syscall.Rlimit{Cur: uint64(limit) + 8192, Max: saved.Max}
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved) })
		},
		lift: func(t *testing.T, _ *DB, _ string) {
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
				t.Fatal(err)
			}
		},
	}}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			db, path := openTest(t)
			// Members who checked in today already: a lost commit of
			// theirs still found their earlier day row when read back.
			const members = 40
			for m := 0; m < members; m++ {
				checkIn(t, db, fmt.Sprint("m", m), testDay, 5)
			}
			if _, err := db.ClaimPost(ctx, "g", "daily", "today"); err != nil {
				t.Fatal(err)
			}
			f.apply(t, db, path)
			var confirmed, refused, claimed []string
			for k := 0; k < 4000 && len(refused) < 50; k++ {
				user := fmt.Sprint("m", k%members)
				if k%5 == 4 {
					user = fmt.Sprint("new", k) // and some first check-ins
				}
				id := nextID()
				// The router claims every interaction first: a claim too
				// is a write that must be there if it said it won.
				if c, err := db.ClaimInteraction(ctx, id, time.Minute); err == nil && c.Won {
					claimed = append(claimed, id)
				}
				_, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: user, Day: testDay,
					Minutes: 10, InteractionID: id}, testDay)
				if err != nil {
					refused = append(refused, id)
					continue
				}
				confirmed = append(confirmed, id)
			}
			if len(refused) == 0 {
				t.Fatalf("the fault refused none of %d check-ins", len(confirmed))
			}
			// Writes that change nothing commit without writing a page:
			// they do not make Ping pass.
			if again, err := db.ClaimPost(ctx, "g", "daily", "today"); err != nil || again {
				t.Errorf("second claim of a post during the fault: %v, %v", again, err)
			}
			if err := db.FinishInteraction(ctx, "unknown", nil); !errors.Is(err, clubbot.ErrNotFound) {
				t.Errorf("finish of an unknown interaction: %v", err)
			}
			if err := db.Ping(ctx); err == nil {
				t.Errorf("Ping passes after %d refused writes", len(refused))
			}
			f.lift(t, db, path)
			id := nextID()
			if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "m0", Day: testDay,
				Minutes: 10, InteractionID: id}, testDay); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
			confirmed = append(confirmed, id)
			if err := db.Ping(ctx); err != nil {
				t.Errorf("Ping after a good write: %v", err)
			}
			t.Logf("%s: %d check-ins confirmed, %d refused; %d claims won", f.name, len(confirmed), len(refused), len(claimed))
			if err := db.Close(); err != nil {
				t.Logf("close: %v", err)
			}
			again := openAgain(t, path)
			count := func(table string, ids []string) (n int) {
				for _, id := range ids {
					var k int
					if err := again.reader.QueryRow("SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&k); err != nil {
						t.Fatal(err)
					}
					n += k
				}
				return n
			}
			if got := count("checkins", confirmed); got != len(confirmed) {
				t.Errorf("%d of %d confirmed check-ins are missing", len(confirmed)-got, len(confirmed))
			}
			if got := count("checkins", refused); got != 0 {
				t.Errorf("%d of %d refused check-ins were stored", got, len(refused))
			}
			if got := count("interactions", claimed); got != len(claimed) {
				t.Errorf("%d of %d won claims are missing", len(claimed)-got, len(claimed))
			}
		})
	}
}

// setMaxPages sets SQLite's page limit on db's one writer connection.
func setMaxPages(t *testing.T, db *DB, pages int) {
	t.Helper()
	if _, err := db.writer.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
}

func TestClaimInteraction(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	clock := &testClock{t: testDay.Start(time.UTC).Add(12 * time.Hour)}
	db.Now = clock.Now
	wait := func(d time.Duration) {
		clock.mu.Lock()
		clock.t = clock.t.Add(d)
		clock.mu.Unlock()
	}
	claim := func(id string, lease time.Duration) store.Claim {
		t.Helper()
		c, err := db.ClaimInteraction(ctx, id, lease)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const lease = 30 * time.Second

	if c := claim("1", lease); !c.Won || c.Done {
		t.Fatalf("first claim %+v, want won", c)
	}
	if c := claim("1", lease); c.Won || c.Done {
		t.Fatalf("repeat while running %+v, want lost, not done", c)
	}
	wait(lease + time.Second)
	if c := claim("1", lease); !c.Won {
		t.Fatalf("retry after the lease ran out %+v, want won", c)
	}
	if c := claim("1", lease); c.Won {
		t.Fatalf("repeat of the retry %+v, want lost", c)
	}
	reply := []byte(`{"type":4,"data":{"content":"done"}}`)
	if err := db.FinishInteraction(ctx, "1", reply); err != nil {
		t.Fatal(err)
	}
	wait(lease + time.Second)
	if c := claim("1", lease); c.Won || !c.Done || string(c.Reply) != string(reply) {
		t.Fatalf("repeat after finishing %+v, want lost, done, the reply", c)
	}

	// Finished without a reply it could keep.
	claim("2", lease)
	if err := db.FinishInteraction(ctx, "2", nil); err != nil {
		t.Fatal(err)
	}
	if c := claim("2", lease); c.Won || !c.Done || c.Reply != nil {
		t.Fatalf("repeat of a reply not kept %+v", c)
	}

	// A held claim outlasts the first lease.
	claim("3", lease)
	if err := db.HoldInteraction(ctx, "3", 3*lease); err != nil {
		t.Fatal(err)
	}
	wait(lease + time.Second)
	if c := claim("3", lease); c.Won {
		t.Fatalf("held claim taken over after %s", lease)
	}
	wait(2 * lease)
	if c := claim("3", lease); !c.Won {
		t.Fatalf("held claim not taken over after its lease")
	}
	if err := db.HoldInteraction(ctx, "2", lease); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("hold of a finished claim: %v, want ErrNotFound", err)
	}
	if err := db.FinishInteraction(ctx, "nope", nil); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("finish of an unknown claim: %v, want ErrNotFound", err)
	}

	// Past the window an id is new again, and within pruneEvery claims the
	// old rows are gone.
	wait(store.ReplayWindow + time.Second)
	if c := claim("1", lease); !c.Won || c.Done || c.Reply != nil {
		t.Fatalf("claim past the window %+v, want won afresh", c)
	}
	wait(store.ReplayWindow + time.Second)
	for k := 0; k < pruneEvery; k++ {
		claim(fmt.Sprint("new", k), lease)
	}
	var old int
	if err := db.reader.QueryRow(`SELECT count(*) FROM interactions WHERE id NOT LIKE 'new%'`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	if old != 0 {
		t.Errorf("%d interaction rows older than the window after %d claims, want 0", old, pruneEvery)
	}
}

func TestClaimInteractionOnceAcrossHandles(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	db2.Now = db1.Now // one clock: a claim older than the window is pruned
	wins := race(t, db1, db2, func(db *DB) (bool, error) {
		c, err := db.ClaimInteraction(ctx, "1450000000000000042", time.Minute)
		return c.Won, err
	})
	if wins != 1 {
		t.Errorf("%d of 20 concurrent claims won, want 1", wins)
	}
}

// mustOK fails the test on err.
func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
