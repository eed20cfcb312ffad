package loadtest

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	_ "github.com/mattn/go-sqlite3"

	"clubbot/bot/fakediscord"
	"clubbot/store/sqlite"
)

// integrity runs PRAGMA integrity_check on a closed database file.
func integrity(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	return res
}

// TestGracefulShutdown: SIGTERM while a slow /ask answer and a check-in
// are in flight. Both finish, the process exits 0, and the database is
// closed cleanly (WAL folded back, integrity ok).
func TestGracefulShutdown(t *testing.T) {
	llm := newFakeLLM(t)
	llm.set("slow") // answers after 1.5 s
	w := newWorld(t, 5)
	dbPath := filepath.Join(t.TempDir(), "shutdown.db")
	prepareDB(t, w, dbPath)
	c := startChild(t, w, dbPath, "OPENAI_BASE_URL="+llm.baseURL(), "OPENAI_API_KEY=sk-test-key", "CLUBBOT_LLM_TIMEOUT=5s")

	// The /ask is acknowledged at once and answered later: its follow-up is
	// in flight when SIGTERM arrives.
	ask := w.fake.Command(w.guild, w.members[0], "ask", fakediscord.Str("question", questions[2]))
	askEx, askCB := deliverAndWait(t, w, ask, ackDeadline)
	if askCB.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("with an LLM, /ask answered with callback type %d, want a deferred answer (5)", askCB.Type)
	}
	// The check-in's callback is slowed by the fake, so it is mid-request.
	w.fake.SetLatency(700 * time.Millisecond)
	checkin := w.fake.Command(w.guild, w.members[1], "checkin", fakediscord.Int("minutes", 12))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ciEx, err := w.fake.Deliver(ctx, checkin)
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the bot has started answering (the request is at the fake).
	for w.fake.Requests("POST interactions/"+checkin.ID) == 0 {
		if ctx.Err() != nil {
			t.Fatal("the check-in's callback never started")
		}
		time.Sleep(5 * time.Millisecond)
	}

	start := time.Now()
	code := c.terminate(20 * time.Second)
	took := time.Since(start)
	w.fake.SetLatency(0)
	if code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0\n%s", code, tail(c.out.String(), 20))
	}
	t.Logf("exited 0, %s after SIGTERM", took)

	// The in-flight answer was completed, not dropped.
	text := answerText(t, askEx, askCB, time.Second)
	if strings.TrimSpace(text) == "" {
		t.Error("the /ask in flight at SIGTERM was never answered")
	}
	if _, err := ciEx.Wait(ctx); err != nil {
		t.Errorf("the check-in in flight at SIGTERM was not acknowledged: %v", err)
	}

	if res := integrity(t, dbPath); res != "ok" {
		t.Errorf("integrity_check: %s", res)
	}
	if fi, err := os.Stat(dbPath + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("a %d-byte WAL was left: the database was not closed cleanly", fi.Size())
	}
	byInteraction, _ := storedCheckIns(t, dbPath, w)
	if byInteraction[checkin.ID] != 1 {
		t.Errorf("the check-in in flight at SIGTERM is stored %d times, want 1", byInteraction[checkin.ID])
	}
}

// TestBackupWhileRunning: `clubbot backup FILE` while the bot takes
// check-ins gives a file sqlite.Open reads, holding every check-in
// acknowledged before the backup started.
func TestBackupWhileRunning(t *testing.T) {
	w := newWorld(t, 50)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live.db")
	prepareDB(t, w, dbPath)
	c := startChild(t, w, dbPath)

	var before []*discordgo.Interaction
	for k := range 20 {
		i := w.fake.Command(w.guild, w.members[k], "checkin", fakediscord.Int("minutes", int64(10+k)))
		deliverAndWait(t, w, i, ackDeadline)
		before = append(before, i)
	}
	// Keep check-ins coming during the backup.
	l := &load{w: w, rate: 100}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); l.run(ctx, time.Minute) }()
	time.Sleep(200 * time.Millisecond)

	backup := filepath.Join(dir, "backup.db")
	stdout, stderr, err := runTool(t, botEnv(w, dbPath, ""), "backup", backup)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatalf("clubbot backup: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
	}
	if code := c.terminate(15 * time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	if s := l.summary(); s.Errors > 0 {
		t.Errorf("%d interactions failed during the backup: %v", s.Errors, s.ErrSamples)
	}

	// The backup opens with the store and holds what was there before it.
	db, err := sqlite.Open(context.Background(), backup)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	db.Close()
	if res := integrity(t, backup); res != "ok" {
		t.Errorf("backup integrity_check: %s", res)
	}
	inBackup, _ := storedCheckIns(t, backup, w)
	for _, i := range before {
		if inBackup[i.ID] != 1 {
			t.Errorf("check-in %s, acknowledged before the backup, is in it %d times", i.ID, inBackup[i.ID])
		}
	}
	t.Logf("backup holds %d check-ins; %d more were sent during it", len(inBackup), l.summary().Sent)
}
