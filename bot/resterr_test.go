package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

const secretToken = "aW50ZXJhY3Rpb246SECRETtoken123"

func TestRestCauseDropsURLs(t *testing.T) {
	hook := "https://discord.com/api/v10/webhooks/42/" + secretToken + "/messages/@original"
	req, _ := http.NewRequest("PATCH", hook, nil)
	tests := []struct {
		name     string
		err      error
		want     string // in the cause
		wantHost string
	}{
		{"transport error", &url.Error{Op: "Patch", URL: hook, Err: errors.New("EOF")}, "Patch: EOF", "discord.com"},
		{"wrapped transport error", fmt.Errorf("edit: %w", &url.Error{Op: "Post", URL: hook, Err: context.DeadlineExceeded}), "Post: context deadline exceeded", "discord.com"},
		{"Discord's error", &discordgo.RESTError{Request: req, Response: &http.Response{Status: "404 Not Found", StatusCode: 404},
			ResponseBody: []byte(`{"message":"Unknown Webhook","code":10015}`)}, "HTTP 404 Not Found: Unknown Webhook (code 10015)", "discord.com"},
		{"rate limit", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 2 * time.Second}, URL: hook}}, "rate limited", ""},
		{"a URL in any other error", fmt.Errorf("giving up on %s after 3 tries", hook), "giving up on https://discord.com after 3 tries", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attrs := restAttrs(tt.err)
			all := fmt.Sprint(attrs...)
			if strings.Contains(all, "SECRET") || strings.Contains(all, "webhooks") {
				t.Fatalf("attrs %v show the URL", attrs)
			}
			if got := restCause(tt.err); !strings.Contains(got, tt.want) {
				t.Errorf("cause %q, want %q in it", got, tt.want)
			}
			if got := restHost(tt.err); got != tt.wantHost {
				t.Errorf("host %q, want %q", got, tt.wantHost)
			}
		})
	}
}

// TestFailedFollowUpLogsNoToken: a follow-up whose edit fails at the
// connection (the error net/http prints with the whole webhook URL) is
// logged with its host and cause, not the interaction token.
func TestFailedFollowUpLogsNoToken(t *testing.T) {
	srv, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	guild := srv.AddGuild("Runners")
	ann := srv.AddMember(guild, "ann", 0)
	var logs strings.Builder
	tb := newTestBot(t)
	tb.Log = slog.New(slog.NewTextHandler(&logs, nil))
	rest, err := NewSession("test-token", srv.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	rest.MaxRestRetries = 0
	tb.REST = rest
	i := srv.Command(guild, ann, "streak")
	srv.Close() // the edit now fails to connect
	tb.editOriginal(context.Background(), i, func(context.Context) *discordgo.WebhookEdit { return edit("done") })
	out := logs.String()
	if !strings.Contains(out, "interaction follow-up") || !strings.Contains(out, "host=") {
		t.Fatalf("no follow-up error logged with its host: %s", out)
	}
	if strings.Contains(out, i.Token) || strings.Contains(out, "webhooks/") {
		t.Errorf("the log shows the webhook URL or token: %s", out)
	}
}
