package fakediscord

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits, as documented.
const (
	maxContent         = 2000
	maxEmbeds          = 10
	maxEmbedTitle      = 256
	maxEmbedDesc       = 4096
	maxEmbedFields     = 25
	maxFieldName       = 256
	maxFieldValue      = 1024
	maxFooter          = 2048
	maxAuthor          = 256
	maxEmbedTotal      = 6000
	maxRows            = 5
	maxRowItems        = 5
	maxCustomID        = 100
	maxButtonLabel     = 80
	maxModalTitle      = 45
	maxInputLabel      = 45
	maxInputValue      = 4000
	maxChoices         = 25
	maxUpload          = 10 << 20 // bytes per request, the free-tier limit
	maxSelectOptions   = 25
	maxPlaceholder     = 150
	maxJSONBody        = 1 << 20
	maxCommandTotalLen = 4000
)

// apiError is an error response in Discord's shape.
type apiError struct {
	status  int
	code    int
	message string
	errors  map[string]string // field path -> problem, for 50035
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %d %s %v", e.status, e.code, e.message, e.errors)
}

func invalidForm(field, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body",
		errors: map[string]string{field: fmt.Sprintf(format, args...)}}
}

// body is a decoded request body: JSON fields by name, and uploaded files.
type body struct {
	fields map[string]json.RawMessage
	files  []File
}

func (b body) has(name string) bool { _, ok := b.fields[name]; return ok }

func (b body) get(name string, v any) *apiError {
	raw, ok := b.fields[name]
	if !ok || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return invalidForm(name, "%v", err)
	}
	return nil
}

