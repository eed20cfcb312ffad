package postgres

import (
	"context"
	"fmt"
	"strings"

	"clubbot"
	"clubbot/store"
)

// AddFAQ stores an entry.
func (db *DB) AddFAQ(ctx context.Context, e store.FAQEntry) (store.FAQEntry, error) {
	e, err := store.PrepareFAQ(e, db.now())
	if err != nil {
		return store.FAQEntry{}, fmt.Errorf("add faq: %w", err)
	}
	err = db.pool.QueryRow(ctx, `INSERT INTO faq_entries (guild_id, question, answer, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, e.GuildID, e.Question, e.Answer, e.CreatedBy, e.CreatedAt.UnixNano()).
		Scan(&e.ID)
	if err != nil {
		return store.FAQEntry{}, fmt.Errorf("add faq: %w", err)
	}
	return e, nil
}

// RemoveFAQ deletes an entry of the server; ErrNotFound otherwise.
func (db *DB) RemoveFAQ(ctx context.Context, guildID string, id int64) error {
	if err := execFound(ctx, db.pool, `DELETE FROM faq_entries WHERE guild_id = $1 AND id = $2`, guildID, id); err != nil {
		return fmt.Errorf("remove faq %d: %w", id, err)
	}
	return nil
}

// FAQEntries lists a server's entries, oldest first.
func (db *DB) FAQEntries(ctx context.Context, guildID string) ([]store.FAQEntry, error) {
	var out []store.FAQEntry
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ScanFAQEntry),
		`SELECT `+store.FAQColumns+` FROM faq_entries
		WHERE guild_id = $1 ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("faq entries: %w", err)
	}
	return out, nil
}

// FAQGuilds lists the servers that have /faq entries.
func (db *DB) FAQGuilds(ctx context.Context) ([]string, error) {
	var out []string
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ScanValue[string]),
		`SELECT DISTINCT guild_id FROM faq_entries ORDER BY guild_id`)
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
	err := db.pool.QueryRow(ctx, `INSERT INTO questions (guild_id, user_id, question, normalized, answered, asked_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		guildID, userID, strings.TrimSpace(question), store.NormalizeQuestion(question), answered, db.now().UnixNano()).
		Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("log question: %w", err)
	}
	return id, nil
}

// Feedback records a member's verdict on an answer given in guildID (one
// per member and answer; the last wins). ErrNotFound when the question is
// unknown or was asked in another server.
func (db *DB) Feedback(ctx context.Context, guildID string, questionID int64, userID string, helpful bool) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("feedback: no server or member: %w", clubbot.ErrInvalid)
	}
	err := execFound(ctx, db.pool, `INSERT INTO feedback (question_id, user_id, helpful, at)
		SELECT id, $1, $2, $3 FROM questions WHERE id = $4 AND guild_id = $5
		ON CONFLICT (question_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
		userID, helpful, db.now().UnixNano(), questionID, guildID)
	if err != nil {
		return fmt.Errorf("feedback on question %d: %w", questionID, err)
	}
	return nil
}

// FeedbackCounts returns how many members found an answer helpful and not.
func (db *DB) FeedbackCounts(ctx context.Context, questionID int64) (helpful, notHelpful int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
		FROM feedback WHERE question_id = $1`, questionID).Scan(&helpful, &notHelpful)
	if err != nil {
		return 0, 0, fmt.Errorf("feedback counts of %d: %w", questionID, err)
	}
	return helpful, notHelpful, nil
}

// Gaps returns the most-asked unanswered questions of the server, grouping
// rephrasings (store.NormalizeQuestion); Question is the latest wording.
func (db *DB) Gaps(ctx context.Context, guildID string, limit int) ([]store.Gap, error) {
	var out []store.Gap
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ScanGap),
		`SELECT (array_agg(question ORDER BY asked_at DESC, id DESC))[1], count(*) AS n, max(asked_at) AS last
		FROM questions WHERE guild_id = $1 AND NOT answered GROUP BY normalized
		ORDER BY n DESC, last DESC LIMIT $2`, guildID, store.GapLimit(limit))
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
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ScanRatedGap),
		`SELECT (array_agg(q.question ORDER BY f.at DESC))[1], count(*) FILTER (WHERE NOT f.helpful) AS n,
			count(*) FILTER (WHERE f.helpful), max(f.at) AS last
		FROM questions q JOIN feedback f ON f.question_id = q.id
		WHERE q.guild_id = $1 AND q.answered GROUP BY q.normalized
		HAVING count(*) FILTER (WHERE NOT f.helpful) > 0 ORDER BY n DESC, last DESC LIMIT $2`, guildID, store.GapLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("faq unhelpful answers: %w", err)
	}
	return out, nil
}
