package migrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadOrdersByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0010_ten.sql": {Data: []byte("ten")},
		"m/0002_two.sql": {Data: []byte("two")},
		"m/0001_one.sql": {Data: []byte("one")},
	}
	files, err := Read(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Name+"="+f.SQL)
	}
	if want := "0001_one.sql=one 0002_two.sql=two 0010_ten.sql=ten"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	if files[2].Version != 10 {
		t.Fatalf("version %d, want 10", files[2].Version)
	}
}

func TestReadRejectsBadNames(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no number":      {"m/init.sql": {}},
		"zero":           {"m/0000_zero.sql": {}},
		"not sql":        {"m/0001_one.txt": {}},
		"shared version": {"m/0001_a.sql": {}, "m/01_b.sql": {}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Read(fsys, "m"); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}
