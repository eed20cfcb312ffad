package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/store/sqlite"
)

// The binary is built once per test process, into a directory TestMain removes.
var (
	buildOnce sync.Once
	buildDir  string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// clubbotBinary builds ./cmd/clubbot with the sqlite_fts5 tag (once) and
// returns its path. CLUBBOT_BIN names an already built binary instead.
func clubbotBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if p := os.Getenv("CLUBBOT_BIN"); p != "" {
			binPath, buildErr = filepath.Abs(p)
			return
		}
		buildDir, buildErr = os.MkdirTemp("", "clubbot-loadtest-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "clubbot")
		cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", binPath, "./cmd/clubbot")
		cmd.Dir = ".." // the module root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/clubbot: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// world is a fake Discord with one club: a guild, its #general channel, an
// admin and n members.
type world struct {
	fake    *fakediscord.Server
	guild   string
	channel string
	admin   *discordgo.Member
	members []*discordgo.Member
}

func newWorld(t testing.TB, n int, opts ...fakediscord.Option) *world {
	t.Helper()
	fake, err := fakediscord.Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	w := &world{fake: fake, guild: fake.AddGuild("Load Test Run Club")}
	w.admin = fake.AddMember(w.guild, "admin", discordgo.PermissionManageGuild|discordgo.PermissionUseApplicationCommands)
	for k := 0; k < n; k++ {
		w.members = append(w.members, fake.AddMember(w.guild, fmt.Sprintf("runner%05d", k), discordgo.PermissionUseApplicationCommands))
	}
	// Interactions come from the guild's first channel, #general.
	probe := fake.Command(w.guild, w.admin, "leaderboard")
	if probe == nil || probe.ChannelID == "" {
		t.Fatal("the fake Discord built no interaction for #general")
	}
	w.channel = probe.ChannelID
	return w
}

// prepareDB creates the database file with the club's settings: posts in
// #general, the daily check-in post due from midnight UTC, so the bot posts
// it as soon as it starts and the load can click its buttons.
func prepareDB(t testing.TB, w *world, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := clubbot.DefaultSettings(w.guild)
	st.ChannelID = w.channel
	st.CheckinTime = 0
	if err := db.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
}

// child is a running `clubbot` process.
type child struct {
	t      testing.TB
	cmd    *exec.Cmd
	out    *syncBuffer // stdout and stderr, interleaved
	stdout *syncBuffer
	stderr *syncBuffer
	addr   string // CLUBBOT_METRICS_ADDR: /healthz, /metrics
	// httpAddr is CLUBBOT_HTTP_ADDR, serve's /interactions.
	httpAddr string
	done     chan struct{}
	err      error // Wait's result, once done is closed
}

// botEnv is the environment `clubbot run` gets against w's fake; /healthz
// and /metrics are on metricsAddr (serve also needs CLUBBOT_HTTP_ADDR in extra).
func botEnv(w *world, dbPath, metricsAddr string, extra ...string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"TMPDIR=" + os.TempDir(),
		"DISCORD_TOKEN=test-token",
		"DISCORD_API_URL=" + w.fake.APIURL(),
		"CLUBBOT_DB=" + dbPath,
		"CLUBBOT_METRICS_ADDR=" + metricsAddr,
	}
	return append(env, extra...)
}

// startChild runs `clubbot run` and waits until /healthz says Discord is
// connected and the fake sees the gateway session.
func startChild(t testing.TB, w *world, dbPath string, extraEnv ...string) *child {
	t.Helper()
	c := launch(t, []string{"run"}, botEnv(w, dbPath, freeAddr(t), extraEnv...))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.waitHealthy(ctx); err != nil {
		c.kill()
		t.Fatalf("clubbot did not become healthy: %v\noutput:\n%s", err, c.out.String())
	}
	if err := w.fake.WaitReady(ctx); err != nil {
		c.kill()
		t.Fatalf("clubbot did not connect to the fake gateway: %v\noutput:\n%s", err, c.out.String())
	}
	return c
}

// launch starts the binary with args and env; the test's cleanup kills it
// if it is still running.
func launch(t testing.TB, args, env []string) *child {
	t.Helper()
	return launchWithFiles(t, 0, args, env)
}

// launchWithFiles is launch with the process's open-file limit set to
// nofile (soft and hard, through sh's ulimit); 0 leaves it alone.
func launchWithFiles(t testing.TB, nofile int, args, env []string) *child {
	t.Helper()
	c := &child{t: t, out: &syncBuffer{}, done: make(chan struct{})}
	c.stdout = &syncBuffer{tee: c.out}
	c.stderr = &syncBuffer{tee: c.out}
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "CLUBBOT_METRICS_ADDR="); ok {
			c.addr = v
		}
		if v, ok := strings.CutPrefix(e, "CLUBBOT_HTTP_ADDR="); ok {
			c.httpAddr = v
		}
	}
	c.cmd = exec.Command(clubbotBinary(t), args...)
	if nofile > 0 {
		script := fmt.Sprintf(`ulimit -n %d && exec "$0" "$@"`, nofile)
		c.cmd = exec.Command("sh", append([]string{"-c", script, clubbotBinary(t)}, args...)...)
	}
	c.cmd.Env = env
	c.cmd.Stdout = c.stdout
	c.cmd.Stderr = c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(c.kill)
	return c
}

