package bot

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// A failed REST call's error can carry the whole request URL, and for
// interactions that URL holds the interaction token (webhooks/APP/TOKEN/…,
// interactions/ID/TOKEN/callback): net/http's *url.Error prints it, and so
// does discordgo's RateLimitError. restAttrs and restCause keep what a log
// needs, the host and the cause, and drop the path.

// restAttrs are slog attributes for a failed REST call: "host" and "err".
func restAttrs(err error) []any {
	attrs := []any{"err", restCause(err)}
	if h := restHost(err); h != "" {
		attrs = append(attrs, "host", h)
	}
	return attrs
}

// anyURL matches a URL in an error's text, to cut it to scheme and host.
var anyURL = regexp.MustCompile(`(https?|wss?)://[^/\s"]+[^\s"]*`)

// restCause is err's text without request paths or queries.
func restCause(err error) string {
	if err == nil {
		return ""
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		msg := "HTTP " + rest.Response.Status
		var body struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(rest.ResponseBody, &body) == nil && (body.Code != 0 || body.Message != "") {
			msg += ": " + body.Message
			if body.Code != 0 {
				msg += " (code " + strconv.Itoa(body.Code) + ")"
			}
		}
		return msg
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil {
		return "rate limited, retry after " + rl.RetryAfter.String()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + hostOnly(ue.Err.Error())
	}
	return hostOnly(err.Error())
}

// hostOnly replaces every URL in s with its scheme and host.
func hostOnly(s string) string {
	return anyURL.ReplaceAllStringFunc(s, func(m string) string {
		u, err := url.Parse(m)
		if err != nil || u.Host == "" {
			return "[url]"
		}
		return u.Scheme + "://" + u.Host
	})
}

// restHost is the host a failed REST call went to, when err says.
func restHost(err error) string {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Request != nil && rest.Request.URL != nil {
		return rest.Request.URL.Host
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return u.Host
		}
	}
	return ""
}
