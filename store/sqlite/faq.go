package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"clubbot"
)

// AddFAQ stores an entry.
func (db *DB) AddFAQ(ctx context.Context, e store.FAQEntry) (store.FAQEntry, error) {
	e, err := store.PrepareFAQ(e, db.now())
	if err != nil {
		return store.FAQEntry{}, fmt.Errorf("add faq: %w", err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO faq_entries (guild_id, question, answer, created_by, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, e.GuildID, e.Question, e.Answer, e.CreatedBy, e.CreatedAt.UnixNano()).
			Scan(&e.ID)
	})
	if err != nil {
		return store.FAQEntry{}, fmt.Errorf("add faq: %w", err)
	}
	return e, nil
}

// RemoveFAQ deletes an entry of the server; ErrNotFound otherwise.
func (db *DB) RemoveFAQ(ctx context.Context, guildID string, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `DELETE FROM faq_entries WHERE guild_id = ? AND id = ?`, guildID, id)
	})
	if err != nil {
		return fmt.Errorf("remove faq %d: %w", id, err)
	}
	return nil
}

// FAQEntries lists a server's entries, oldest first.
func (db *DB) FAQEntries(ctx context.Context, guildID string) ([]store.FAQEntry, error) {
	var out []store.FAQEntry
	err := eachRow(ctx, db.reader, store.AppendTo(&out, store.ScanFAQEntry),
		`SELECT `+store.FAQColumns+` FROM faq_entries
		WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("faq entries: %w", err)
	}
	return out, nil
}

// FAQGuilds lists the servers that have /faq entries, for loading them all
// into the FAQ engine at start-up (a server can have entries without ever
// setting a channel, so AllSettings does not cover it).
func (db *DB) FAQGuilds(ctx context.Context) ([]string, error) {
	out, err := column[string](ctx, db.reader, `SELECT DISTINCT guild_id FROM faq_entries ORDER BY guild_id`)
	if err != nil {
		return nil, fmt.Errorf("faq servers: %w", err)
	}
	return out, nil
}

// LogQuestion records an asked question and whether it was answered; the id
// is what the Helpful / Not helpful buttons carry.
func (db *DB) LogQuestion(ctx context.Context, guildID, userID, question string, answered bool) (int64, error) {
	if !store.ValidText(question, store.MaxAskedRunes) {
		return 0, fmt.Errorf("log question: must be 1-%d characters: %w", store.MaxAskedRunes, clubbot.ErrInvalid)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO questions (guild_id, user_id, question, normalized, answered, asked_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			guildID, userID, strings.TrimSpace(question), store.NormalizeQuestion(question), boolInt(answered), db.now().UnixNano()).
			Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	return id, nil
}

// Feedback records a member's verdict on an answer given in guildID (one
// per member and answer; the last wins). ErrNotFound when the question is
// unknown or was asked in another server: the button's custom_id names the
// question, and a custom_id can be crafted.
func (db *DB) Feedback(ctx context.Context, guildID string, questionID int64, userID string, helpful bool) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("feedback: no server or member: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `INSERT INTO feedback (question_id, user_id, helpful, at)
			SELECT id, ?, ?, ? FROM questions WHERE id = ? AND guild_id = ?
			ON CONFLICT (question_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
			userID, boolInt(helpful), db.now().UnixNano(), questionID, guildID)
	})
	if err != nil {
		return fmt.Errorf("feedback on question %d: %w", questionID, err)
	}
	return nil
}

// FeedbackCounts returns how many members found an answer helpful and not.
func (db *DB) FeedbackCounts(ctx context.Context, questionID int64) (helpful, notHelpful int, err error) {
	err = db.reader.QueryRowContext(ctx, `SELECT coalesce(sum(helpful = 1), 0), coalesce(sum(helpful = 0), 0)
		FROM feedback WHERE question_id = ?`, questionID).Scan(&helpful, &notHelpful)
	if err != nil {
		return 0, 0, fmt.Errorf("feedback counts of %d: %w", questionID, err)
	}
	return helpful, notHelpful, nil
}

// Gaps returns the most-asked unanswered questions of the server, grouping
// rephrasings that differ only in case, spacing and punctuation; Question is
// the latest wording. Most asked first, then most recent.
func (db *DB) Gaps(ctx context.Context, guildID string, limit int) ([]store.Gap, error) {
	var out []store.Gap
	err := eachRow(ctx, db.reader, store.AppendTo(&out, store.ScanGap),
		`SELECT question, count(*) AS n, max(asked_at) AS last FROM questions
		WHERE guild_id = ? AND answered = 0 GROUP BY normalized
		ORDER BY n DESC, last DESC LIMIT ?`, guildID, store.GapLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("faq gaps: %w", err)
	}
	return out, nil
}

// Unhelpful returns the answered questions of the server that members rated
// not helpful, grouped like Gaps (Question is the wording last rated), with
// their not-helpful and helpful counts. Most not-helpful first.
func (db *DB) Unhelpful(ctx context.Context, guildID string, limit int) ([]store.Gap, error) {
	var out []store.Gap
	err := eachRow(ctx, db.reader, store.AppendTo(&out, store.ScanRatedGap),
		`SELECT q.question, sum(f.helpful = 0) AS n, sum(f.helpful = 1), max(f.at) AS last
		FROM questions q JOIN feedback f ON f.question_id = q.id
		WHERE q.guild_id = ? AND q.answered = 1 GROUP BY q.normalized
		HAVING n > 0 ORDER BY n DESC, last DESC LIMIT ?`, guildID, store.GapLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("faq unhelpful answers: %w", err)
	}
	return out, nil
}
