package pgtest

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMissing(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		ok, fail bool
		inMsg    string
	}{
		{"server set", map[string]string{Env: "postgres://a@127.0.0.1/b", "CI": "true"}, true, false, ""},
		{"developer without a server skips", nil, false, false, ".ci/postgres start"},
		{"CI without a server fails", map[string]string{"CI": "true"}, false, true, Env},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, fail, msg := missing(func(k string) string { return tt.env[k] })
			if ok != tt.ok || fail != tt.fail {
				t.Fatalf("ok=%v fail=%v, want %v %v", ok, fail, tt.ok, tt.fail)
			}
			if !strings.Contains(msg, tt.inMsg) || strings.Contains(msg, "\n") {
				t.Fatalf("message %q: want one line with %q", msg, tt.inMsg)
			}
		})
	}
}

// TestURLGivesEachTestItsOwnDatabase: two calls give two empty databases,
// a table in one is not in the other, and both are gone once the test
// ends, even with a connection still open to them.
func TestURLGivesEachTestItsOwnDatabase(t *testing.T) {
	ctx := context.Background()
	var names []string
	var open []*pgx.Conn
	defer func() {
		for _, c := range open {
			c.Close(ctx)
		}
	}()
	t.Run("two databases", func(t *testing.T) {
		a, b := URL(t), URL(t)
		if a == b {
			t.Fatalf("same URL twice: %s", a)
		}
		for i, u := range []string{a, b} {
			conn, err := pgx.Connect(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, conn) // closed after the drop
			var name string
			if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&name); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(name, Prefix) {
				t.Fatalf("database %q: want the prefix %s", name, Prefix)
			}
			names = append(names, name)
			if i == 0 {
				if _, err := conn.Exec(ctx, "CREATE TABLE only_in_a (x int)"); err != nil {
					t.Fatal(err)
				}
				continue
			}
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("a table made in one test database shows in the other")
			}
		}
	})
	if t.Failed() || t.Skipped() || len(names) != 2 {
		return
	}
	conn, err := pgx.Connect(ctx, URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var left int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = ANY($1)", names).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d of the test databases %v are still there", left, names)
	}
}

// TestURLKeepsTheServersCredentials: the URL differs from the server's in
// the database alone.
func TestURLKeepsTheServersCredentials(t *testing.T) {
	got, err := url.Parse(URL(t))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(os.Getenv(Env))
	if got.User.String() != base.User.String() || got.Host != base.Host || got.RawQuery != base.RawQuery {
		t.Fatalf("URL %s does not keep the server's user, host and options", got.Redacted())
	}
}