// runTool runs a one-shot subcommand (backup, ask) and returns its output.
func runTool(t testing.TB, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(clubbotBinary(t), args...)
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// kill sends SIGKILL and waits for the process to go.
func (c *child) kill() {
	select {
	case <-c.done:
		return
	default:
	}
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// terminate sends SIGTERM and waits up to limit for the exit; it returns the
// exit code (-1 when it had to be killed).
func (c *child) terminate(limit time.Duration) int {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(limit):
		c.kill()
		return -1
	}
	return c.cmd.ProcessState.ExitCode()
}

func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// health is /healthz's body.
type health struct {
	Database string `json:"database"`
	Discord  string `json:"discord"`
}

func (c *child) health(ctx context.Context) (health, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+c.addr+"/healthz", nil)
	if err != nil {
		return health{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return health{}, err
	}
	defer resp.Body.Close()
	var h health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		return health{}, fmt.Errorf("healthz %d: %w", resp.StatusCode, err)
	}
	return h, nil
}

// waitHealthy polls /healthz until the database is ok and Discord connected.
func (c *child) waitHealthy(ctx context.Context) error {
	var last error
	for {
		if c.exited() {
			return fmt.Errorf("the process exited: %v", c.err)
		}
		h, err := c.health(ctx)
		if err == nil && h.Database == "ok" && h.Discord == "connected" {
			return nil
		}
		if err != nil {
			last = err
		} else {
			last = fmt.Errorf("healthz says %+v", h)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last: %v)", ctx.Err(), last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// metrics returns /metrics's text.
func (c *child) metrics() (string, error) {
	resp, err := http.Get("http://" + c.addr + "/metrics")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// rssKB is the process's resident memory (VmRSS), in kB.
func rssKB(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for the process's writers and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	tee *syncBuffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf.Write(p)
	b.mu.Unlock()
	if b.tee != nil {
		b.tee.Write(p)
	}
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// dailyPost waits for the day's check-in post in #general and returns it.
func (w *world) dailyPost(t testing.TB, timeout time.Duration) *fakediscord.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var post *fakediscord.Message
	err := w.fake.WaitFor(ctx, func() bool {
		for _, m := range w.fake.Messages(w.channel) {
			if buttonID(m.Components, "10 min") != "" {
				post = m
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no daily check-in post with buttons: %v", err)
	}
	return post
}

// buttonID finds the custom_id of the button labelled label.
func buttonID(rows []discordgo.MessageComponent, label string) string {
	for _, r := range rows {
		var inner []discordgo.MessageComponent
		switch row := r.(type) {
		case *discordgo.ActionsRow:
			inner = row.Components
		case discordgo.ActionsRow:
			inner = row.Components
		}
		for _, c := range inner {
			switch b := c.(type) {
			case *discordgo.Button:
				if b.Label == label {
					return b.CustomID
				}
			case discordgo.Button:
				if b.Label == label {
					return b.CustomID
				}
			}
		}
	}
	return ""
}

// tallyStored checks acknowledged check-ins against storedCheckIns' counts:
// a /checkin command should be stored once under its interaction id
// (missing: not at all, twice: more than once). A click on the daily post is
// counted by member instead, since the store keeps one check-in per member
// and post: clicks maps each member who clicked to their stored check-ins
// from daily posts.
func tallyStored(acked []*discordgo.Interaction, byInteraction, bySource map[string]int) (missing, twice int, clicks map[string]int) {
	clicks = map[string]int{}
	for _, i := range acked {
		if i.Type == discordgo.InteractionMessageComponent {
			clicks[i.Member.User.ID] = 0
			continue
		}
		switch byInteraction[i.ID] {
		case 0:
			missing++
		case 1:
		default:
			twice++
		}
	}
	for uid := range clicks {
		for k, n := range bySource {
			if strings.HasPrefix(k, uid+" ") {
				clicks[uid] += n
			}
		}
	}
	return missing, twice, clicks
}

// storedCheckIns opens the database after the bot has stopped and counts
// check-ins by interaction id and by (member, source), over the days around
// now.
func storedCheckIns(t testing.TB, path string, w *world) (byInteraction map[string]int, bySource map[string]int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := clubbot.DayOf(time.Now(), time.UTC)
	byInteraction, bySource = map[string]int{}, map[string]int{}
	for _, m := range w.members {
		for d := today - 1; d <= today+1; d++ {
			cs, err := db.CheckIns(ctx, w.guild, m.User.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.InteractionID != "" {
					byInteraction[c.InteractionID]++
				}
				if c.Source != "" {
					bySource[m.User.ID+" "+c.Source]++
				}
			}
		}
	}
	return byInteraction, bySource
}
