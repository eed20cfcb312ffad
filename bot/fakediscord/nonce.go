package fakediscord

import (
	"encoding/json"
	"strings"
	"time"
)

// Message nonces (developers/resources/message.mdx, Create Message): a
// nonce is an integer or a string of up to 25 characters; with
// enforce_nonce true, another message created by the same author with the
// same nonce in the past few minutes is returned and no new one is made.
// The fake scopes a nonce to its channel and keeps it nonceWindow.

const (
	maxNonce    = 25
	nonceWindow = 5 * time.Minute
)

// sentNonce is the message a nonce made, and when.
type sentNonce struct {
	messageID string
	at        time.Time
}

// readNonce reads the nonce and enforce_nonce fields of a message body.
func readNonce(b body, d *MessageData) *apiError {
	raw, ok := b.fields["nonce"]
	if !ok || string(raw) == "null" {
		return nil
	}
	var str string
	var num json.Number
	switch {
	case json.Unmarshal(raw, &str) == nil:
		if runes(str) > maxNonce {
			return invalidForm("nonce", "Must be %d or fewer in length.", maxNonce)
		}
		d.Nonce = str
	case json.Unmarshal(raw, &num) == nil && !strings.ContainsAny(num.String(), ".eE"):
		if _, err := num.Int64(); err != nil {
			return invalidForm("nonce", "Nonce must be a valid integer or string.")
		}
		d.Nonce = num.String()
	default:
		return invalidForm("nonce", "Nonce must be a valid integer or string.")
	}
	return b.get("enforce_nonce", &d.EnforceNonce)
}

// nonceKey scopes a nonce to its channel (the fake's bot is the one author).
func nonceKey(cid, nonce string) string { return cid + "\x00" + nonce }

// nonceMessageLocked returns the message an enforced nonce already made in
// the channel within the window, or nil.
func (s *Server) nonceMessageLocked(cid string, d MessageData, now time.Time) *Message {
	if d.Nonce == "" || !d.EnforceNonce {
		return nil
	}
	sn, ok := s.nonces[nonceKey(cid, d.Nonce)]
	if !ok || now.Sub(sn.at) > nonceWindow {
		return nil
	}
	return s.messages[sn.messageID]
}

// rememberNonceLocked records the message an enforced nonce made, dropping
// nonces past the window now and then so the map stays small.
func (s *Server) rememberNonceLocked(cid string, d MessageData, m *Message, now time.Time) {
	if d.Nonce == "" || !d.EnforceNonce {
		return
	}
	if s.nonces == nil {
		s.nonces = map[string]sentNonce{}
	}
	if len(s.nonces) >= 1024 {
		for k, sn := range s.nonces {
			if now.Sub(sn.at) > nonceWindow {
				delete(s.nonces, k)
			}
		}
	}
	s.nonces[nonceKey(cid, d.Nonce)] = sentNonce{messageID: m.ID, at: now}
}
