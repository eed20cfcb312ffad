package main

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"clubbot"
	"clubbot/bot"
)

// config is clubbot's configuration, read from the environment (SPEC 2).
type config struct {
	Token         string
	PublicKey     string // hex
	GuildID       string
	APIURL        string
	DB            string
	HTTPAddr      string
	MetricsAddr   string // "" when turned off
	Knowledge     string
	OpenAIKey     string
	OpenAIBaseURL string
	ChatModel     string
	EmbedModel    string
	LLMTimeout    time.Duration
	// Shard is this process's gateway shard; it posts only its servers.
	Shard clubbot.Shard
	// SendRate is the scheduled posts' requests a second (bot.Sender).
	SendRate float64
	// PostLease is how long a scheduled post's claim holds off the other
	// processes (bot.Scheduler.Lease).
	PostLease time.Duration
}

// defaultChatModel is a small, cheap chat model; local servers (Ollama,
// llama.cpp) take CLUBBOT_CHAT_MODEL instead.
const defaultChatModel = "gpt-4o-mini"

// defaultMetricsAddr serves /healthz and /metrics on loopback only, off the
// public interactions port.
const defaultMetricsAddr = "127.0.0.1:9090"

// LLM reports whether LLM answers are on: either OpenAI variable set.
func (c config) LLM() bool { return c.OpenAIKey != "" || c.OpenAIBaseURL != "" }

// String never shows secrets; logs can print a config safely.
func (c config) String() string {
	set := func(s string) string {
		if s == "" {
			return "unset"
		}
		return "set"
	}
	return fmt.Sprintf("db=%s http=%q metrics=%q api=%q guild=%q knowledge=%q token=%s public_key=%s openai_key=%s openai_base=%q chat_model=%q embed_model=%q shard=%s send_rate=%g post_lease=%s",
		redactURL(c.DB), c.HTTPAddr, c.MetricsAddr, redactURL(c.APIURL), c.GuildID, c.Knowledge, set(c.Token), set(c.PublicKey), set(c.OpenAIKey), redactURL(c.OpenAIBaseURL), c.ChatModel, c.EmbedModel, c.Shard, c.SendRate, c.PostLease)
}

// redactURL shows a URL setting without its password or query, where
// proxies and tokens hide credentials; a value that is not a URL with a
// scheme (a file name) is shown as it is.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(s, "://") {
			return "[unparsable URL]"
		}
		return s
	}
	if u.Scheme == "" || u.Host == "" {
		return s
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u.Redacted()
}

// DBEngine names the store CLUBBOT_DB selects: "postgres" for a
// postgres:// (or postgresql://) URL, else "sqlite" for a file name.
func (c config) DBEngine() string {
	if u, err := url.Parse(c.DB); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		return "postgres"
	}
	return "sqlite"
}

