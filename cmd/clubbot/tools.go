package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	openai "github.com/sashabaranov/go-openai"

	"clubbot/bot"
	"clubbot/bot/faq"
	"clubbot/bot/sandbox"
	"clubbot/store/sqlite"
)

// newFAQ builds the FAQ engine from the configuration: extractive by default,
// LLM answers when an OpenAI key or base URL is set. onLLM may be nil.
func newFAQ(ctx context.Context, c config, e env, onLLM func(string)) (*faq.Engine, error) {
	fc := faq.Config{
		KnowledgeDir: c.Knowledge,
		ChatModel:    c.ChatModel,
		EmbedModel:   c.EmbedModel,
		Timeout:      c.LLMTimeout,
		Log:          e.logger(),
		OnLLM:        onLLM,
	}
	if c.LLM() {
		oc := openai.DefaultConfig(c.OpenAIKey)
		if c.OpenAIBaseURL != "" {
			oc.BaseURL = c.OpenAIBaseURL
		}
		fc.Client = openai.NewClientWithConfig(oc)
	}
	eng, err := faq.New(ctx, fc)
	if err != nil {
		if c.Knowledge != "" {
			return nil, fmt.Errorf("CLUBBOT_KNOWLEDGE: %w", err)
		}
		return nil, err
	}
	return eng, nil
}

// askJSON is the one-line JSON contract of `clubbot ask --json` (SPEC 2).
type askJSON struct {
	Answered bool         `json:"answered"` // true only for kind "answer"
	Kind     string       `json:"kind"`     // "answer", "decline" or "redflag"
	Answer   string       `json:"answer"`
	Sources  []faq.Source `json:"sources"`
	Mode     string       `json:"mode"`
}

func runAsk(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print one JSON object on one line")
	if err := fs.Parse(args); err != nil {
		return usageError("ask: %v", err)
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if question == "" {
		return usageError("ask: give a question, e.g. clubbot ask \"how long should I massage after a long run?\"")
	}
	if len(question) > 1000 {
		return usageError("ask: the question is longer than 1000 characters")
	}
	c, err := loadConfig(e.getenv, "ask")
	if err != nil {
		return err
	}
	eng, err := newFAQ(ctx, c, e, nil)
	if err != nil {
		return err
	}
	a := eng.Answer(ctx, faq.Query{Text: question, UserID: "cli"})
	if *asJSON {
		out := askJSON{Answered: a.Kind == faq.KindAnswer, Kind: a.Kind, Answer: a.Text, Sources: a.Sources, Mode: a.Mode}
		if out.Sources == nil {
			out.Sources = []faq.Source{}
		}
		b, err := json.Marshal(out)
		if err != nil {
			return fmt.Errorf("ask: encode answer: %w", err)
		}
		_, err = fmt.Fprintln(e.stdout, string(b))
		return err
	}
	fmt.Fprintln(e.stdout, a.Text)
	if len(a.Sources) > 0 {
		titles := make([]string, len(a.Sources))
		for i, s := range a.Sources {
			titles[i] = s.Title
		}
		fmt.Fprintf(e.stdout, "\nSources: %s\n", strings.Join(titles, "; "))
	}
	return nil
}

func runCommands(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("commands", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	register := fs.Bool("register", false, "register the commands with Discord (globally, or to DISCORD_GUILD_ID)")
	if err := fs.Parse(args); err != nil {
		return usageError("commands: %v", err)
	}
	if !*register {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(bot.Commands())
	}
	c, err := loadConfig(e.getenv, "register")
	if err != nil {
		return err
	}
	s, err := bot.NewSession(c.Token, c.APIURL)
	if err != nil {
		return err
	}
	me, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("commands: who am I (check DISCORD_TOKEN): %w", err)
	}
	if err := bot.RegisterCommands(ctx, s, me.ID, c.GuildID); err != nil {
		return fmt.Errorf("commands: register: %w", err)
	}
	where := "globally (may take up to an hour to appear)"
	if c.GuildID != "" {
		where = "to server " + c.GuildID
	}
	fmt.Fprintf(e.stdout, "registered %d commands %s\n", len(bot.Commands()), where)
	return nil
}

func runBackup(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := fs.Parse(args); err != nil {
		return usageError("backup: %v", err)
	}
	if fs.NArg() != 1 || strings.HasPrefix(fs.Arg(0), "-") {
		return usageError("backup: give one destination file, e.g. clubbot backup clubbot-2026-11-26.db")
	}
	dest := fs.Arg(0)
	if _, err := os.Stat(dest); err == nil && !*force {
		return usageError("backup: %s already exists; pick a new file name, or pass --force to replace it", dest)
	}
	c, err := loadConfig(e.getenv, "backup")
	if err != nil {
		return err
	}
	if c.DBEngine() == "postgres" {
		return usageError("backup: CLUBBOT_DB is a PostgreSQL database: back it up with pg_dump (pg_dump -Fc \"$CLUBBOT_DB\" > clubbot.dump)")
	}
	if _, err := os.Stat(c.DB); err != nil {
		return fmt.Errorf("CLUBBOT_DB: %s: no database to back up", c.DB)
	}
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	// The check above is for a quick answer; Backup itself refuses a file
	// created since, without --force.
	if err := db.Backup(ctx, dest, *force); err != nil {
		if errors.Is(err, iofs.ErrExist) {
			return usageError("backup: %s already exists; pick a new file name, or pass --force to replace it", dest)
		}
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", c.DB, dest)
	return nil
}

func runSandbox(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dbPath := fs.String("db", "", "SQLite file to use (default: a temporary one)")
	nowFlag := fs.String("now", "", "start the bot's clock at this instant, RFC 3339 (e.g. 2026-11-26T09:30:00Z); default now")
	pictures := fs.String("pictures", "", "save each PNG the bot sends into this folder")
	if err := fs.Parse(args); err != nil {
		return usageError("sandbox: %v", err)
	}
	var start time.Time
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageError("sandbox: --now wants an RFC 3339 time such as 2026-11-26T09:30:00Z, got %q", *nowFlag)
		}
		start = t
	}
	c, err := loadConfig(e.getenv, "sandbox")
	if err != nil {
		return err
	}
	return sandbox.Run(ctx, sandbox.Config{
		In:          e.stdin,
		Out:         e.stdout,
		DBPath:      *dbPath,
		Interactive: isTerminal(e.stdin),
		Knowledge:   c.Knowledge,
		Now:         start,
		Pictures:    *pictures,
	})
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
