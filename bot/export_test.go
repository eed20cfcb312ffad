package bot

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

func TestExportCSV(t *testing.T) {
	tb := newTestBot(t)
	tb.checkInDaysAgo(t, alice, 0, 12)
	tb.checkInDaysAgo(t, bob, 1, 7)
	wantUserError(t, tb.handle(tb.cmd(alice, "export")), "Manage Server")

	i := tb.cmd(adminID, "export")
	r := tb.handle(i)
	wantSafe(t, r)
	if !isEphemeral(r) {
		t.Error("export is not ephemeral")
	}
	e := later(t, tb, i, r)
	if len(e.Files) != 1 || !strings.HasSuffix(e.Files[0].Name, ".csv") || e.Files[0].ContentType != "text/csv" {
		t.Fatalf("files %+v", e.Files)
	}
	data, _ := io.ReadAll(e.Files[0].Reader)
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, data)
	}
	if len(rows) != 3 {
		t.Errorf("%d rows, want header + 2:\n%s", len(rows), data)
	}
}
