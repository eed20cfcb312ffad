package main

import (
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestLoadConfigErrorsNameTheVariable(t *testing.T) {
	const key = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
	tests := []struct {
		name    string
		cmd     string
		env     map[string]string
		wantVar string // "" means no error
	}{
		{"sandbox needs nothing", "sandbox", nil, ""},
		{"ask needs nothing", "ask", nil, ""},
		{"run needs a token", "run", nil, "DISCORD_TOKEN"},
		{"run with token", "run", map[string]string{"DISCORD_TOKEN": "abc.def.ghi"}, ""},
		{"token with space", "run", map[string]string{"DISCORD_TOKEN": "Bot abc"}, "DISCORD_TOKEN"},
		{"serve needs a key", "serve", map[string]string{"DISCORD_TOKEN": "t"}, "DISCORD_PUBLIC_KEY"},
		{"serve bad key", "serve", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": "xyz"}, "DISCORD_PUBLIC_KEY"},
		{"serve good key", "serve", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": key}, ""},
		{"bad guild", "run", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"},
		{"bad api url", "run", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "ftp://x"}, "DISCORD_API_URL"},
		{"bad openai url", "ask", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL"},
		{"bad http addr", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_HTTP_ADDR": "8080"}, "CLUBBOT_HTTP_ADDR"},
		{"missing knowledge", "ask", map[string]string{"CLUBBOT_KNOWLEDGE": "/no/such/dir"}, "CLUBBOT_KNOWLEDGE"},
		{"bad llm timeout", "ask", map[string]string{"CLUBBOT_LLM_TIMEOUT": "soon"}, "CLUBBOT_LLM_TIMEOUT"},
		{"bad metrics addr", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_METRICS_ADDR": "9090"}, "CLUBBOT_METRICS_ADDR"},
		{"metrics addr with a path", "serve", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": key, "CLUBBOT_METRICS_ADDR": "http://127.0.0.1:9090/"}, "CLUBBOT_METRICS_ADDR"},
		{"metrics off", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_METRICS_ADDR": "off"}, ""},
		{"health needs nothing", "health", nil, ""},
		{"postgres db", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_DB": "postgres://clubbot:pw@db.example:5432/clubbot?sslmode=require"}, ""},
		{"other db url", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_DB": "mysql://clubbot:pw@db.example/clubbot"}, "CLUBBOT_DB"},
		{"unparsable postgres db", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_DB": "postgres://clubbot:pw@[::1"}, "CLUBBOT_DB"},
		{"shard past count", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SHARD": "2/2"}, "CLUBBOT_SHARD"},
		{"shard without count", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SHARD": "1"}, "CLUBBOT_SHARD"},
		{"shard not numbers", "serve", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": key, "CLUBBOT_SHARD": "a/b"}, "CLUBBOT_SHARD"},
		{"send rate word", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SEND_RATE": "fast"}, "CLUBBOT_SEND_RATE"},
		{"send rate zero", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SEND_RATE": "0"}, "CLUBBOT_SEND_RATE"},
		{"send rate too high", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SEND_RATE": "5000"}, "CLUBBOT_SEND_RATE"},
		{"send rate NaN", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SEND_RATE": "NaN"}, "CLUBBOT_SEND_RATE"},
		{"post lease", "serve", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": key, "CLUBBOT_POST_LEASE": "30s"}, ""},
		{"post lease no unit", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": "30"}, "CLUBBOT_POST_LEASE"},
		{"post lease word", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": "long"}, "CLUBBOT_POST_LEASE"},
		{"post lease zero", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": "0s"}, "CLUBBOT_POST_LEASE"},
		{"post lease negative", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": "-1m"}, "CLUBBOT_POST_LEASE"},
		{"post lease past the nonce window", "run", map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": "10m"}, "CLUBBOT_POST_LEASE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadConfig(envOf(tt.env), tt.cmd)
			if tt.wantVar == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error naming %s", tt.wantVar)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.wantVar) || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line starting with %s", msg, tt.wantVar)
			}
		})
	}
}

// TestConfigDBEngine: CLUBBOT_DB selects PostgreSQL by its URL scheme and
// SQLite otherwise (the default, a file).
func TestConfigDBEngine(t *testing.T) {
	for db, want := range map[string]string{
		"":                                   "sqlite",
		"clubbot.db":                         "sqlite",
		"/data/postgres.db":                  "sqlite",
		"postgres://u:p@127.0.0.1:5432/club": "postgres",
		"postgresql://db.example/club":       "postgres",
	} {
		c, err := loadConfig(envOf(map[string]string{"CLUBBOT_DB": db}), "sandbox")
		if err != nil {
			t.Fatalf("CLUBBOT_DB=%q: %v", db, err)
		}
		if got := c.DBEngine(); got != want {
			t.Errorf("CLUBBOT_DB=%q: engine %s, want %s", db, got, want)
		}
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "DISCORD_API_URL": "http://127.0.0.1:9/api/v10"}), "serve")
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "clubbot.db" || c.HTTPAddr != ":8080" || c.ChatModel == "" || c.LLM() {
		t.Fatalf("defaults: %+v", c)
	}
	if c.APIURL != "http://127.0.0.1:9/api/v10/" {
		t.Fatalf("api url not normalised: %q", c.APIURL)
	}
	if c2, _ := loadConfig(envOf(nil), "run"); c2.HTTPAddr != "" {
		t.Fatalf("run should leave HTTP off by default, got %q", c2.HTTPAddr)
	}
	if c3, _ := loadConfig(envOf(map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}), "ask"); !c3.LLM() {
		t.Fatal("OPENAI_BASE_URL alone should turn LLM answers on")
	}
}

func TestConfigStringHidesSecrets(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"DISCORD_TOKEN": "SECRET-TOKEN-123", "OPENAI_API_KEY": "sk-SECRET-456"}), "run")
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if strings.Contains(s, "SECRET") {
		t.Fatalf("config string leaks a secret: %s", s)
	}
}

func TestLoadConfigMetricsAddr(t *testing.T) {
	tests := []struct {
		env  string
		cmd  string
		want string
	}{
		{"", "run", "127.0.0.1:9090"},
		{"", "serve", "127.0.0.1:9090"},
		{"", "health", "127.0.0.1:9090"},
		{"0.0.0.0:9100", "run", "0.0.0.0:9100"},
		{" :9100 ", "serve", ":9100"},
		{"off", "run", ""},
	}
	for _, tt := range tests {
		env := map[string]string{"DISCORD_TOKEN": "t", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "CLUBBOT_METRICS_ADDR": tt.env}
		c, err := loadConfig(envOf(env), tt.cmd)
		if err != nil || c.MetricsAddr != tt.want {
			t.Errorf("%s with CLUBBOT_METRICS_ADDR=%q: %q, %v; want %q", tt.cmd, tt.env, c.MetricsAddr, err, tt.want)
		}
		if tt.cmd == "serve" && c.HTTPAddr == c.MetricsAddr {
			t.Errorf("serve: metrics on the public port %q", c.HTTPAddr)
		}
	}
}

// TestConfigStringRedactsURLs: a start-up log line shows where the bot
// talks to, never a URL's password or query.
func TestConfigStringRedactsURLs(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{
		"DISCORD_TOKEN":   "t",
		"DISCORD_API_URL": "https://bot:SECRETproxy@proxy.example:8443/api/v10/?auth=SECRETquery",
		"OPENAI_BASE_URL": "http://user:SECRETllm@127.0.0.1:11434/v1?api-key=SECRETkey#SECRETfrag",
		"CLUBBOT_DB":      "postgres://clubbot:SECRETdb@db.example/clubbot?sslmode=require&password=SECRETq",
	}), "run")
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if strings.Contains(s, "SECRET") {
		t.Fatalf("config string leaks a URL credential: %s", s)
	}
	for _, want := range []string{"proxy.example:8443/api/v10/", "127.0.0.1:11434/v1", "db.example/clubbot", "xxxxx"} {
		if !strings.Contains(s, want) {
			t.Errorf("config string %s: want %q in it", s, want)
		}
	}
	for in, want := range map[string]string{
		"clubbot.db":       "clubbot.db",
		"/data/club.db":    "/data/club.db",
		"":                 "",
		"http://a.b/c?d=e": "http://a.b/c",
		"http://%zz":       "[unparsable URL]",
		"postgresql://clubbot:pw@127.0.0.1:55432/clubbot?sslmode=disable": "postgresql://clubbot:xxxxx@127.0.0.1:55432/clubbot",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadConfigShardAndSendRate(t *testing.T) {
	tests := []struct {
		shard, rate string
		want        clubbot.Shard
		wantRate    float64
	}{
		{"", "", clubbot.Shard{ID: 0, Count: 1}, bot.DefaultSendRate},
		{"0/1", "50", clubbot.Shard{ID: 0, Count: 1}, 50},
		{"1/4", "12.5", clubbot.Shard{ID: 1, Count: 4}, 12.5},
		{" 3/4 ", " 25 ", clubbot.Shard{ID: 3, Count: 4}, 25},
	}
	for _, tt := range tests {
		c, err := loadConfig(envOf(map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_SHARD": tt.shard, "CLUBBOT_SEND_RATE": tt.rate}), "run")
		if err != nil {
			t.Errorf("shard %q rate %q: %v", tt.shard, tt.rate, err)
			continue
		}
		if c.Shard != tt.want || c.SendRate != tt.wantRate {
			t.Errorf("shard %q rate %q: got %v %v, want %v %v", tt.shard, tt.rate, c.Shard, c.SendRate, tt.want, tt.wantRate)
		}
	}
}

// TestLoadConfigPostLease: CLUBBOT_POST_LEASE becomes the scheduler's claim
// lease, with bot.DefaultPostLease when unset.
func TestLoadConfigPostLease(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"":      bot.DefaultPostLease,
		"30s":   30 * time.Second,
		" 2m ":  2 * time.Minute,
		"1s":    time.Second,
		"1m30s": 90 * time.Second,
	} {
		c, err := loadConfig(envOf(map[string]string{"DISCORD_TOKEN": "t", "CLUBBOT_POST_LEASE": in}), "run")
		if err != nil {
			t.Errorf("lease %q: %v", in, err)
			continue
		}
		if c.PostLease != want {
			t.Errorf("lease %q: got %s, want %s", in, c.PostLease, want)
		}
	}
}
