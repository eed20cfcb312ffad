package clubbot

import (
	"errors"
	"testing"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr bool
	}{
		{"", Shard{0, 1}, false},
		{"0/1", Shard{0, 1}, false},
		{" 1/4 ", Shard{1, 4}, false},
		{"3/4", Shard{3, 4}, false},
		{"4/4", Shard{}, true},
		{"-1/4", Shard{}, true},
		{"0/0", Shard{}, true},
		{"1", Shard{}, true},
		{"a/b", Shard{}, true},
		{"0/2/3", Shard{}, true},
		{"0/100000000", Shard{}, true},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseShard(%q) error %v is not ErrInvalid", tt.in, err)
		}
	}
}

func TestShardOf(t *testing.T) {
	// A real-sized snowflake: 197038439483310086 >> 22 = 46977624770.
	const g = "197038439483310086"
	tests := []struct {
		guild string
		count int
		want  int
	}{
		{g, 1, 0},
		{g, 0, 0},
		{g, 2, 46977624770 % 2},
		{g, 16, 46977624770 % 16},
		{g, 1000, 46977624770 % 1000},
		{"4194304", 2, 1}, // 1 << 22
		{"8388608", 2, 0}, // 2 << 22
		{"4194303", 2, 0}, // below 1 << 22: the low bits do not count
		{"not-a-guild", 4, 0},
		{"", 4, 0},
	}
	for _, tt := range tests {
		if got := ShardOf(tt.guild, tt.count); got != tt.want {
			t.Errorf("ShardOf(%s, %d) = %d, want %d", tt.guild, tt.count, got, tt.want)
		}
	}
	// Every server has exactly one owner among the shards.
	for _, guild := range []string{g, "4194304", "123456789012345678", "x"} {
		owners := 0
		for id := range 3 {
			if (Shard{ID: id, Count: 3}).Owns(guild) {
				owners++
			}
		}
		if owners != 1 {
			t.Errorf("guild %s has %d owners of 3 shards", guild, owners)
		}
	}
	if !(Shard{}).Owns(g) {
		t.Error("the zero Shard does not own every server")
	}
}
