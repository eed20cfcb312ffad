package bot

import (
	"clubbot/bot/fakediscord"
	"context"
	"strings"
	"testing"
)

// TestMeDataDeleteQuestions: /me-data delete removes the questions a member
// asked, so their text no longer shows in an admin's /faq gaps.
func TestMeDataDeleteQuestions(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	const private = "I'm Alice Example, diabetic: is rolling safe for me?"
	if _, err := tb.Store.LogQuestion(ctx, testGuild, alice, private, false); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Store.LogQuestion(ctx, testGuild, bob, "Is ice better than heat?", false); err != nil {
		t.Fatal(err)
	}
	gaps := func() string { return text(tb.handle(tb.cmd(adminID, "faq", fakediscord.Sub("gaps")))) }
	if g := gaps(); !strings.Contains(g, "diabetic") {
		t.Fatalf("gaps before the delete: %q", g)
	}
	tb.handle(tb.cmd(alice, "me-data", fakediscord.Sub("delete")))
	wantOK(t, tb.handle(tb.click(alice, deleteButtonID(true), "8000")))
	if g := gaps(); strings.Contains(g, "diabetic") || !strings.Contains(g, "ice") {
		t.Errorf("gaps after alice deleted her data: %q", g)
	}
}
