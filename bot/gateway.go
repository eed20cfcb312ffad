package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// RunGateway answers interactions arriving over s's gateway connection until
// ctx ends: it adds the event handler, opens the session, waits, and closes
// it. discordgo runs each event's handler in its own goroutine, so one slow
// follow-up never holds up other members.
func (b *Bot) RunGateway(ctx context.Context, s *discordgo.Session) error {
	remove := s.AddHandler(func(s *discordgo.Session, e *discordgo.Event) {
		ctx, i, err := gatewayInteraction(ctx, e)
		if err != nil {
			b.logger().ErrorContext(ctx, "gateway interaction", "err", err)
			return
		}
		if i != nil {
			b.answerGateway(ctx, s, i)
		}
	})
	defer remove()
	if err := s.Open(); err != nil {
		return fmt.Errorf("open discord gateway: %w", err)
	}
	<-ctx.Done()
	if err := s.Close(); err != nil {
		return fmt.Errorf("close discord gateway: %w", err)
	}
	return nil
}

// gatewayInteraction picks the interactions out of the gateway's events.
// It takes the raw event (discordgo's Event) rather than InteractionCreate:
// the raw JSON carries what discordgo's Interaction has no field for, the
// attachment_size_limit /export needs.
func gatewayInteraction(ctx context.Context, e *discordgo.Event) (context.Context, *discordgo.Interaction, error) {
	if e == nil || e.Type != "INTERACTION_CREATE" {
		return ctx, nil, nil
	}
	// Decoded from the raw event: discordgo's own decoding drops a modal
	// submit made of Label components.
	i, err := discordx.DecodeInteraction(e.RawData)
	if err != nil {
		return ctx, nil, fmt.Errorf("gateway event: %w", err)
	}
	return withAttachmentLimit(ctx, e.RawData), i, nil
}

// answerGateway handles one interaction and sends the reply through REST:
// the response, then for deferred work the edit of the original.
func (b *Bot) answerGateway(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) {
	done := b.track()
	defer done()
	r := b.handleBounded(ctx, i)
	if err := respondREST(ctx, s, i, r.Response); err != nil {
		b.logger().ErrorContext(ctx, "interaction response", append([]any{"interaction", interactionLabel(i)}, restAttrs(err)...)...)
		return
	}
	// The response is acknowledged; the follow-ups may outlive ctx's
	// cancellation briefly so a shutdown does not leave "thinking…" forever.
	lctx := context.WithoutCancel(ctx)
	if r.Later != nil {
		e := b.runLater(lctx, i, r.Later)
		if err := editResponse(lctx, s, i, e, serverError); err != nil {
			b.logger().ErrorContext(ctx, "interaction follow-up", append([]any{"interaction", interactionLabel(i)}, restAttrs(err)...)...)
		}
	}
	if r.Followup != nil {
		if err := sendFollowup(lctx, s, i, r.Followup, serverError); err != nil {
			b.logger().ErrorContext(ctx, "interaction follow-up message", append([]any{"interaction", interactionLabel(i)}, restAttrs(err)...)...)
		}
	}
}

// respondREST sends an interaction response to the callback endpoint,
// retrying 5xx answers with the files re-read on every try.
func respondREST(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	rewind := rewindable(files)
	return respondWithRetry(ctx, func() error {
		rewind()
		return s.InteractionRespond(i, resp, discordgo.WithContext(ctx))
	})
}

// respondWithRetry retries a call that failed with a 5xx from Discord (a
// blip in front of its API), a few times within the 3 s Discord allows for
// the first response. Rate limits (429) are retried by discordgo itself.
func respondWithRetry(ctx context.Context, call func() error) error {
	return retry(ctx, serverError, call)
}

// editResponse edits i's original response to e, retrying while again
// accepts the error, with the files re-read on every try.
func editResponse(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, e *discordgo.WebhookEdit, again func(error) bool) error {
	rewind := rewindable(e.Files)
	return retry(ctx, again, func() error {
		rewind()
		_, err := s.InteractionResponseEdit(i, e, discordgo.WithContext(ctx))
		return err
	})
}

// sendFollowup sends p as a follow-up message of i, retrying while again
// accepts the error, with the files re-read on every try.
func sendFollowup(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, p *discordgo.WebhookParams, again func(error) bool) error {
	rewind := rewindable(p.Files)
	return retry(ctx, again, func() error {
		rewind()
		_, err := s.FollowupMessageCreate(i, true, p, discordgo.WithContext(ctx))
		return err
	})
}

// rewindable reads the files' contents once and returns a func that gives
// each file a fresh reader over them, so a retried request sends the whole
// file again instead of an exhausted reader.
func rewindable(files []*discordgo.File) func() {
	data := make([][]byte, len(files))
	for n, f := range files {
		if f == nil || f.Reader == nil {
			continue
		}
		b, err := io.ReadAll(f.Reader)
		if err != nil {
			b = nil
		}
		data[n] = b
	}
	return func() {
		for n, f := range files {
			if f != nil {
				f.Reader = bytes.NewReader(data[n])
			}
		}
	}
}

// serverError reports whether err is Discord answering 5xx.
func serverError(err error) bool {
	var rerr *discordgo.RESTError
	return errors.As(err, &rerr) && rerr.Response != nil && rerr.Response.StatusCode >= http.StatusInternalServerError
}