// readBody decodes a JSON body or a multipart/form-data one with
// payload_json and files[n] parts, as discordgo sends them.
func readBody(r *http.Request) (body, *apiError) {
	b := body{fields: map[string]json.RawMessage{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var payload []byte
	if ct == "multipart/form-data" {
		r.Body = http.MaxBytesReader(nil, r.Body, maxUpload+maxJSONBody)
		if err := r.ParseMultipartForm(maxUpload + maxJSONBody); err != nil {
			if strings.Contains(err.Error(), "too large") {
				return b, &apiError{status: http.StatusRequestEntityTooLarge, code: 40005, message: "Request entity too large"}
			}
			return b, &apiError{status: http.StatusBadRequest, code: 50035, message: "bad multipart body: " + err.Error()}
		}
		payload = []byte(r.FormValue("payload_json"))
		type indexed struct {
			n int
			f File
		}
		var files []indexed
		total := 0
		for key, hs := range r.MultipartForm.File {
			idx, ok := strings.CutPrefix(key, "files[")
			n, err := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			if !ok || err != nil {
				return b, invalidForm(key, "unknown form field")
			}
			for _, h := range hs {
				f, err := h.Open()
				if err != nil {
					return b, invalidForm(key, "%v", err)
				}
				data, err := io.ReadAll(f)
				f.Close()
				if err != nil {
					return b, invalidForm(key, "%v", err)
				}
				total += len(data)
				files = append(files, indexed{n, File{Name: h.Filename, ContentType: h.Header.Get("Content-Type"), Data: data}})
			}
		}
		if total > maxUpload {
			return b, &apiError{status: http.StatusRequestEntityTooLarge, code: 40005, message: "Request entity too large"}
		}
		sort.Slice(files, func(i, j int) bool { return files[i].n < files[j].n })
		for _, f := range files {
			b.files = append(b.files, f.f)
		}
	} else {
		var err error
		payload, err = io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
		if err != nil {
			return b, &apiError{status: http.StatusBadRequest, code: 50109, message: "The request body contains invalid JSON."}
		}
		if len(payload) > maxJSONBody {
			return b, &apiError{status: http.StatusRequestEntityTooLarge, code: 40005, message: "Request entity too large"}
		}
	}
	if len(strings.TrimSpace(string(payload))) == 0 {
		return b, nil
	}
	if err := json.Unmarshal(payload, &b.fields); err != nil {
		return b, &apiError{status: http.StatusBadRequest, code: 50109, message: "The request body contains invalid JSON."}
	}
	return b, nil
}

// readMessage reads a request that creates a message (a channel message or a
// follow-up): its body, then the message fields in it.
func readMessage(r *http.Request) (MessageData, *apiError) {
	b, err := readBody(r)
	if err != nil {
		return MessageData{}, err
	}
	d, _, err := messageData(b)
	return d, err
}

// messageData reads the message fields of a body. keptAttachments is the
// attachments list when the body had one (edits keep only those).
func messageData(b body) (d MessageData, kept []string, err *apiError) {
	d.Files = b.files
	if err = b.get("content", &d.Content); err != nil {
		return
	}
	if err = b.get("embeds", &d.Embeds); err != nil {
		return
	}
	var rawComps []json.RawMessage
	if err = b.get("components", &rawComps); err != nil {
		return
	}
	if rawComps != nil {
		// An empty list given is "remove the buttons"; null or absent leaves them.
		d.Components = []discordgo.MessageComponent{}
	}
	for i, rc := range rawComps {
		c, e := discordgo.MessageComponentFromJSON(rc)
		if e != nil {
			err = invalidForm(fmt.Sprintf("components[%d]", i), "%v", e)
			return
		}
		d.Components = append(d.Components, c)
	}
	if err = b.get("flags", &d.Flags); err != nil {
		return
	}
	if b.has("allowed_mentions") {
		d.AllowedMentions = &discordgo.MessageAllowedMentions{}
		if err = b.get("allowed_mentions", d.AllowedMentions); err != nil {
			return
		}
	}
	if err = readNonce(b, &d); err != nil {
		return
	}
	if err = b.get("custom_id", &d.CustomID); err != nil {
		return
	}
	if err = b.get("title", &d.Title); err != nil {
		return
	}
	if err = b.get("choices", &d.Choices); err != nil {
		return
	}
	if b.has("attachments") {
		var atts []struct {
			ID json.RawMessage `json:"id"`
		}
		if err = b.get("attachments", &atts); err != nil {
			return
		}
		kept = []string{}
		for _, a := range atts {
			kept = append(kept, strings.Trim(string(a.ID), `"`))
		}
	}
	return
}

// validateMessage applies Discord's message limits. requireBody rejects a
// message with nothing in it.
func validateMessage(d *MessageData, requireBody bool) *apiError {
	if n := utf8.RuneCountInString(d.Content); n > maxContent {
		return invalidForm("content", "Must be %d or fewer in length (got %d).", maxContent, n)
	}
	if requireBody && strings.TrimSpace(d.Content) == "" && len(d.Embeds) == 0 && len(d.Files) == 0 && len(d.Components) == 0 {
		return &apiError{status: http.StatusBadRequest, code: 50006, message: "Cannot send an empty message"}
	}
	if err := validateEmbeds(d.Embeds); err != nil {
		return err
	}
	if err := validateComponents(d.Components); err != nil {
		return err
	}
	if am := d.AllowedMentions; am != nil {
		for _, p := range am.Parse {
			switch p {
			case discordgo.AllowedMentionTypeUsers:
				if len(am.Users) > 0 {
					return invalidForm("allowed_mentions", "parse:[\"users\"] and users: [ids...] are mutually exclusive.")
				}
			case discordgo.AllowedMentionTypeRoles:
				if len(am.Roles) > 0 {
					return invalidForm("allowed_mentions", "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.")
				}
			case discordgo.AllowedMentionTypeEveryone:
			default:
				return invalidForm("allowed_mentions.parse", "Value must be one of {'users', 'roles', 'everyone'}.")
			}
		}
	}
	return nil
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func validateEmbeds(embeds []*discordgo.MessageEmbed) *apiError {
	if len(embeds) > maxEmbeds {
		return invalidForm("embeds", "Must be %d or fewer in length.", maxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		if e == nil {
			return invalidForm(fmt.Sprintf("embeds[%d]", i), "null embed")
		}
		field := func(name string) string { return fmt.Sprintf("embeds[%d].%s", i, name) }
		if n := runes(e.Title); n > maxEmbedTitle {
			return invalidForm(field("title"), "Must be %d or fewer in length.", maxEmbedTitle)
		}
		if n := runes(e.Description); n > maxEmbedDesc {
			return invalidForm(field("description"), "Must be %d or fewer in length.", maxEmbedDesc)
		}
		if len(e.Fields) > maxEmbedFields {
			return invalidForm(field("fields"), "Must be %d or fewer in length.", maxEmbedFields)
		}
		total += runes(e.Title) + runes(e.Description)
		for j, f := range e.Fields {
			if f == nil || strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Value) == "" {
				return invalidForm(field(fmt.Sprintf("fields[%d]", j)), "name and value are required.")
			}
			if runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
				return invalidForm(field(fmt.Sprintf("fields[%d]", j)), "name <= %d, value <= %d.", maxFieldName, maxFieldValue)
			}
			total += runes(f.Name) + runes(f.Value)
		}
		if e.Footer != nil {
			if runes(e.Footer.Text) > maxFooter {
				return invalidForm(field("footer.text"), "Must be %d or fewer in length.", maxFooter)
			}
			total += runes(e.Footer.Text)
		}
		if e.Author != nil {
			if runes(e.Author.Name) > maxAuthor {
				return invalidForm(field("author.name"), "Must be %d or fewer in length.", maxAuthor)
			}
			total += runes(e.Author.Name)
		}
	}
	if total > maxEmbedTotal {
		return invalidForm("embeds", "Embed size exceeds maximum size of %d", maxEmbedTotal)
	}
	return nil
}

// validateComponents checks message components: up to 5 action rows of up
// to 5 buttons or one select menu, custom ids present, short and unique.
func validateComponents(comps []discordgo.MessageComponent) *apiError {
	if len(comps) > maxRows {
		return invalidForm("components", "Must be %d or fewer in length.", maxRows)
	}
	seen := map[string]bool{}
	checkID := func(field, id string) *apiError {
		if id == "" || runes(id) > maxCustomID {
			return invalidForm(field+".custom_id", "Must be between 1 and %d in length.", maxCustomID)
		}
		if seen[id] {
			return invalidForm(field+".custom_id", "Component custom id cannot be duplicated")
		}
		seen[id] = true
		return nil
	}
	for i, c := range comps {
		row, ok := c.(*discordgo.ActionsRow)
		field := fmt.Sprintf("components[%d]", i)
		if !ok {
			return invalidForm(field, "top-level components must be action rows (type 1), got type %d", c.Type())
		}
		if len(row.Components) == 0 || len(row.Components) > maxRowItems {
			return invalidForm(field+".components", "Must be between 1 and %d in length.", maxRowItems)
		}
		for j, inner := range row.Components {
			f := fmt.Sprintf("%s.components[%d]", field, j)
			switch x := inner.(type) {
			case *discordgo.Button:
				if x.Style == discordgo.LinkButton {
					if x.URL == "" || x.CustomID != "" {
						return invalidForm(f, "link buttons need a url and no custom_id")
					}
				} else if err := checkID(f, x.CustomID); err != nil {
					return err
				}
				if x.Label == "" && x.Emoji == nil {
					return invalidForm(f, "a button needs a label or an emoji")
				}
				if runes(x.Label) > maxButtonLabel {
					return invalidForm(f+".label", "Must be %d or fewer in length.", maxButtonLabel)
				}
			case *discordgo.SelectMenu:
				if len(row.Components) != 1 {
					return invalidForm(field, "a select menu must be alone in its row")
				}
				if err := checkID(f, x.CustomID); err != nil {
					return err
				}
				if x.MenuType == discordgo.StringSelectMenu && (len(x.Options) == 0 || len(x.Options) > maxSelectOptions) {
					return invalidForm(f+".options", "Must be between 1 and %d in length.", maxSelectOptions)
				}
				if runes(x.Placeholder) > maxPlaceholder {
					return invalidForm(f+".placeholder", "Must be %d or fewer in length.", maxPlaceholder)
				}
			default:
				return invalidForm(f, "component type %d is not allowed in a message action row", inner.Type())
			}
		}
	}
	return nil
}

// validateModal checks a modal (callback type 9): custom id, a title of at
// most 45 characters, and its components (read by readModal).
func validateModal(d *MessageData) *apiError {
	if d.CustomID == "" || runes(d.CustomID) > maxCustomID {
		return invalidForm("data.custom_id", "Must be between 1 and %d in length.", maxCustomID)
	}
	if d.Title == "" || runes(d.Title) > maxModalTitle {
		return invalidForm("data.title", "Must be between 1 and %d in length.", maxModalTitle)
	}
	if d.modalErr != nil {
		return d.modalErr
	}
	if len(d.Components) == 0 {
		return invalidForm("data.components", "Must be between 1 and %d in length.", maxRows)
	}
	return nil
}

func validateChoices(choices []*discordgo.ApplicationCommandOptionChoice) *apiError {
	if len(choices) > maxChoices {
		return invalidForm("data.choices", "Must be %d or fewer in length.", maxChoices)
	}
	for i, c := range choices {
		if c == nil || c.Name == "" || runes(c.Name) > 100 || c.Value == nil {
			return invalidForm(fmt.Sprintf("data.choices[%d]", i), "name 1-100 characters and a value are required")
		}
		if v, ok := c.Value.(string); ok && runes(v) > 100 {
			return invalidForm(fmt.Sprintf("data.choices[%d].value", i), "Must be 100 or fewer in length.")
		}
	}
	return nil
}
