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
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// maxInteractionBody bounds an interaction request's body. Measured through
// the fake Discord with every field at its limit in emoji, 4 bytes a
// character (TestInteractionSizes): /checkin 1.9 KB, /faq add 7.9 KB, the
// check-in modal 2.3 KB, a click on a message as large as Discord allows
// 26 KB.
const maxInteractionBody = 64 << 10

// maxBodyBytesInFlight bounds the body bytes all requests have reserved at
// once: each reserves its Content-Length (or the whole limit) before
// reading, so stalled bodies cannot grow memory past this. 512 full-size
// bodies; real ones are a few KB, so thousands fit.
const maxBodyBytesInFlight = 32 << 20

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
// /interactions): it refuses requests whose signature headers are missing,
// malformed or stale (401) before reading their body, reads a bounded body,
// verifies the ed25519 signature over timestamp+body (401 otherwise),
// answers PING, and answers everything else inline with the handler's
// response; deferred work then edits the original through b.REST. Serve it
// with NewInteractionsServer, which adds the timeouts and limits.
func (b *Bot) HTTPHandler(publicKey ed25519.PublicKey) http.Handler {
	return &interactionsHTTP{b: b, key: publicKey, bodies: newByteBudget(maxBodyBytesInFlight)}
}

type interactionsHTTP struct {
	b      *Bot
	key    ed25519.PublicKey
	bodies *byteBudget
}

func (h *interactionsHTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	sig, ok := parseSignature(r.Header.Get("X-Signature-Ed25519"))
	if !ok || !freshTimestamp(ts, time.Now()) {
		refuse(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if r.ContentLength > maxInteractionBody {
		refuse(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	reserve := int64(maxInteractionBody)
	if r.ContentLength >= 0 {
		reserve = r.ContentLength
	}
	if !h.bodies.take(reserve) {
		refuse(w, "busy", http.StatusServiceUnavailable)
		return
	}
	body, err := readBody(w, r)
	h.bodies.give(reserve)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		refuse(w, "bad request", http.StatusBadRequest)
		return
	}
	markWorking(r.Context()) // a whole request: not a slow client to drop
	if !verifySignature(h.key, sig, ts, body) {
		refuse(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	decoded, err := discordx.DecodeInteraction(body)
	if err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	i := *decoded
	done := h.b.track()
	ctx := withAttachmentLimit(r.Context(), body)
	reply := h.b.handleBounded(ctx, &i)
	if err := h.b.writeResponse(ctx, w, &i, reply.Response); err != nil {
		done()
		h.b.logger().ErrorContext(ctx, "write interaction response", "interaction", interactionLabel(&i), "err", err)
		return
	}
	if reply.Later == nil && reply.Followup == nil {
		done()
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	// Discord holds the "thinking…" message; the follow-up runs on after this
	// request ends and edits it.
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer done()
		if reply.Later != nil {
			h.b.editOriginal(ctx, &i, reply.Later)
		}
		if reply.Followup != nil {
			h.b.followup(ctx, &i, reply.Followup)
		}
	}()
}

// refuse answers a request the handler will not read on, and closes the
// connection so the rest of its body is never read either.
func refuse(w http.ResponseWriter, msg string, status int) {
	w.Header().Set("Connection", "close")
	http.Error(w, msg, status)
}

// readBody reads an interaction's body, at most maxInteractionBody bytes:
// into one buffer of its declared length when it has one, so a body that
// stalls part-way holds no more than it said it would.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, maxInteractionBody)
	if r.ContentLength < 0 {
		return io.ReadAll(rd)
	}
	body := make([]byte, r.ContentLength)
	if _, err := io.ReadFull(rd, body); err != nil {
		return nil, fmt.Errorf("read interaction body: %w", err)
	}
	return body, nil
}

// byteBudget is a count of bytes that requests take before reading their
// bodies and give back after; take fails instead of waiting when the budget
// is spent, so a flood of slow bodies gets 503s rather than memory.
type byteBudget struct {
	mu   sync.Mutex
	left int64
}

func newByteBudget(n int64) *byteBudget { return &byteBudget{left: n} }

func (b *byteBudget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

func (b *byteBudget) give(n int64) {
	b.mu.Lock()
	b.left += n
	b.mu.Unlock()
}

// followup sends a reply's follow-up message through REST (HTTP mode).
func (b *Bot) followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) {
	if b.REST == nil {
		b.logger().ErrorContext(ctx, "interaction follow-up message: no REST session", "interaction", interactionLabel(i))
		return
	}
	if err := sendFollowup(ctx, b.REST, i, p, serverErrorOrNotYet); err != nil {
		b.logger().ErrorContext(ctx, "interaction follow-up message", append([]any{"interaction", interactionLabel(i)}, restAttrs(err)...)...)
	}
}

// editOriginal runs a deferred reply's follow-up and edits the original
// response with it through REST (HTTP mode).
func (b *Bot) editOriginal(ctx context.Context, i *discordgo.Interaction, later func(context.Context) *discordgo.WebhookEdit) {
	e := b.runLater(ctx, i, later)
	if b.REST == nil {
		b.logger().ErrorContext(ctx, "interaction follow-up: no REST session", "interaction", interactionLabel(i))
		return
	}
	if err := editResponse(ctx, b.REST, i, e, serverErrorOrNotYet); err != nil {
		b.logger().ErrorContext(ctx, "interaction follow-up", append([]any{"interaction", interactionLabel(i)}, restAttrs(err)...)...)
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

// parseSignature decodes an X-Signature-Ed25519 header: hex, exactly one
// ed25519 signature long.
func parseSignature(sigHex string) ([]byte, bool) {
	if len(sigHex) != 2*ed25519.SignatureSize {
		return nil, false
	}
	sig, err := hex.DecodeString(sigHex)
	return sig, err == nil
}

// verifySignature checks Discord's ed25519 signature over timestamp+body.
func verifySignature(key ed25519.PublicKey, sig []byte, timestamp string, body []byte) bool {
	if len(key) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize || timestamp == "" || len(timestamp) > 32 {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	return ed25519.Verify(key, msg, sig)
}

// writeResponse answers the webhook request with an interaction response.
// A response without files goes back inline as JSON. Discord documents
// files only on the callback endpoint (or a later edit), so a response with
// files is POSTed to POST /interactions/{id}/{token}/callback through
// b.REST and the webhook request is answered 202 with no body, as Discord's
// "Interaction Callback" section asks.
func (b *Bot) writeResponse(ctx context.Context, w http.ResponseWriter, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		if b.REST == nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return errors.New("respond with files: no REST session")
		}
		if err := respondREST(ctx, b.REST, i, resp); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return fmt.Errorf("respond with %d files through the callback endpoint: %s", len(resp.Data.Files), restCause(err))
		}
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
	body, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(body)
	return err
}

// serverErrorOrNotYet is what HTTP mode retries after its inline response:
// the response may not have reached Discord yet when the edit or follow-up
// goes out, so an unknown-message answer is retried like a 5xx.
func serverErrorOrNotYet(err error) bool { return serverError(err) || notFound(err) }

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
