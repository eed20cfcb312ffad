// Command clubbot runs the clubbot Discord bot and its tools.
//
//	clubbot sandbox [--db FILE] [--pictures DIR]  the real bot against an in-process fake Discord
//	clubbot run                        gateway mode (DISCORD_TOKEN)
//	clubbot serve                      HTTP interactions mode (DISCORD_PUBLIC_KEY)
//	clubbot ask [--json] QUESTION      one FAQ answer
//	clubbot commands [--register]      the slash-command definitions
//	clubbot backup [--force] FILE      online backup of CLUBBOT_DB
//	clubbot health                     exit 0 when the running bot's /healthz is ok
//
// This file only wires: configuration, logging and the parts from bot/,
// store/ and bot/faq.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // zones work in a minimal container too

	"github.com/bwmarrin/discordgo"
)

const usage = `usage: clubbot COMMAND [ARGS]

commands:
  sandbox [--db FILE] [--pictures DIR]
                           the real bot against an in-process fake Discord; type or pipe lines;
                           --pictures saves each PNG the bot sends
  run                      connect to Discord's gateway and run (needs DISCORD_TOKEN)
  serve                    HTTP interactions endpoint on CLUBBOT_HTTP_ADDR (needs DISCORD_TOKEN, DISCORD_PUBLIC_KEY)
  ask [--json] QUESTION    answer one FAQ question from the documents
  commands [--register]    print the slash commands as JSON; register them with --register
  backup [--force] FILE    online backup of the database (CLUBBOT_DB) to FILE; --force replaces FILE
  health                   exit 0 when the running bot's /healthz (CLUBBOT_METRICS_ADDR) says ok

configuration comes from the environment; see README.md.`

// exitError carries a process exit code with its one-line message.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := newEnv(os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	// discordgo logs through the standard logger unless given one: route it
	// into the JSON log, behind the redaction like everything on stderr.
	log.SetOutput(e.stderr)
	discordgo.Logger = discordgoLogger(e.logger())
	err := run(ctx, os.Args[1:], e)
	stop()
	if err != nil {
		fmt.Fprintln(e.stderr, "clubbot:", err)
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}

// env is the process's outside world, passed in so tests can run commands.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// newEnv builds the process's env; stderr hides secret values (see redactWriter).
func newEnv(getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) env {
	return env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: newRedactWriter(stderr, getenv)}
}

func (e env) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError("no command given\n%s", usage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "sandbox":
		return runSandbox(ctx, rest, e)
	case "run":
		return runBot(ctx, e, false)
	case "serve":
		return runBot(ctx, e, true)
	case "ask":
		return runAsk(ctx, rest, e)
	case "commands":
		return runCommands(ctx, rest, e)
	case "backup":
		return runBackup(ctx, rest, e)
	case "health":
		return runHealth(ctx, rest, e)
	case "help", "-h", "--help":
		fmt.Fprintln(e.stdout, usage)
		return nil
	}
	return usageError("unknown command %q\n%s", cmd, usage)
}
