package bot

import (
	"context"
	"encoding/json"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Replays: Discord's gateway redelivers an interaction after a resume, and a
// captured signed HTTP request can be sent again within the signature
// window. Handle claims every interaction id in the store before the
// handler runs (store.ClaimInteraction), so a repeat within
// store.ReplayWindow gets the first reply, or a short note, and runs
// nothing: no second FAQ entry, LLM call, export or challenge.

// replayLease is how long a claim holds off a repeat while its handler
// runs. An attempt that crashed mid-way stops blocking a retry after it.
const replayLease = 30 * time.Second

// alreadyHandledText answers a repeat whose first reply was not kept (it
// carried a file, or is still being worked on).
const alreadyHandledText = "This was already handled."

// guarded reports whether i runs a handler that a repeat must not run
// again: commands, clicks and modal submits. PING and autocomplete change
// nothing.
func guarded(i *discordgo.Interaction) bool {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		return i.ID != ""
	}
	return false
}

// claim claims i for this attempt. It returns run when the handler should
// run (claimed: and its claim must be finished), else the reply a repeat
// gets. When the claim cannot be recorded (the database failing) the
// handler runs unguarded: its own writes will fail and say so, and reads
// still answer.
func (b *Bot) claim(ctx context.Context, i *discordgo.Interaction) (prior Reply, run, claimed bool) {
	c, err := b.Store.ClaimInteraction(ctx, i.ID, replayLease)
	if err != nil {
		b.logger().WarnContext(ctx, "claim interaction: handling it unguarded", "interaction", interactionLabel(i), "err", err)
		return Reply{}, true, false
	}
	if c.Won {
		return Reply{}, true, true
	}
	if r, ok := decodeReply(c.Reply); ok {
		return r, false, false
	}
	return ephemeral(alreadyHandledText), false, false
}

// finish records that i was answered with r. A deferred reply's claim is
// held while its follow-up runs, and the follow-up's edit is what is kept.
func (b *Bot) finish(ctx context.Context, i *discordgo.Interaction, r Reply) Reply {
	if r.Later == nil {
		b.finishClaim(ctx, i, keptReply(r.Response))
		return r
	}
	if err := b.Store.HoldInteraction(ctx, i.ID, laterTimeout+replayLease); err != nil {
		b.logger().WarnContext(ctx, "hold interaction", "interaction", interactionLabel(i), "err", err)
	}
	later, deferred := r.Later, r.Response
	r.Later = func(lctx context.Context) (e *discordgo.WebhookEdit) {
		// Deferred: a panic (e nil) still ends the claim, keeping nothing.
		defer func() { b.finishClaim(context.WithoutCancel(lctx), i, keptReply(editedResponse(deferred, e))) }()
		return later(lctx)
	}
	return r
}

func (b *Bot) finishClaim(ctx context.Context, i *discordgo.Interaction, reply []byte) {
	if err := b.Store.FinishInteraction(ctx, i.ID, reply); err != nil {
		b.logger().WarnContext(ctx, "finish interaction", "interaction", interactionLabel(i), "err", err)
	}
}

// editedResponse is the response a deferred one became once its follow-up
// edited it: a message (type 4) for a deferred message, an update (type 7)
// for a deferred update. nil when there is no edit.
func editedResponse(deferred *discordgo.InteractionResponse, e *discordgo.WebhookEdit) *discordgo.InteractionResponse {
	if deferred == nil || e == nil || len(e.Files) > 0 {
		return nil
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: e.AllowedMentions}}
	if deferred.Type == discordgo.InteractionResponseDeferredMessageUpdate {
		resp.Type = discordgo.InteractionResponseUpdateMessage
	}
	if deferred.Data != nil {
		resp.Data.Flags = deferred.Data.Flags
	}
	if e.Content != nil {
		resp.Data.Content = *e.Content
	}
	if e.Embeds != nil {
		resp.Data.Embeds = *e.Embeds
	}
	if e.Components != nil {
		resp.Data.Components = *e.Components
	}
	return resp
}

// keptReply is resp as JSON for a repeat, with allowed mentions as
// safeReply sets them; nil for a response that cannot be kept whole (one
// carrying files, which JSON leaves out).
func keptReply(resp *discordgo.InteractionResponse) []byte {
	if resp == nil || (resp.Data != nil && len(resp.Data.Files) > 0) {
		return nil
	}
	b, err := json.Marshal(safeReply(Reply{Response: resp}).Response)
	if err != nil {
		return nil
	}
	return b
}

// decodeReply reads a kept reply back; its components come back through
// discordgo's component decoder, as InteractionResponseData has none.
func decodeReply(raw []byte) (Reply, bool) {
	if len(raw) == 0 {
		return Reply{}, false
	}
	var w struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *struct {
			discordgo.InteractionResponseData
			Components []json.RawMessage `json:"components"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &w); err != nil || w.Type == 0 {
		return Reply{}, false
	}
	resp := &discordgo.InteractionResponse{Type: w.Type}
	if w.Data != nil {
		resp.Data = &w.Data.InteractionResponseData
		resp.Data.Components = nil
		for _, c := range w.Data.Components {
			mc, err := discordgo.MessageComponentFromJSON(c)
			if err != nil {
				return Reply{}, false
			}
			resp.Data.Components = append(resp.Data.Components, mc)
		}
	}
	return Reply{Response: resp}, true
}
