package main

import (
	"context"

	"clubbot/bot"
	"clubbot/store/postgres"
	"clubbot/store/sqlite"
)

// database is an open store: what the bot needs, plus Ping for /healthz
// and Close.
type database interface {
	bot.Store
	Ping(ctx context.Context) error
	Close() error
}

// openStore opens the store CLUBBOT_DB names: a PostgreSQL database for a
// postgres:// URL (replicas and shards share it), else the SQLite file,
// the default.
func openStore(ctx context.Context, c config) (database, error) {
	if c.DBEngine() == "postgres" {
		return postgres.Open(ctx, c.DB)
	}
	return sqlite.Open(ctx, c.DB)
}
