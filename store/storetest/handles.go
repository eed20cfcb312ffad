package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"clubbot"
	"clubbot/store"
)

// Opener opens a new, empty database for one test, whose clock is now
// (the engine's Now), and closes it in t.Cleanup.
type Opener func(t *testing.T, now func() time.Time) Opened

// Opened is a database the suite opened.
type Opened struct {
	DB Engine
	// Again opens another handle on the same database, as a second process
	// (a replica, a restart) would, with the same clock; closed in
	// t.Cleanup.
	Again func(t *testing.T) Engine
	// Count counts the rows of table where (an SQL condition, no
	// placeholders, that both engines read): for what no method shows,
	// such as the rows a deleted member leaves.
	Count func(t *testing.T, table, where string) int
}

// Clock is a test clock: every reading is a millisecond later (so joined
// order is total), and Wait moves it on.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at noon UTC on testDay.
func NewClock() *Clock { return &Clock{t: testDay.Start(time.UTC).Add(12 * time.Hour)} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// Wait moves the clock on by d.
func (c *Clock) Wait(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// race runs try from twenty goroutines, half on each of two handles to one
// database (two processes), and counts the calls that returned true.
func race(t *testing.T, db1, db2 Engine, try func(Engine) (bool, error)) int {
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

func testClaimPostOnceAcrossHandles(t *testing.T, open Opener) {
	ctx := context.Background()
	o := open(t, NewClock().Now)
	db1, db2 := o.DB, o.Again(t)
	// Two processes, many goroutines each, racing for the same posts.
	for _, key := range []string{"2026-03-11", "2026-03-12", "2026-03-13"} {
		wins := race(t, db1, db2, func(db Engine) (bool, error) { return db.ClaimPost(ctx, "g", "daily", key) })
		if wins != 1 {
			t.Fatalf("%s claimed %d times, want once", key, wins)
		}
	}
	// A restart: a new handle cannot claim it again.
	db3 := o.Again(t)
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

// testReclaimPost: a claim left without a message (its process died before
// sending) is taken over once it is older than the lease, by exactly one of
// many callers in two processes, and never once the post was sent.
func testReclaimPost(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock()
	o := open(t, clock.Now)
	db1, db2 := o.DB, o.Again(t)
	const lease = 2 * time.Minute
	if ok, err := db1.ReclaimPost(ctx, "g", "daily", "never", clock.Now()); ok || err != nil {
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
	wins := race(t, db1, db2, func(db Engine) (bool, error) { return db.ReclaimPost(ctx, "g", "daily", "k", cutoff) })
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

func testClaimInteraction(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock()
	o := open(t, clock.Now)
	db := o.DB
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
	clock.Wait(lease + time.Second)
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
	clock.Wait(lease + time.Second)
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
	clock.Wait(lease + time.Second)
	if c := claim("3", lease); c.Won {
		t.Fatalf("held claim taken over after %s", lease)
	}
	clock.Wait(2 * lease)
	if c := claim("3", lease); !c.Won {
		t.Fatalf("held claim not taken over after its lease")
	}
	if err := db.HoldInteraction(ctx, "2", lease); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("hold of a finished claim: %v, want ErrNotFound", err)
	}
	if err := db.FinishInteraction(ctx, "nope", nil); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("finish of an unknown claim: %v, want ErrNotFound", err)
	}

	// Past the window an id is new again, and within store.PruneEvery
	// claims the old rows are gone.
	clock.Wait(store.ReplayWindow + time.Second)
	if c := claim("1", lease); !c.Won || c.Done || c.Reply != nil {
		t.Fatalf("claim past the window %+v, want won afresh", c)
	}
	clock.Wait(store.ReplayWindow + time.Second)
	for k := 0; k < store.PruneEvery; k++ {
		claim(fmt.Sprint("new", k), lease)
	}
	if old := o.Count(t, "interactions", "id NOT LIKE 'new%'"); old != 0 {
		t.Errorf("%d interaction rows older than the window after %d claims, want 0", old, store.PruneEvery)
	}
}

func testClaimInteractionOnceAcrossHandles(t *testing.T, open Opener) {
	ctx := context.Background()
	o := open(t, NewClock().Now)
	wins := race(t, o.DB, o.Again(t), func(db Engine) (bool, error) {
		c, err := db.ClaimInteraction(ctx, "1450000000000000042", time.Minute)
		return c.Won, err
	})
	if wins != 1 {
		t.Errorf("%d of 20 concurrent claims won, want 1", wins)
	}
}

func testExportThenDeleteMember(t *testing.T, open Opener) {
	ctx := context.Background()
	o := open(t, NewClock().Now)
	db := o.DB
	CheckIn(t, db, "u", testDay-1, 10)
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: testDay, Minutes: 20,
		Note: "=HYPERLINK(\"http://evil\")", Tool: "roller", InteractionID: NextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	CheckIn(t, db, "keep", testDay, 15)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 1, Days: 5,
		DailyMinutes: 5, CreatedBy: "u"})
	db.JoinChallenge(ctx, c.ID, "u", testDay)
	db.JoinChallenge(ctx, c.ID, "keep", testDay)
	mustOK(t, db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "u", TimeZone: "Europe/Paris", Reminders: true,
		ReminderTime: clubbot.Clock(20*60 + 30), OwnReminderTime: true}))
	mustOK(t, db.SetMemberName(ctx, "g", "u", "Jane"))
	holiday := clubbot.Break{From: testDay + 1, To: testDay + 3, Reason: "holiday"}
	mustOK(t, db.PlanBreak(ctx, "g", "u", holiday, testDay))
	mustOK(t, db.PlanBreak(ctx, "g", "keep", clubbot.Break{From: testDay + 2, To: testDay + 4, Reason: "keep's"}, testDay))
	mustOK(t, db.LeaveChallenge(ctx, c.ID, "u", testDay))
	// Reminders claimed for u, for keep and for "uu" (whose id ends in u's).
	for _, who := range []string{"u", "keep", "uu"} {
		key := store.ReminderPostKey(testDay, who)
		if ok, err := db.ClaimPost(ctx, "g", store.ReminderPostKind, key); err != nil || !ok {
			t.Fatalf("claim reminder of %s: %v %v", who, ok, err)
		}
		mustOK(t, db.SetPostMessage(ctx, "g", store.ReminderPostKind, key, "dm-"+who, "m-"+who))
	}
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
		Minutes: 5, InteractionID: NextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: "g", Question: "Where?", Answer: "Park.", CreatedBy: "u"}); err != nil {
		t.Fatal(err)
	}
	spring, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "spring", Start: testDay + 5, Days: 5,
		DailyMinutes: 5, CreatedBy: "keep"})
	mustOK(t, err)
	mustOK(t, db.EndChallenge(ctx, spring.ID, "u", testDay))
	// An admin's fix for u, not yet shown to u.
	fix, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", EnteredBy: "boss", Day: testDay - 3,
		Minutes: 30}, testDay)
	mustOK(t, err)
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
	if len(notes) != 5 || !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "=") }) {
		t.Fatalf("server check-ins' notes %q", notes)
	}

	ex, err := db.MemberData(ctx, "g", "u")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.CheckIns) != 3 || len(ex.Challenges) != 1 || len(ex.Questions) != 2 || len(ex.Feedback) != 2 ||
		ex.Member == nil || ex.Member.TimeZone != "Europe/Paris" {
		t.Fatalf("member data %+v", ex)
	}
	// Everything else keyed by u: settings, name, totals, breaks, challenge
	// place, unseen fixes, reminders, admin records.
	if m := ex.Member; !m.Reminders || !m.OwnReminderTime || m.ReminderTime != clubbot.Clock(20*60+30) || ex.DisplayName != "Jane" {
		t.Errorf("member settings %+v, name %q", m, ex.DisplayName)
	}
	if tot := ex.Totals; tot == nil || tot.TotalDays != 3 || tot.TotalMinutes != 60 || tot.Run.LastDay != testDay {
		t.Errorf("totals %+v", tot)
	}
	if fmt.Sprint(ex.Breaks) != fmt.Sprint([]clubbot.Break{holiday}) {
		t.Errorf("breaks %v, want %v", ex.Breaks, holiday)
	}
	if p := ex.Challenges[0]; p.ChallengeID != c.ID || p.Left != testDay || p.Joined != testDay || p.Minutes != 20 {
		t.Errorf("challenge place %+v", p)
	}
	if !slices.Equal(ex.UnseenFixes, []int64{fix.CheckIn.ID}) {
		t.Errorf("unseen fixes %v, want [%d]", ex.UnseenFixes, fix.CheckIn.ID)
	}
	if len(ex.Reminders) != 1 || ex.Reminders[0].Day != testDay || ex.Reminders[0].ChannelID != "dm-u" || ex.Reminders[0].ClaimedAt.IsZero() {
		t.Errorf("reminders %+v, want u's one", ex.Reminders)
	}
	a := ex.Admin
	if len(a.ChallengesCreated) != 1 || a.ChallengesCreated[0].ID != c.ID || len(a.ChallengesEnded) != 1 ||
		a.ChallengesEnded[0].Name != "spring" || a.ChallengesEnded[0].At.IsZero() ||
		len(a.FAQEntries) != 1 || a.FAQEntries[0].Question != "Where?" || a.FixesForOthers != 1 {
		t.Errorf("admin records %+v", a)
	}
	// Nothing about another member: keep's and uu's rows stay out (the
	// fix's entered_by is the one other id, on u's own check-in).
	if all := fmt.Sprintf("%+v", ex); strings.Contains(all, "keep") || strings.Contains(all, "uu") {
		t.Errorf("member data names another member: %s", all)
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
		"breaks":       "user_id = 'u'",
		"posts":        "kind = 'reminder' AND key LIKE '%:u'",
	} {
		if n := o.Count(t, table, where); n != 0 {
			t.Errorf("%s: %d rows of the deleted member left", table, n)
		}
	}
	// The others are untouched.
	if n := o.Count(t, "posts", "kind = 'reminder' AND (key LIKE '%:keep' OR key LIKE '%:uu')"); n != 2 {
		t.Errorf("%d reminder claims of others left, want 2", n)
	}
	if bs, err := db.Breaks(ctx, "g", "keep"); err != nil || len(bs) != 1 {
		t.Errorf("keep's breaks after u's delete %v %v", bs, err)
	}
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
	if n := o.Count(t, "questions", "guild_id = 'g'"); n != 1 {
		t.Errorf("%d questions left, want keep's only", n)
	}
	// The audit of u's admin actions on others' records is kept, by "a
	// former member".
	former := "'" + store.FormerMember + "'"
	for _, c := range []struct{ table, where string }{
		{"checkins", "user_id = 'keep' AND entered_by = " + former},
		{"challenges", "name = 'c' AND created_by = " + former},
		{"challenges", "name = 'spring' AND created_by = 'keep' AND ended_by = " + former},
		{"faq_entries", "created_by = " + former},
	} {
		if n := o.Count(t, c.table, c.where); n != 1 {
			t.Errorf("%s: %d rows where %s, want 1", c.table, n, c.where)
		}
	}
	if ex, err := db.MemberData(ctx, "g", "u"); err != nil || len(ex.CheckIns) != 0 || ex.Member != nil {
		t.Errorf("member data after delete %+v %v", ex, err)
	}
}
