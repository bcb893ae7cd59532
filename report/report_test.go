package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/run.html from the current output")

// The golden run: mc's golden scenario, fixed seed and count. Its file is
// named relative to the repository, as a user would have given it.
const (
	goldenText = "../mc/testdata/golden.yaml"
	goldenName = "mc/testdata/golden.yaml"
	goldenN    = 400
	goldenSeed = 42
)

func goldenModel(t testing.TB) (*sim.Model, []byte) {
	t.Helper()
	text, err := os.ReadFile(goldenText)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(goldenName, text)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m, text
}

// writeRun runs the golden scenario and keeps it in a new results directory,
// with a manifest whose version and times are fixed.
func writeRun(t testing.TB, workers int) (string, *mc.Result) {
	t.Helper()
	m, text := goldenModel(t)
	res := mc.Run(context.Background(), m, mc.Options{N: goldenN, Seed: goldenSeed, Workers: workers})
	sc := m.Scenario
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	man := results.Manifest{Brink: "test", Scenario: sc.ID, ScenarioFile: sc.File, ScenarioHash: fmt.Sprintf("%x", sc.Hash[:]),
		ScenarioText: string(text), Seed: goldenSeed, Trajectories: goldenN, Started: at, Finished: at.Add(time.Minute)}
	dir := filepath.Join(t.TempDir(), "run")
	if err := results.Write(dir, man, res); err != nil {
		t.Fatal(err)
	}
	return dir, res
}

func render(t testing.TB, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, dir); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The report of the golden run is testdata/run.html, byte for byte;
// `go test ./report -run TestGolden -update` rewrites it.
func TestGolden(t *testing.T) {
	dir, _ := writeRun(t, 3)
	got := render(t, dir)
	const file = "testdata/run.html"
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (regenerate with -update if the change is intended) at %s", file, firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  got:  %.300q\n  want: %.300q", i+1, x, y)
		}
	}
	return "no difference"
}

// The same run with another number of workers gives the same report, and
// Write puts it in the directory.
func TestDeterministic(t *testing.T) {
	a, _ := writeRun(t, 1)
	b, _ := writeRun(t, 4)
	if ra, rb := render(t, a), render(t, b); !bytes.Equal(ra, rb) {
		t.Errorf("1 and 4 workers give different reports at %s", firstDiff(ra, rb))
	}
	if err := Write(a); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(a, File))
	if err != nil || !bytes.Equal(data, render(t, a)) {
		t.Errorf("Write did not write the rendered report (%v)", err)
	}
}

// checkPage parses the page as XML (it is written as well-formed XHTML, so
// this is stricter than an HTML parser), checks that every chart has a title
// and a description, and that nothing refers to anything outside the page.
func checkPage(t *testing.T, page []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	svgs, titled := 0, 0
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			t.Fatalf("the page does not parse at line %d: %v", line, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			name := e.Name.Local
			if name == "svg" {
				svgs++
			}
			if (name == "title" || name == "desc") && len(stack) > 0 && stack[len(stack)-1] == "svg" {
				titled++
			}
			for _, a := range e.Attr {
				v := strings.TrimSpace(a.Value)
				switch {
				case a.Name.Local == "xmlns" && v == "http://www.w3.org/2000/svg":
				case a.Name.Local == "href" && !strings.HasPrefix(v, "#"):
					t.Errorf("<%s %s=%q> links outside the page", name, a.Name.Local, v)
				case a.Name.Local == "src":
					t.Errorf("<%s src=%q> loads something", name, v)
				case strings.Contains(v, "//") || strings.Contains(v, "url("):
					t.Errorf("<%s %s=%q> refers outside the page", name, a.Name.Local, v)
				}
			}
			switch name {
			case "script", "link", "img", "iframe", "object", "embed", "image", "use":
				t.Errorf("the page has a <%s> element", name)
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				if s := string(e); strings.Contains(s, "url(") || strings.Contains(s, "@import") || strings.Contains(s, "@font-face") {
					t.Error("the style fetches something (url, @import or @font-face)")
				}
			}
		}
	}
	if svgs < 3 || titled != 2*svgs {
		t.Errorf("%d charts, %d titles and descriptions; want at least 3 charts, each with both", svgs, titled)
	}
	// Any http(s) reference at all, other than the SVG namespace, would be
	// in plain text only; there is none in a run's report.
	rest := strings.ReplaceAll(string(page), `xmlns="http://www.w3.org/2000/svg"`, "")
	if m := regexp.MustCompile(`https?://\S*`).FindString(rest); m != "" {
		t.Errorf("the page refers to %s", m)
	}
}

func TestPageIsSelfContainedAndParses(t *testing.T) {
	dir, _ := writeRun(t, 2)
	checkPage(t, render(t, dir))
}

