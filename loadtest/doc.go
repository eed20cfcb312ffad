// Package loadtest holds clubbot's whole-binary proofs (issue 6): tests that
// build the real `clubbot` binary, run `clubbot run` as a child process
// against an in-process fake Discord (bot/fakediscord), and check what a
// club would notice: acknowledgement times under load, memory, every
// acknowledged check-in surviving `kill -9`, recovery from Discord and LLM
// faults, graceful shutdown, online backup, secrets kept out of logs, slow
// HTTP clients against `clubbot serve`, and commands registered only when
// they changed.
//
// The package has no code of its own; everything is in its tests:
//
//	go test -tags sqlite_fts5 ./loadtest                 # the proofs, about a minute
//	CLUBBOT_LOAD_SECONDS=60 go test -tags sqlite_fts5 -run TestLoad -v ./loadtest
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchtime 1x ./loadtest
//
// The benchmarks report acknowledgement percentiles and resident memory,
// including the 10,000-member x 365-day database of SPEC 8.
package loadtest
