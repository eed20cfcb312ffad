package loadtest

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// setFileSizeLimit sets the soft RLIMIT_FSIZE of process pid, at most its
// hard limit (^uint64(0): no limit) through prlimit(2);
// the syscall package has no wrapper. A write that would grow a file past
// it fails with EFBIG, so the bot's database behaves as on a full disk: the
// WAL frames a commit appends cannot be written. No root is needed to lower
// a soft limit of one's own process, or raise it again up to the hard one.
func setFileSizeLimit(pid int, soft uint64) error {
	var old syscall.Rlimit
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE,
		0, uintptr(unsafe.Pointer(&old)), 0, 0); e != 0 {
		return e
	}
	lim := syscall.Rlimit{Cur: min(soft, old.Max), Max: old.Max}
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE,
		uintptr(unsafe.Pointer(&lim)), 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// TestFullDisk is SPEC 9's full disk, through the built binary over the
// gateway: members who checked in once, and new ones, check in while the
// database cannot be written (the process's file size limit is set to one
// page). Every check-in the bot confirms must be stored, every other one
// must be answered "couldn't save that" (ephemeral) and not stored, the
// error is logged, /healthz turns unhealthy; when the limit is lifted,
// check-ins are stored again and /healthz is healthy.
func TestFullDisk(t *testing.T) {
	const before, after = 100, 40 // members checking in before the fault; new ones during it
	w := newWorld(t, before+after)
	dbPath := filepath.Join(t.TempDir(), "full.db")
	prepareDB(t, w, dbPath)
	c := startChild(t, w, dbPath)
	ctx := context.Background()

	checkIn := func(k int) (*discordgo.Interaction, string, bool) {
		t.Helper()
		i := w.fake.Command(w.guild, w.members[k], "checkin", fakediscord.Int("minutes", 15))
		_, cb := deliverAndWait(t, w, i, 5*time.Second)
		return i, dataText(cb.Data), cb.Data != nil && cb.Data.Ephemeral()
	}
	for k := 0; k < before; k++ {
		if _, text, _ := checkIn(k); !strings.Contains(text, "Checked in") {
			t.Fatalf("check-in %d before the fault: %q", k, text)
		}
	}

	// Linux refuses a write at or past the limit even inside a file's size,
	// so one page's limit is a disk that takes no more writes: WAL frames
	// and checkpoints fail alike. (A limit just above the files' sizes is
	// a disk with a little room that a checkpoint can free again, which the
	// store's own test covers.)
	if err := setFileSizeLimit(c.pid(), 4096); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	var confirmed, refused []*discordgo.Interaction
	for k := 0; k < before+after; k++ {
		i, text, eph := checkIn(k)
		switch {
		case strings.Contains(text, "Checked in"):
			confirmed = append(confirmed, i)
		case strings.Contains(text, "Couldn't save that, please try again") && eph:
			refused = append(refused, i)
		default:
			t.Errorf("check-in %d on a full disk answered %q (ephemeral %v)", k, text, eph)
		}
	}
	hctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	h, err := c.health(hctx)
	cancel()
	if err != nil || h.Database != "error" {
		t.Errorf("/healthz on a full disk: %+v, %v; want database error", h, err)
	}
	if !strings.Contains(c.out.String(), "record check-in") {
		t.Errorf("no refused check-in was logged:\n%s", tail(c.out.String(), 10))
	}
	if len(refused) == 0 {
		t.Errorf("the file size limit refused none of %d check-ins", len(confirmed))
	}

	if err := setFileSizeLimit(c.pid(), ^uint64(0)); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	i, text, _ := checkIn(0)
	if !strings.Contains(text, "Checked in") {
		t.Errorf("check-in after space came back: %q", text)
	}
	confirmed = append(confirmed, i)
	hctx, cancel = context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := c.waitHealthy(hctx); err != nil {
		t.Errorf("/healthz after space came back: %v", err)
	}
	if code := c.terminate(15 * time.Second); code != 0 {
		t.Errorf("clubbot exited %d after SIGTERM", code)
	}

	byInteraction, _ := storedCheckIns(t, dbPath, w)
	var lost, storedRefused int
	for _, i := range confirmed {
		if byInteraction[i.ID] != 1 {
			lost++
		}
	}
	for _, i := range refused {
		if byInteraction[i.ID] != 0 {
			storedRefused++
		}
	}
	t.Logf("full disk: %d check-ins confirmed (%d lost), %d refused with \"couldn't save\" (%d stored anyway)",
		len(confirmed), lost, len(refused), storedRefused)
	if lost > 0 || storedRefused > 0 {
		t.Errorf("%d confirmed check-ins lost, %d refused ones stored", lost, storedRefused)
	}
}
