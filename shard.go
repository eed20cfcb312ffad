package clubbot

import (
	"fmt"
	"strconv"
	"strings"
)

// maxShards bounds COUNT in CLUBBOT_SHARD: Discord wants about 1,000
// servers per shard, so this covers millions of servers and refuses typos
// such as "0/10000000".
const maxShards = 65536

// Shard is one of Count gateway shards (SPEC 10): the process connected as
// shard ID handles its servers' gateway events and sends their scheduled
// posts. The zero value is the single shard that owns every server.
type Shard struct{ ID, Count int }

// ParseShard reads "ID/COUNT", e.g. "1/4"; "" is the single shard 0/1.
func ParseShard(s string) (Shard, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Shard{ID: 0, Count: 1}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	id, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > maxShards || id < 0 || id >= n {
		return Shard{}, fmt.Errorf("shard %q: want ID/COUNT with 0 <= ID < COUNT <= %d, like 0/2: %w", s, maxShards, ErrInvalid)
	}
	return Shard{ID: id, Count: n}, nil
}

// String is "ID/COUNT".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.ID, max(s.Count, 1)) }

// ShardOf is the shard of count that owns a server, Discord's own rule:
// (guild_id >> 22) % count. A guild id that is not a snowflake belongs to
// shard 0, so no server is left without an owner.
func ShardOf(guildID string, count int) int {
	if count <= 1 {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// Owns reports whether the server guildID belongs to this shard.
func (s Shard) Owns(guildID string) bool { return ShardOf(guildID, s.Count) == s.ID }
