package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// maxInteractionBody bounds an interaction request. Real ones are a few KB;
// resolved data for many mentioned members stays far below this.
const maxInteractionBody = 1 << 20

// ParsePublicKey reads the application's public key (DISCORD_PUBLIC_KEY, hex).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("DISCORD_PUBLIC_KEY is not set: copy the public key from the Discord developer portal")
	}
	k, err := hex.DecodeString(s)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: want the application's public key as %d hex characters", 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(k), nil
}

// HTTPHandler serves Discord's HTTP interactions (mount it at
// /interactions): it verifies the ed25519 signature over timestamp+body
// (401 otherwise), answers PING, and answers everything else inline with the
// handler's response; deferred work then edits the original through b.REST.
func (b *Bot) HTTPHandler(publicKey ed25519.PublicKey) http.Handler {
	return &interactionsHTTP{b: b, key: publicKey}
}

type interactionsHTTP struct {
	b   *Bot
	key ed25519.PublicKey
}

func (h *interactionsHTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	if !verifySignature(h.key, r.Header.Get("X-Signature-Ed25519"), ts, body) || !freshTimestamp(ts, time.Now()) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	decoded, err := discordx.DecodeInteraction(body)
	if err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	i := *decoded
	done := h.b.track()
	reply := h.b.Handle(r.Context(), &i)
	if err := writeResponse(w, reply.Response); err != nil {
		done()
		h.b.logger().ErrorContext(r.Context(), "write interaction response", "interaction", interactionLabel(&i), "err", err)
		return
	}
	if reply.Later == nil {
		done()
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	// Discord holds the "thinking…" message; the follow-up runs on after this
	// request ends and edits it.
	ctx := context.WithoutCancel(r.Context())
	go func() {
		defer done()
		h.b.editOriginal(ctx, &i, reply.Later)
	}()
}

// editOriginal runs a deferred reply's follow-up and edits the original
// response with it through REST (HTTP mode).
func (b *Bot) editOriginal(ctx context.Context, i *discordgo.Interaction, later func(context.Context) *discordgo.WebhookEdit) {
	e := b.runLater(ctx, i, later)
	if b.REST == nil {
		b.logger().ErrorContext(ctx, "interaction follow-up: no REST session", "interaction", interactionLabel(i))
		return
	}
	// The inline response may not have reached Discord yet when the edit
	// goes out, so an unknown-message answer is retried like a 5xx.
	again := func(err error) bool { return serverError(err) || notFound(err) }
	if err := editResponse(ctx, b.REST, i, e, again); err != nil {
		b.logger().ErrorContext(ctx, "interaction follow-up", "interaction", interactionLabel(i), "err", err)
	}
}

// signatureWindow is how far a signature's timestamp may be from our clock.
// A captured request replayed later is refused even though its signature is
// valid. (It is the wall clock on purpose: Discord signs with real time.)
const signatureWindow = 5 * time.Minute

// freshTimestamp reports whether a signature timestamp (Unix seconds) is
// within signatureWindow of now.
func freshTimestamp(ts string, now time.Time) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d < signatureWindow && d > -signatureWindow
}

// verifySignature checks Discord's ed25519 signature over timestamp+body.
func verifySignature(key ed25519.PublicKey, sigHex, timestamp string, body []byte) bool {
	if len(key) != ed25519.PublicKeySize || sigHex == "" || timestamp == "" || len(timestamp) > 32 {
		return false
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	return ed25519.Verify(key, msg, sig)
}

// writeResponse writes an interaction response as the HTTP reply: JSON, or
// multipart/form-data with payload_json when it carries files.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	contentType := "application/json"
	var body []byte
	var err error
	if len(files) == 0 {
		body, err = json.Marshal(resp)
	} else {
		contentType, body, err = discordgo.MultipartBodyWithJSON(resp, files)
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return fmt.Errorf("encode response (%d files): %w", len(files), err)
	}
	w.Header().Set("Content-Type", contentType)
	_, err = w.Write(body)
	return err
}

// notFound reports whether err is Discord answering 404.
func notFound(err error) bool {
	var rerr *discordgo.RESTError
	return errors.As(err, &rerr) && rerr.Response != nil && rerr.Response.StatusCode == http.StatusNotFound
}

// retry calls call until it succeeds, fails in a way again does not accept,
// or the attempts run out.
func retry(ctx context.Context, again func(error) bool, call func() error) error {
	delays := []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond}
	var err error
	for attempt := 0; ; attempt++ {
		err = call()
		if err == nil || attempt == len(delays) || !again(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delays[attempt]):
		}
	}
}
