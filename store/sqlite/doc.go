// Package sqlite keeps clubbot's data in SQLite: server and member settings,
// check-ins, challenges, scheduled-post claims, club FAQ entries and asked
// questions. It opens the database with WAL and a single writer connection so
// concurrent check-ins queue instead of failing with "database is locked".
// It is the embedded engine; package store holds what every engine shares.
//
// The files split it by table group: db.go (open, pragmas, migrations,
// backup), checkins.go (writes), totals.go (the aggregates a write keeps,
// computed with the root package's rules, and the reads of them),
// export.go, members_delete.go, settings.go, leaderboard.go, challenges.go,
// posts.go, faq.go and seed.go (a generated history for benchmarks and load
// tests). The schema is in migrations/, applied at Open.
package sqlite
