package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"clubbot"
)

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func center(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// save writes a picture where CLUBBOT_PICTURE_DIR points, to look at it.
func save(t *testing.T, name string, b []byte) {
	if dir := os.Getenv("CLUBBOT_PICTURE_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestShade(t *testing.T) {
	tests := []struct {
		minutes, target int
		want            Level
	}{
		{0, 10, LevelNone},
		{-5, 10, LevelNone},
		{1, 10, LevelSome},
		{9, 10, LevelSome},
		{10, 10, LevelMet},
		{19, 10, LevelMet},
		{20, 10, LevelOver},
		{240, 10, LevelOver},
		{9, 0, LevelSome}, // no target: DefaultTarget
		{10, 0, LevelMet},
		{1, 1, LevelMet},
		{2, 1, LevelOver},
	}
	for _, tt := range tests {
		if got := Shade(tt.minutes, tt.target); got != tt.want {
			t.Errorf("Shade(%d, %d) = %d, want %d", tt.minutes, tt.target, got, tt.want)
		}
	}
}

func TestCellDayLastColumnHoldsToday(t *testing.T) {
	for _, s := range []string{"2026-03-08", "2026-03-09", "2026-03-11", "2026-12-31", "2024-02-29"} {
		today, _ := clubbot.ParseDay(s)
		wd := weekdayRow(today.Weekday())
		if got := CellDay(today, CalendarWeeks-1, wd); got != today {
			t.Errorf("%s: last column, row %d shows %s", s, wd, got)
		}
		if got := CellDay(today, 0, 0); got.Weekday().String() != "Monday" || int(today-got) != 7*(CalendarWeeks-1)+wd {
			t.Errorf("%s: first cell %s", s, got)
		}
	}
}

func TestCalendar(t *testing.T) {
	today, _ := clubbot.ParseDay("2026-03-11") // a Wednesday
	const target = 10
	threeWeeksAgo := today - 21
	days := []clubbot.DayTotal{
		{Day: today, Minutes: 15, Sessions: 1},                // met
		{Day: today - 1, Minutes: 5, Sessions: 1},             // some
		{Day: today - 2, Minutes: 25, Sessions: 2},            // over
		{Day: threeWeeksAgo, Minutes: 6, Sessions: 1},         // 6 + 6: met once summed
		{Day: threeWeeksAgo, Minutes: 6, Sessions: 1},         //
		{Day: today - 200, Minutes: 30, Sessions: 1},          // before the window: ignored
		{Day: today + 1, Minutes: 30, Sessions: 1},            // the future: ignored
		{Day: CellDay(today, 0, 0), Minutes: 10, Sessions: 1}, // the first cell: met
	}
	b, err := Calendar(days, today, target)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "calendar.png", b)
	img := decode(t, b)
	exactPalette(t, img)
	if got := img.Bounds().Size(); got != image.Pt(CalendarWidth, CalendarHeight) {
		t.Fatalf("size %v, want %dx%d", got, CalendarWidth, CalendarHeight)
	}
	at := func(d clubbot.Day) color.RGBA {
		first := CellDay(today, 0, 0)
		i := int(d - first)
		return rgba(img.At(center(CellRect(i/7, i%7)).X, center(CellRect(i/7, i%7)).Y))
	}
	checks := []struct {
		name string
		day  clubbot.Day
		want color.RGBA
	}{
		{"today, target met", today, colMet},
		{"yesterday, some", today - 1, colSome},
		{"two days ago, well over", today - 2, colOver},
		{"three weeks ago, two sessions summed", threeWeeksAgo, colMet},
		{"an empty past day", today - 3, colNone},
		{"an empty day a month ago", today - 30, colNone},
		{"the first cell", CellDay(today, 0, 0), colMet},
		{"tomorrow stays blank", today + 1, colBackground},
		{"Sunday this week stays blank", today + 4, colBackground},
	}
	for _, c := range checks {
		if got := at(c.day); got != c.want {
			t.Errorf("%s (%s): %v, want %v", c.name, c.day, got, c.want)
		}
	}
	// Today is outlined, in the gap around its cell; yesterday is not.
	r := CellRect(CalendarWeeks-1, weekdayRow(today.Weekday()))
	if got := rgba(img.At(r.Min.X-1, r.Min.Y+5)); got != colToday {
		t.Errorf("today's outline: %v, want %v", got, colToday)
	}
	ry := CellRect(CalendarWeeks-1, weekdayRow((today - 1).Weekday()))
	if got := rgba(img.At(ry.Min.X-1, ry.Min.Y+5)); got != colBackground {
		t.Errorf("yesterday has an outline: %v", got)
	}
	// Every pixel is opaque: Discord shows it the same on either theme.
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				t.Fatalf("pixel (%d,%d) not opaque", x, y)
			}
		}
	}
	// Labels were drawn: the weekday column and the month row have text pixels.
	if !hasInk(img, image.Rect(16, gridTop, gridLeft-4, gridTop+7*cellStep)) {
		t.Error("no weekday labels")
	}
	if !hasInk(img, image.Rect(gridLeft, 0, panelX-20, gridTop-2)) {
		t.Error("no month labels")
	}
	if !hasInk(img, image.Rect(panelX, 0, CalendarWidth, CalendarHeight)) {
		t.Error("no summary or legend")
	}
}

