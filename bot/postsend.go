package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// A scheduled post carries Discord's message nonce with enforce_nonce, so
// sending the same post twice within Discord's few minutes makes one
// message: a send whose answer was lost (a timeout after Discord created
// the message) and is retried, or a replica that takes over a claim whose
// holder sent and died before recording it, gets the first message back.

// postNonceKey is the context key of the post being sent.
type postNonceKey struct{}

// withPost marks ctx as sending ref, for send to derive its nonce. The post
// travels in the context so each post's send function (daily post, news,
// reminders) needs no nonce parameter.
func withPost(ctx context.Context, ref postRef) context.Context {
	return context.WithValue(ctx, postNonceKey{}, ref)
}

// maxNonce is Discord's limit on a nonce's length.
const maxNonce = 25

// postNonce is the nonce of ref's message in a channel: the same on every
// attempt and in every process, different per channel (a reminder sent as
// a DM and then, failing that, in the channel is two messages).
func postNonce(ctx context.Context, channelID string) string {
	ref, ok := ctx.Value(postNonceKey{}).(postRef)
	if !ok {
		return ""
	}
	sum := sha256.Sum256([]byte(ref.guild + "\x00" + ref.kind + "\x00" + ref.key + "\x00" + channelID))
	return "p" + hex.EncodeToString(sum[:])[:maxNonce-1]
}

// messageSend is a MessageSend with the nonce fields discordgo v0.29 lacks.
type messageSend struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// createMessage posts m in a channel with a nonce (none when nonce is ""),
// as discordgo's ChannelMessageSendComplex does, files as multipart.
func createMessage(ctx context.Context, s *discordgo.Session, channelID string, m *discordgo.MessageSend, nonce string) (*discordgo.Message, error) {
	for _, e := range m.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	data := messageSend{MessageSend: m, Nonce: nonce, EnforceNonce: nonce != ""}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	var resp []byte
	var err error
	if len(m.Files) > 0 {
		contentType, body, encErr := discordgo.MultipartBodyWithJSON(data, m.Files)
		if encErr != nil {
			return nil, fmt.Errorf("encode message: %w", encErr)
		}
		resp, err = s.RequestRaw("POST", endpoint, contentType, body, endpoint, 0, discordgo.WithContext(ctx))
	} else {
		resp, err = s.RequestWithBucketID("POST", endpoint, data, endpoint, discordgo.WithContext(ctx))
	}
	if err != nil {
		return nil, err
	}
	var msg discordgo.Message
	if err := json.Unmarshal(resp, &msg); err != nil {
		return nil, fmt.Errorf("decode created message: %w", err)
	}
	return &msg, nil
}
