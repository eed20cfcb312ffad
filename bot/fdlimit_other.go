//go:build !unix

package bot

// openFileLimit is unknown off Unix; MaxConnections keeps its default.
func openFileLimit() (uint64, bool) { return 0, false }