// exactPalette checks a picture came out paletted without losing colours
// (the fast path: fewer than 256 of them).
func exactPalette(t *testing.T, img image.Image) {
	t.Helper()
	if p, ok := img.(*image.Paletted); !ok || len(p.Palette) >= 256 {
		t.Errorf("picture is %T, want a paletted PNG with under 256 colours", img)
	}
}

// hasInk reports whether r holds any pixel other than the background.
func hasInk(img image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if rgba(img.At(x, y)) != colBackground {
				return true
			}
		}
	}
	return false
}

func TestCalendarOnMondayAndSunday(t *testing.T) {
	for _, tt := range []struct {
		today  string
		filled int // cells filled in the last column
	}{
		{"2026-03-09", 1}, // Monday: a new column with one day
		{"2026-03-08", 7}, // Sunday: a full column
	} {
		today, _ := clubbot.ParseDay(tt.today)
		b, err := Calendar(nil, today, 0)
		if err != nil {
			t.Fatal(err)
		}
		save(t, "calendar-"+tt.today+".png", b)
		img := decode(t, b)
		filled := 0
		for wd := range 7 {
			p := center(CellRect(CalendarWeeks-1, wd))
			switch got := rgba(img.At(p.X, p.Y)); got {
			case colNone:
				filled++
			case colBackground:
			default:
				t.Errorf("%s row %d: %v", tt.today, wd, got)
			}
		}
		if filled != tt.filled {
			t.Errorf("%s: %d cells in the last column, want %d", tt.today, filled, tt.filled)
		}
	}
}

func TestBars(t *testing.T) {
	bars := []Bar{
		{Label: "1. Anna", Value: 100},
		{Label: "2. Björn 🦶🦶", Value: 50},
		{Label: "3. A very long display name that cannot possibly fit the label column", Value: 25},
		{Label: "4. Zero", Value: 0},
		{Label: "5. Tiny", Value: 1},
		{Label: "6. Me", Value: 75, Highlight: true},
	}
	b, err := Bars("Leaderboard · this week", bars)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "bars.png", b)
	img := decode(t, b)
	exactPalette(t, img)
	if got := img.Bounds().Size(); got != image.Pt(BarsWidth, BarsHeight(len(bars))) {
		t.Fatalf("size %v, want %dx%d", got, BarsWidth, BarsHeight(len(bars)))
	}
	// measure counts the bar's pixels along row i's middle line.
	measure := func(i int, col color.RGBA) int {
		y := center(barRect(i, 1)).Y
		n := 0
		for x := barLeft; x < BarsWidth && rgba(img.At(x, y)) == col; x++ {
			n++
		}
		return n
	}
	full := measure(0, colBar)
	if full != barMaxLen {
		t.Errorf("largest bar %d px, want the full %d", full, barMaxLen)
	}
	for _, tt := range []struct {
		row  int
		col  color.RGBA
		want int
	}{
		{1, colBar, full / 2},
		{2, colBar, full / 4},
		{3, colBar, 0},
		{4, colBar, 2}, // a sliver, not nothing
		{5, colHighlight, full * 3 / 4},
	} {
		if got := measure(tt.row, tt.col); got < tt.want-1 || got > tt.want+1 {
			t.Errorf("row %d: bar %d px, want %d (±1)", tt.row, got, tt.want)
		}
	}
	// The zero row still shows its track, not a bar.
	if got := rgba(img.At(barLeft+1, center(barRect(3, 1)).Y)); got != colPanel {
		t.Errorf("zero bar start: %v, want the track", got)
	}
	// Labels stay in their column: nothing drawn between it and the bars.
	gap := image.Rect(labelLeft+labelWidth+1, barsTop, barLeft, barsTop+len(bars)*barRowStep)
	if hasInk(img, gap) {
		t.Error("a label spills into the bars")
	}
	// Each value is written just after its bar's end.
	for i, bar := range bars {
		end := barRect(i, barLength(bar.Value, 100)).Max.X
		if !hasInk(img, image.Rect(end+6, barsTop+i*barRowStep, end+40, barsTop+i*barRowStep+barThickness)) {
			t.Errorf("row %d: no value after the bar", i)
		}
	}
}

