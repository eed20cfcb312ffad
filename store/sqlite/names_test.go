package sqlite

import (
	"clubbot/store"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"clubbot"
)

// TestMemberNamesInExport: SetMemberName keeps the latest name (and makes a
// row for a member who never checked in, such as an admin who fixed
// someone's day), keeps settings and join time, refuses bad names, and
// ServerCheckIns gives the names beside the ids.
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
	for _, bad := range []string{"", "  ", strings.Repeat("n", store.MaxDisplayNameRunes+1), "\xff"} {
		if err := db.SetMemberName(ctx, "g", "u1", bad); !errors.Is(err, clubbot.ErrInvalid) {
			t.Errorf("SetMemberName(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u2", Day: testDay, Minutes: 5,
		InteractionID: nextID(), EnteredBy: "admin"}, testDay); err != nil {
		t.Fatal(err)
	}

	var got [][2]string
	err := db.ServerCheckIns(ctx, "g", func(c clubbot.CheckIn, names map[string]string) error {
		got = append(got, [2]string{names[c.UserID], names[c.EnteredBy]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint([][2]string{{"Ann B", "Ann B"}, {"", "Boss"}}) {
		t.Errorf("names beside the export's check-ins %q", got)
	}
}
