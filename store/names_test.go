package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"clubbot"
)

// TestMemberNamesInExport: SetMemberName keeps the latest name (and makes a
// row for a member who never checked in, such as an admin who fixed
// someone's day), keeps settings and join time, refuses bad names, and
// ExportCSV puts the names beside the ids.
func TestMemberNamesInExport(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	checkIn(t, db, "u1", testDay, 10)
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "u1", TimeZone: "Europe/Paris", Hidden: true}); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Member(ctx, "g", "u1")
	for _, n := range []string{"Ann", "Ann B", "Ann B"} {
		if err := db.SetMemberName(ctx, "g", "u1", n); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetMemberName(ctx, "g", "admin", "Boss"); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Member(ctx, "g", "u1")
	if after != before {
		t.Errorf("member settings changed: %+v -> %+v", before, after)
	}
	for _, bad := range []string{"", "  ", strings.Repeat("n", MaxDisplayNameRunes+1), "\xff"} {
		if err := db.SetMemberName(ctx, "g", "u1", bad); !errors.Is(err, clubbot.ErrInvalid) {
			t.Errorf("SetMemberName(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u2", Day: testDay, Minutes: 5,
		InteractionID: nextID(), EnteredBy: "admin"}, testDay); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := db.ExportCSV(ctx, "g", &buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("csv %q, %v", recs, err)
	}
	col := func(name string) int { return slices.Index(recs[0], name) }
	got := [2][2]string{{recs[1][col("user_name")], recs[1][col("entered_by_name")]}, {recs[2][col("user_name")], recs[2][col("entered_by_name")]}}
	if got != [2][2]string{{"Ann B", "Ann B"}, {"", "Boss"}} {
		t.Errorf("names in the export %q", got)
	}
}