func TestBarsLimitsAndEmpty(t *testing.T) {
	many := make([]Bar, 20)
	for i := range many {
		many[i] = Bar{Label: "m", Value: 20 - i}
	}
	b, err := Bars("Many", many)
	if err != nil {
		t.Fatal(err)
	}
	if got := decode(t, b).Bounds().Dy(); got != BarsHeight(MaxBars) {
		t.Errorf("20 bars: height %d, want %d (capped at %d rows)", got, BarsHeight(MaxBars), MaxBars)
	}
	b, err = Bars("Nobody yet", nil)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "bars-empty.png", b)
	img := decode(t, b)
	if img.Bounds().Dy() != BarsHeight(0) || !hasInk(img, image.Rect(0, barsTop, BarsWidth, BarsHeight(0))) {
		t.Errorf("empty chart: %v, no message", img.Bounds())
	}
	// All-zero values: no bars, no division by zero.
	if _, err := Bars("Zeros", []Bar{{Label: "a"}, {Label: "b"}}); err != nil {
		t.Error(err)
	}
}

func TestFitAndDrawable(t *testing.T) {
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	f := fs.label
	tests := []struct{ in, want string }{
		{"Anna 🦶", "Anna"},
		{"🦶🦶", ""},
		{"Björn", "Björn"},
		{"a\nb\tc", "a b c"},
		{"  lots   of   space ", "lots of space"},
		{"李小龙", ""},
		{"Bruce 李小龙", "Bruce"},
		{"Zoë李Lee", "Zoë Lee"},
		{"Ann🏃‍♀️Lee", "Ann Lee"}, // an emoji sequence is one run
		{"Анна Σοφία", "Анна Σοφία"},
		{"سارة", ""},
	}
	for _, tt := range tests {
		if got := drawable(f, tt.in); got != tt.want {
			t.Errorf("drawable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	labels := []struct {
		bar  Bar
		want string
	}{
		{Bar{Label: "李小龙", Rank: 3}, "3. —"},
		{Bar{Label: "Ann 🦶", Rank: 1}, "1. Ann"},
		{Bar{Label: "🦶🦶"}, "—"},
		{Bar{Label: "-- !! --", Rank: 12}, "12. —"},
		{Bar{Label: "R2D2", Rank: 2}, "2. R2D2"},
	}
	for _, tt := range labels {
		if got := barLabel(f, tt.bar); got != tt.want {
			t.Errorf("barLabel(%v) = %q, want %q", tt.bar, got, tt.want)
		}
	}
	if _, ok := f.GlyphAdvance('—'); !ok {
		t.Error("the font has no dash for undrawable names")
	}
	long := strings.Repeat("Wide name ", 20)
	got := fit(f, long, 100)
	if width(f, got) > 100 || !strings.HasSuffix(got, "…") || len(got) < 5 {
		t.Errorf("fit = %q (%d px)", got, width(f, got))
	}
	if fit(f, "short", 100) != "short" {
		t.Error("fit changed a short label")
	}
}

// A name in a script the font lacks is drawn as its rank and a dash, the
// same pixels as that label typed out: no "?", no empty boxes.
func TestBarsNameInAnyScript(t *testing.T) {
	got, err := Bars("Qualifying days", []Bar{{Label: "李小龙", Rank: 3, Value: 5}, {Label: "Ann 🏃", Rank: 4, Value: 2}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Bars("Qualifying days", []Bar{{Label: "—", Rank: 3, Value: 5}, {Label: "Ann", Rank: 4, Value: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("a CJK name and an emoji are not drawn as their rank and a dash, and the name without the emoji")
	}
	save(t, "bars-scripts.png", got)
}

func TestConcurrentPictures(t *testing.T) {
	today, _ := clubbot.ParseDay("2026-03-11")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 8 {
		wg.Go(func() {
			if _, err := Calendar([]clubbot.DayTotal{{Day: today, Minutes: 10}}, today, 10); err != nil {
				errs <- err
			}
			if _, err := Bars("x", []Bar{{Label: "a", Value: 1}}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func benchDays(today clubbot.Day) []clubbot.DayTotal {
	var days []clubbot.DayTotal
	for i := range CalendarWeeks * 7 {
		if i%3 != 0 {
			days = append(days, clubbot.DayTotal{Day: today - clubbot.Day(i), Minutes: 5 + i%25, Sessions: 1})
		}
	}
	return days
}

func BenchmarkCalendar(b *testing.B) {
	today, _ := clubbot.ParseDay("2026-03-11")
	days := benchDays(today)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Calendar(days, today, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBars(b *testing.B) {
	bars := make([]Bar, 13)
	for i := range bars {
		bars[i] = Bar{Label: "Member with a name " + strings.Repeat("x", i), Value: 300 - 20*i, Highlight: i == 11}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bars("Leaderboard · this week", bars); err != nil {
			b.Fatal(err)
		}
	}
}

func TestToPaletted(t *testing.T) {
	// A flat picture converts exactly.
	c := newCanvas(50, 20)
	c.fill(image.Rect(0, 0, 25, 20), colMet)
	p := toPaletted(c.RGBA)
	if len(p.Palette) != 2 || rgba(p.At(10, 10)) != colMet || rgba(p.At(40, 10)) != colBackground {
		t.Errorf("flat: palette %d, pixels %v %v", len(p.Palette), p.At(10, 10), p.At(40, 10))
	}
	// More than 256 colours: the flat fills stay exact, the rare shades go
	// to a near colour. shade makes 300 distinct colours along a gradient,
	// like antialiased edges.
	shade := func(x int) color.RGBA { return color.RGBA{uint8(x * 255 / 299), uint8(x % 2 * 3), 0x80, 0xff} }
	c = newCanvas(400, 40)
	c.fill(image.Rect(0, 0, 100, 40), colOver)
	for x := range 300 {
		c.Set(100+x, 0, shade(x))
	}
	p = toPaletted(c.RGBA)
	if len(p.Palette) != 256 {
		t.Fatalf("palette %d, want 256", len(p.Palette))
	}
	if rgba(p.At(50, 20)) != colOver || rgba(p.At(300, 20)) != colBackground {
		t.Errorf("flat fills changed: %v %v", p.At(50, 20), p.At(300, 20))
	}
	for x := range 300 {
		got, want := rgba(p.At(100+x, 0)), shade(x)
		d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
		if d(got.R, want.R)+d(got.G, want.G)+d(got.B, want.B) > 24 {
			t.Fatalf("shade %v became %v", want, got)
		}
	}
}

// The glyph cache draws what the font draws, at any position.
func TestCachedFaceMatchesFont(t *testing.T) {
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 14, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	for _, dot := range []fixed.Point26_6{fixed.P(10, 20), {X: 10<<6 + 21, Y: 30<<6 + 7}, fixed.P(33, 17)} {
		for _, fc := range []font.Face{fs.label, fs.label} { // twice: a miss, then hits
			a, b := newCanvas(200, 40), newCanvas(200, 40)
			(&font.Drawer{Dst: a.RGBA, Src: image.NewUniform(colText), Face: fc, Dot: dot}).DrawString("Björn, 1. Anna 0123")
			(&font.Drawer{Dst: b.RGBA, Src: image.NewUniform(colText), Face: plain, Dot: dot}).DrawString("Björn, 1. Anna 0123")
			// The cache keeps 16 coverage levels: within half a level.
			for i := range a.Pix {
				if d := int(a.Pix[i]) - int(b.Pix[i]); d > 9 || d < -9 {
					t.Fatalf("dot %v: cached glyphs differ from the font's at byte %d: %d vs %d", dot, i, a.Pix[i], b.Pix[i])
				}
			}
			if !hasInk(a, a.Bounds()) {
				t.Fatal("nothing drawn")
			}
		}
	}
}

// Whatever a display name holds, what is drawn has a glyph for every rune,
// single spaces between words and none at the ends.
func FuzzDrawable(f *testing.F) {
	for _, s := range []string{"李小龙", "Ann🏃\u200d\u2640\ufe0fLee", "a\u200d\u200db", "  x  y ", "e\u0301"} {
		f.Add(s)
	}
	fs, err := faces()
	if err != nil {
		f.Fatal(err)
	}
	face := fs.label
	f.Fuzz(func(t *testing.T, name string) {
		got := drawable(face, name)
		if strings.Contains(got, "  ") || strings.TrimSpace(got) != got || !utf8.ValidString(got) {
			t.Fatalf("drawable(%q) = %q", name, got)
		}
		for _, r := range got {
			if _, ok := face.GlyphAdvance(r); !ok {
				t.Fatalf("drawable(%q) = %q keeps %U, which has no glyph", name, got, r)
			}
		}
		if l := barLabel(face, Bar{Label: name, Rank: 1}); !strings.HasPrefix(l, "1. ") || len(l) < 4 {
			t.Fatalf("barLabel(%q) = %q", name, l)
		}
	})
}

// TestCalendarMarks: frozen and break days get their own colours and a
// legend line each; a break day with minutes keeps its shade with a corner.
func TestCalendarMarks(t *testing.T) {
	today, _ := clubbot.ParseDay("2026-03-11")
	days := []clubbot.DayTotal{{Day: today - 1, Minutes: 15, Sessions: 1}, {Day: today - 5, Minutes: 15, Sessions: 1}}
	marks := Marks{Frozen: []clubbot.Day{today - 2}, Break: []clubbot.Day{today - 4, today - 5, today - 6, today + 2}}
	b, err := CalendarMarked(days, marks, today, DefaultTarget)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "calendar-marks.png", b)
	img := decode(t, b)
	exactPalette(t, img)
	cell := func(d clubbot.Day) image.Rectangle {
		i := int(d - CellDay(today, 0, 0))
		return CellRect(i/7, i%7)
	}
	for _, c := range []struct {
		name string
		day  clubbot.Day
		want color.RGBA
	}{
		{"frozen", today - 2, colFrozen},
		{"break", today - 4, colBreak},
		{"break with minutes keeps its shade", today - 5, colMet},
		{"a missed day", today - 3, colNone},
		{"a future break day stays blank", today + 2, colBackground},
	} {
		if got := rgba(img.At(center(cell(c.day)).X, center(cell(c.day)).Y)); got != c.want {
			t.Errorf("%s (%s): %v, want %v", c.name, c.day, got, c.want)
		}
	}
	r := cell(today - 5)
	if got := rgba(img.At(r.Max.X-2, r.Min.Y+1)); got != colBreak {
		t.Errorf("break corner on a day with minutes: %v", got)
	}
	for i, want := range []color.RGBA{colFrozen, colBreak} {
		y := legendRow(i)
		if got := rgba(img.At(marksLegendX+7, y+7)); got != want {
			t.Errorf("legend swatch %d: %v, want %v", i, got, want)
		}
	}
	// Without marks, no marks legend.
	plain, err := Calendar(days, today, DefaultTarget)
	if err != nil {
		t.Fatal(err)
	}
	if got := rgba(decode(t, plain).At(marksLegendX+7, legendRow(0)+7)); got != colBackground {
		t.Errorf("marks legend without marks: %v", got)
	}
}

// TestEncoderPoolKeepsBuffersAcrossGC: the pool gives back the buffers it
// was given, at most its size, even after garbage collections (which a
// sync.Pool would have emptied).
func TestEncoderPoolKeepsBuffersAcrossGC(t *testing.T) {
	p := newEncoderPool(2)
	if p.Get() != nil {
		t.Fatal("a new pool gave a buffer")
	}
	a, b, c := new(png.EncoderBuffer), new(png.EncoderBuffer), new(png.EncoderBuffer)
	p.Put(a)
	p.Put(b)
	p.Put(c) // beyond the size: dropped
	runtime.GC()
	runtime.GC()
	got := map[*png.EncoderBuffer]bool{p.Get(): true, p.Get(): true}
	if !got[a] || !got[b] {
		t.Errorf("after two collections the pool gave %v, want a and b", got)
	}
	if p.Get() != nil {
		t.Error("the pool kept more than its size")
	}
}