// loadConfig reads the environment for a subcommand. Each error is one line
// that names the variable at fault.
func loadConfig(getenv func(string) string, cmd string) (config, error) {
	c := config{
		Token:         strings.TrimSpace(getenv("DISCORD_TOKEN")),
		PublicKey:     strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")),
		GuildID:       strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:        strings.TrimSpace(getenv("DISCORD_API_URL")),
		DB:            getenv("CLUBBOT_DB"),
		HTTPAddr:      strings.TrimSpace(getenv("CLUBBOT_HTTP_ADDR")),
		MetricsAddr:   strings.TrimSpace(getenv("CLUBBOT_METRICS_ADDR")),
		Knowledge:     getenv("CLUBBOT_KNOWLEDGE"),
		OpenAIKey:     strings.TrimSpace(getenv("OPENAI_API_KEY")),
		OpenAIBaseURL: strings.TrimSpace(getenv("OPENAI_BASE_URL")),
		ChatModel:     strings.TrimSpace(getenv("CLUBBOT_CHAT_MODEL")),
		EmbedModel:    strings.TrimSpace(getenv("CLUBBOT_EMBED_MODEL")),
		LLMTimeout:    8 * time.Second,
		SendRate:      bot.DefaultSendRate,
		PostLease:     bot.DefaultPostLease,
	}
	if c.DB == "" {
		c.DB = "clubbot.db"
	}
	if c.ChatModel == "" {
		c.ChatModel = defaultChatModel
	}
	if c.HTTPAddr == "" && cmd == "serve" {
		c.HTTPAddr = ":8080"
	}
	switch c.MetricsAddr {
	case "":
		c.MetricsAddr = defaultMetricsAddr
	case "off":
		c.MetricsAddr = ""
	}
	if v := strings.TrimSpace(getenv("CLUBBOT_LLM_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 2*time.Minute {
			return c, fmt.Errorf("CLUBBOT_LLM_TIMEOUT: want a duration like 8s (up to 2m), got %q", v)
		}
		c.LLMTimeout = d
	}
	shard, err := clubbot.ParseShard(getenv("CLUBBOT_SHARD"))
	if err != nil {
		return c, fmt.Errorf("CLUBBOT_SHARD: %w", err)
	}
	c.Shard = shard
	if v := strings.TrimSpace(getenv("CLUBBOT_SEND_RATE")); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || !(r > 0 && r <= bot.MaxSendRate) {
			return c, fmt.Errorf("CLUBBOT_SEND_RATE: want requests a second above 0 and up to %d, such as 50 or 25, got %q", bot.MaxSendRate, v)
		}
		c.SendRate = r
	}
	if v := strings.TrimSpace(getenv("CLUBBOT_POST_LEASE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > bot.MaxPostLease {
			return c, fmt.Errorf("CLUBBOT_POST_LEASE: want a duration from 1s up to %s, such as 2m or 30s, got %q", bot.MaxPostLease, v)
		}
		c.PostLease = d
	}

	needToken := cmd == "run" || cmd == "serve" || cmd == "register"
	if needToken && c.Token == "" {
		return c, fmt.Errorf("DISCORD_TOKEN is not set: %s needs the bot token", cmd)
	}
	if strings.ContainsAny(c.Token, " \t\r\n") {
		return c, fmt.Errorf("DISCORD_TOKEN contains whitespace; paste the token alone (without \"Bot \")")
	}
	if cmd == "serve" {
		if c.PublicKey == "" {
			return c, fmt.Errorf("DISCORD_PUBLIC_KEY is not set: serve verifies interactions with the application's public key")
		}
		if b, err := hex.DecodeString(c.PublicKey); err != nil || len(b) != 32 {
			return c, fmt.Errorf("DISCORD_PUBLIC_KEY: want 64 hex characters (the application's public key)")
		}
	}
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		return c, fmt.Errorf("DISCORD_GUILD_ID: want a numeric server id, got %q", c.GuildID)
	}
	if c.APIURL != "" {
		if err := checkURL(c.APIURL); err != nil {
			return c, fmt.Errorf("DISCORD_API_URL: %w", err)
		}
		if !strings.HasSuffix(c.APIURL, "/") {
			c.APIURL += "/"
		}
	}
	if strings.Contains(c.DB, "://") && c.DBEngine() != "postgres" {
		// Not the URL itself: it may hold a password.
		return c, fmt.Errorf("CLUBBOT_DB: want a SQLite file name or a postgres:// URL")
	}
	if c.OpenAIBaseURL != "" {
		if err := checkURL(c.OpenAIBaseURL); err != nil {
			return c, fmt.Errorf("OPENAI_BASE_URL: %w", err)
		}
	}
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			return c, fmt.Errorf("CLUBBOT_HTTP_ADDR: want host:port such as :8080, got %q", c.HTTPAddr)
		}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return c, fmt.Errorf("CLUBBOT_METRICS_ADDR: want host:port such as 127.0.0.1:9090 (or off), got %q", c.MetricsAddr)
		}
	}
	if c.Knowledge != "" {
		st, err := os.Stat(c.Knowledge)
		if err != nil || !st.IsDir() {
			return c, fmt.Errorf("CLUBBOT_KNOWLEDGE: %q is not a readable folder", c.Knowledge)
		}
	}
	return c, nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		// The parser's message repeats the URL, which may hold credentials.
		return fmt.Errorf("want an http(s) URL; this one does not parse")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http(s) URL, got %q", u.Redacted())
	}
	return nil
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
