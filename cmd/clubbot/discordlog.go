package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// discordgoLogger routes discordgo's log lines into the JSON log instead of
// plain lines on stderr. discordgo takes its logger from a package variable,
// the one global this program sets, because discordgo offers no other hook.
//
// A modal submit made of Label components makes discordgo report "error
// unmarshalling INTERACTION_CREATE event, unknown component type": the bot
// decodes those events itself from the raw event (bot/discordx), so that
// line is expected and goes out at debug level rather than as an error on
// every form a member submits.
func discordgoLogger(l *slog.Logger) func(msgL, caller int, format string, a ...any) {
	return func(msgL, _ int, format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		level := slog.LevelDebug
		switch msgL {
		case discordgo.LogError:
			level = slog.LevelError
		case discordgo.LogWarning:
			level = slog.LevelWarn
		case discordgo.LogInformational:
			level = slog.LevelInfo
		}
		if strings.Contains(msg, "unmarshalling INTERACTION_CREATE") {
			level = slog.LevelDebug
		}
		l.Log(context.Background(), level, msg, "component", "discordgo")
	}
}