// The headline and the outcome table give the figures of the result.
func TestHeadlineFiguresAreTheResults(t *testing.T) {
	dir, res := writeRun(t, 2)
	page := string(render(t, dir))
	sum := mc.Summarize(res)
	use := findEstimate(sum.Events, "nuclear_use")
	if use.Count == 0 {
		t.Fatal("test set-up: the golden run has no nuclear use")
	}
	want := "Probability of nuclear use within one year: " + pctCI(use.P, use.Lo, use.Hi)
	re := regexp.MustCompile(`<p class="answer"><span class="tag">Answer</span> ([^<]*)</p>`)
	m := re.FindStringSubmatch(page)
	if m == nil || m[1] != want {
		t.Errorf("answer %q, want %q", m, want)
	}
	if p := float64(res.NuclearUse) / float64(res.N); use.P != p {
		t.Errorf("summary P %v, result %v", use.P, p)
	}
	for _, e := range append(sum.Ends, sum.Events...) {
		row := fmt.Sprintf("<tr><td>%s</td><td class=\"num\">%s <span class=\"count\">(%s)</span></td></tr>",
			esc(strings.TrimSpace(e.Label)), esc(pctCI(e.P, e.Lo, e.Hi)), thousands(e.Count))
		if !strings.Contains(page, row) {
			t.Errorf("the outcome table lacks %s", row)
		}
	}
	// Every top path is listed, and the first has its traced story ending
	// in the first use.
	for _, ps := range sum.Paths {
		if !strings.Contains(page, esc(pathText(ps))) {
			t.Errorf("path %s is not listed", ps.Path)
		}
	}
	story := regexp.MustCompile(`(?s)<article class="story" id="path-1">.*?</article>`).FindString(page)
	if !strings.Contains(story, `<li class="use">`) || !strings.Contains(story, fmt.Sprintf("-k %d", sum.Paths[0].Example)) {
		t.Errorf("the story of path 1 does not show the use or its replay command:\n%s", story)
	}
	if !strings.Contains(page, "brink run mc/testdata/golden.yaml -n 400 -seed 42</code>") {
		t.Error("the page lacks the command that reproduces the run")
	}
}

func TestErrors(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "f")
	os.WriteFile(file, []byte("x"), 0o644)
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	bad := filepath.Join(tmp, "bad")
	os.Mkdir(bad, 0o755)
	os.WriteFile(filepath.Join(bad, results.ManifestFile), []byte(`{"format":"brink-run/1","scenario_text":"id: x"}`), 0o644)
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(tmp, "none"), "no such directory"},
		{file, "not a directory"},
		{empty, "not a results directory"},
		{bad, "scenario"},
	} {
		err := Render(io.Discard, c.dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.dir, err, c.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{{0.041, "4.1 %"}, {0.0066, "0.66 %"}, {0, "0 %"}, {1, "100 %"}, {0.00035, "0.035 %"}, {0.5, "50.0 %"}} {
		if got := pct(c.p); got != c.want {
			t.Errorf("pct(%v) = %q, want %q", c.p, got, c.want)
		}
	}
	for h, want := range map[int]string{365: "one year", 1095: "three years", 120: "four months", 183: "six months", 14: "two weeks", 45: "45 days", 730: "two years"} {
		if got := horizonWords(h); got != want {
			t.Errorf("horizonWords(%d) = %q, want %q", h, got, want)
		}
	}
	if got := pctCI(0.041, 0.038, 0.044); got != "4.1 % (3.8–4.4 %)" {
		t.Errorf("pctCI = %q", got)
	}
}

// The territory chart of the default scenario marks its dated events that
// change the theatre (the sides' seasons of offence and defence, the
// Russian air force's stand-off), numbered in the file's order and named
// in the caption, and no other event (the mobilisations, supply links and
// sanctions touch actors, not the theatre).
func TestTerritoryChartMarksTheatreEvents(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{m: m}
	marks, caption := p.theatreEvents("ukraine")
	want := []struct {
		id  string
		day float64
	}{
		{"vks-stand-off", 24}, {"ukraine-strategic-defence", 53}, {"ukraine-counteroffensive-2022", 186},
		{"russia-strategic-defence", 226}, {"russia-winter-offensive", 311},
		{"ukraine-counteroffensive-2023", 465}, {"ukraine-strategic-defence-2023", 644},
	}
	if len(marks) != len(want) {
		t.Fatalf("%d marks, want %d: %s", len(marks), len(want), caption)
	}
	for i, w := range want {
		star := "*" // the seasons of offence and defence have unless: conditions
		if w.id == "vks-stand-off" {
			star = ""
		}
		if marks[i].day != w.day || marks[i].n != i+1 || !strings.Contains(caption, fmt.Sprintf("%d %s%s (", i+1, w.id, star)) {
			t.Errorf("mark %d: day %g, number %d; want %s on day %g; caption %q", i, marks[i].day, marks[i].n, w.id, w.day, caption)
		}
	}
	if !strings.Contains(caption, "Those marked * do not fire in a trajectory where one of their unless: conditions holds") {
		t.Errorf("the caption does not say what * means: %q", caption)
	}
	if strings.Contains(caption, "partial-mobilisation") || strings.Contains(caption, "himars") {
		t.Errorf("the caption names events that do not change the theatre: %q", caption)
	}
	days := []int{0, 100, 200}
	v := []float64{1, 2, 3}
	svg := fanChart("c1", "t", "d", sc.Start.Time, 300, days, v, v, v, v, v, "y", pctTick, nil, "#000", nil, "", marks[:3])
	if n := strings.Count(svg, `class="event-mark"`); n != 3 {
		t.Errorf("%d event lines drawn, want 3", n)
	}
	if strings.Contains(fanChart("c2", "t", "d", sc.Start.Time, 300, days, v, v, v, v, v, "y", pctTick, nil, "#000", nil, "", nil), "event-mark") {
		t.Error("a chart without marks draws event lines")
	}
}
