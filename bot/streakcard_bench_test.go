package bot

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"clubbot"
	"clubbot/bot/picture"
	"clubbot/store/sqlite"
)

// BenchmarkStreakCard is SPEC 8's "one member's streak and calendar" (under
// 1 ms): the member's stats, their calendar's days and the calendar picture,
// from a real database holding 60 days of daily check-ins, as /streak reads
// and draws them.
func BenchmarkStreakCard(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "clubbot.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const guild, user = "100000000000000001", "200000000000000002"
	today, _ := clubbot.ParseDay("2026-03-11")
	for i := range 60 {
		day := today - 59 + clubbot.Day(i)
		c := clubbot.CheckIn{
			GuildID:       guild,
			UserID:        user,
			Day:           day,
			Minutes:       5 + i%25,
			InteractionID: strconv.Itoa(300000000000000000 + i),
		}
		if _, err := db.RecordCheckIn(ctx, c, day); err != nil {
			b.Fatalf("check-in %d: %v", i, err)
		}
	}

	b.ReportAllocs()
	for b.Loop() {
		st, err := db.Stats(ctx, guild, user, today)
		if err != nil {
			b.Fatal(err)
		}
		hist, err := db.History(ctx, guild, user, today-calendarDays+1, today)
		if err != nil {
			b.Fatal(err)
		}
		png, err := picture.Calendar(hist, today, picture.DefaultTarget)
		if err != nil {
			b.Fatal(err)
		}
		if st.Streak.Current != 60 || len(hist) != 60 || len(png) == 0 {
			b.Fatalf("streak %d, %d days of history, %d bytes of picture", st.Streak.Current, len(hist), len(png))
		}
	}
}
