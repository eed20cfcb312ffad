package bot

import "clubbot/store/sqlite"

// The SQLite engine is a Store: the bot, the sandbox and cmd pass it.
var _ Store = (*sqlite.DB)(nil)
