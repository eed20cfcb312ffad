package postgres

import (
	"context"
	"testing"

	"clubbot/store/pgtest"
	"clubbot/store/storetest"
)

// TestSeedHistoryMatchesRecordCheckIn: the bulk fixture (COPY, aggregates
// computed in Go) leaves what recording its check-ins one by one leaves.
func TestSeedHistoryMatchesRecordCheckIn(t *testing.T) {
	open := func() *DB {
		db, err := Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		clock := storetest.NewClock()
		db.Now = clock.Now
		t.Cleanup(func() { db.Close() })
		return db
	}
	storetest.SeedMatchesRecorded(t, open(), open())
}

// TestChallengeBoardMatchesReference: the challenge boards equal a plain
// computation and sort over the same seeded history
// (storetest.ChallengeBoardMatchesReference).
func TestChallengeBoardMatchesReference(t *testing.T) {
	storetest.ChallengeBoardMatchesReference(t, openSeeded(t))
}

// TestLeaderboardMatchesReference: the server boards equal a full sort of
// the members' own figures (storetest.LeaderboardMatchesReference).
func TestLeaderboardMatchesReference(t *testing.T) {
	storetest.LeaderboardMatchesReference(t, openSeeded(t))
}

// openSeeded opens a fresh database of this test run on the test clock.
func openSeeded(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = storetest.NewClock().Now
	t.Cleanup(func() { db.Close() })
	return db
}
