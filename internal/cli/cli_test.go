package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const smallScenario = "testdata/small.yaml"

type result struct {
	stdout, stderr string
	code           int
}

// brink runs the command line with args and captures what it prints.
func brink(t *testing.T, args ...string) result {
	t.Helper()
	return brinkCtx(t, context.Background(), false, args...)
}

func brinkCtx(t *testing.T, ctx context.Context, terminal bool, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(ctx, args, &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, StderrIsTerminal: terminal})
	return result{out.String(), errb.String(), code}
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n--- stdout:\n" + r.stdout + "\n--- stderr:\n" + r.stderr
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\n%s", r.code, code, r)
	}
}

func TestUsage(t *testing.T) {
	r := brink(t)
	wantCode(t, r, exitUsage)
	if r.stdout != "" || !strings.Contains(r.stderr, "Usage:") || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("no arguments should print the usage on stderr only\n%s", r)
	}
	for _, c := range commands() {
		if !strings.Contains(r.stderr, "  "+c.name+" ") {
			t.Errorf("the usage does not list command %q", c.name)
		}
	}

	r = brink(t, "-h")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "Examples:") {
		t.Errorf("brink -h should print the usage with examples on stdout\n%s", r)
	}

	r = brink(t, "frobnicate", "x")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, `unknown command "frobnicate"`) || !strings.Contains(r.stderr, "Usage:") || r.stdout != "" {
		t.Errorf("an unknown command should be named on stderr with the usage\n%s", r)
	}
}

// Every command answers -h with its synopsis, help and examples, and exit 0.
func TestCommandHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			for _, h := range []string{"-h", "-help", "--help"} {
				r := brink(t, c.name, h)
				wantCode(t, r, exitOK)
				all := r.stdout + r.stderr
				for _, want := range []string{"Usage: brink " + c.name, "Examples:", "\n  brink " + c.name} {
					if !strings.Contains(all, want) {
						t.Errorf("%s %s: the help lacks %q\n%s", c.name, h, want, r)
					}
				}
			}
		})
	}
	r := brink(t, "run", "-h")
	for _, flag := range []string{"-n", "-seed", "-workers", "-variant", "-json", "-o"} {
		if all := r.stdout + r.stderr; !strings.Contains(all, "\n  "+flag+" ") && !strings.Contains(all, "\n  "+flag+"\n") {
			t.Errorf("run -h does not describe flag %s\n%s", flag, r)
		}
	}
}

func TestRunUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-n", "0"}, "-n must be at least 1, got 0"},
		{[]string{"run", "-n", "-5"}, "-n must be at least 1"},
		{[]string{"run", "-workers", "0"}, "-workers must be at least 1"},
		{[]string{"run", "a.yaml", "b.yaml"}, "expected at most one scenario, got 2"},
		{[]string{"run", "-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"run", "-n", "many"}, `invalid value "many" for flag -n`},
		{[]string{"trace", "-k", "-1"}, "-k must be 0 or more"},
		{[]string{"check"}, "no scenario file given"},
		{[]string{"schema", "extra"}, "schema takes no arguments"},
		{[]string{"scenarios", "extra"}, "scenarios takes no arguments"},
	} {
		r := brink(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: brink "+tc.args[0]) {
			t.Errorf("%q: want exit 2 with %q and the usage on stderr\n%s", tc.args, tc.want, r)
		}
		if r.stdout != "" {
			t.Errorf("%q: a usage error printed on stdout: %q", tc.args, r.stdout)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-n", "10", "no/such/file.yaml"}, "no/such/file.yaml: no such file"},
		{[]string{"run", "-n", "10", "atlantis-1962"}, `"atlantis-1962" is neither a file nor a built-in scenario (built-ins: able-archer-1983, cold-war-year, cuba-1962, kargil-1999, ukraine-2022)`},
		{[]string{"trace", "atlantis-1962"}, "neither a file nor a built-in"},
	} {
		r := brink(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%q: want exit 2 with %q on stderr\n%s", tc.args, tc.want, r)
		}
	}
}

// writeBad writes a copy of the small scenario with some lines replaced.
func writeBad(t *testing.T, name string, replace ...string) string {
	t.Helper()
	data, err := os.ReadFile(smallScenario)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("testdata/small.yaml no longer contains %q", replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// lineOf returns the 1-based line and column of the first occurrence of sub in
// the file.
func lineOf(t *testing.T, path, sub string) (line, col int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if c := strings.Index(l, sub); c >= 0 {
			return i + 1, c + 1
		}
	}
	t.Fatalf("%s does not contain %q", path, sub)
	return 0, 0
}

// wantDiagnostic checks that stderr reports the error at path:line:col with
// the line quoted and a caret under the column.
func wantDiagnostic(t *testing.T, stderr, path string, line, col int, field string) {
	t.Helper()
	lines := strings.Split(stderr, "\n")
	head := path + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + ": " + field + ": "
	for i, l := range lines {
		if !strings.HasPrefix(l, head) {
			continue
		}
		if i+2 >= len(lines) {
			t.Fatalf("the diagnostic %q is not followed by the line and a caret:\n%s", l, stderr)
		}
		quote, caret := lines[i+1], lines[i+2]
		bar := strings.Index(quote, "| ")
		if bar < 0 || !strings.HasPrefix(strings.TrimSpace(quote), strconv.Itoa(line)+" |") {
			t.Errorf("the line after %q should quote line %d: %q", l, line, quote)
			return
		}
		if strings.Index(caret, "| ") != bar || strings.TrimSpace(caret[:bar]) != "" {
			t.Errorf("the caret line is not aligned with the quoted line:\n%s\n%s", quote, caret)
			return
		}
		if got := strings.Index(caret, "^"); got != bar+2+col-1 || strings.Count(caret, "^") != 1 {
			t.Errorf("the caret is not under column %d:\n%s\n%s", col, quote, caret)
		}
		return
	}
	t.Errorf("stderr does not report %q\n%s", head, stderr)
}

func TestCheck(t *testing.T) {
	t.Run("good", func(t *testing.T) {
		r := brink(t, "check", smallScenario, "ukraine-2022")
		wantCode(t, r, exitOK)
		if r.stdout != smallScenario+": ok\nukraine-2022: ok\n" || r.stderr != "" {
			t.Errorf("want both reported ok\n%s", r)
		}
	})

	t.Run("bad values", func(t *testing.T) {
		p := writeBad(t, "bad.yaml",
			"resolve: 0.7,", "resolve: 1.7,",
			"{category: armour, active: 800}", "{category: armour, active: 800, learning_per_day: 2}")
		r := brink(t, "check", p)
		wantCode(t, r, exitUsage)
		if strings.Contains(r.stdout, "ok") {
			t.Errorf("a bad file is reported ok\n%s", r)
		}
		line, col := lineOf(t, p, "1.7")
		wantDiagnostic(t, r.stderr, p, line, col, "actors.EAST.politics.resolve")
		line, col = lineOf(t, p, "learning_per_day: 2}")
		wantDiagnostic(t, r.stderr, p, line, col+len("learning_per_day: "), "actors.WEST.forces[0].learning_per_day")
		if !strings.Contains(r.stderr, "2 errors") {
			t.Errorf("both problems should be reported at once\n%s", r)
		}
	})

	t.Run("syntax", func(t *testing.T) {
		p := writeBad(t, "syntax.yaml", "horizon_days: 120", "horizon_days: [120")
		r := brink(t, "check", p)
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, p+":") || !strings.Contains(r.stderr, "^") {
			t.Errorf("a syntax error should be reported with its place and a caret\n%s", r)
		}
	})

	t.Run("bad variant", func(t *testing.T) {
		p := writeBad(t, "variant.yaml", "actors.EAST.politics.resolve: 0.3", "actors.EAST.politics.resolve: 3")
		r := brink(t, "check", p)
		wantCode(t, r, exitUsage)
		line, col := lineOf(t, p, "resolve: 3")
		wantDiagnostic(t, r.stderr, p, line, col+len("resolve: "), "actors.EAST.politics.resolve")
		// The base scenario is fine, so run works, and the variant does not.
		if r := brink(t, "run", p, "-n", "5"); r.code != exitOK {
			t.Errorf("the base of a scenario with a bad variant should run\n%s", r)
		}
		r = brink(t, "run", p, "-n", "5", "-variant", "calm")
		wantCode(t, r, exitUsage)
		wantDiagnostic(t, r.stderr, p, line, col+len("resolve: "), "actors.EAST.politics.resolve")
	})

	t.Run("several files one bad", func(t *testing.T) {
		bad := writeBad(t, "bad.yaml", "resolve: 0.7,", "resolve: 1.7,")
		r := brink(t, "check", smallScenario, bad, "missing.yaml")
		wantCode(t, r, exitUsage)
		if r.stdout != smallScenario+": ok\n" {
			t.Errorf("the good file should be reported ok, and only it\n%s", r)
		}
		if !strings.Contains(r.stderr, bad+":") || !strings.Contains(r.stderr, "missing.yaml: no such file") {
			t.Errorf("both bad files should be reported\n%s", r)
		}
	})
}

var headerRE = regexp.MustCompile(`(?m)^How it ends +P +95 % interval +count$`)

func TestRun(t *testing.T) {
	r := brink(t, "run", "-n", "50", "-seed", "3")
	wantCode(t, r, exitOK)
	if !headerRE.MatchString(r.stdout) || !strings.Contains(r.stdout, "50 trajectories, seed 3,") {
		t.Errorf("no outcome table\n%s", r)
	}
	// On stderr, only where the run is kept (a directory brink chose).
	if strings.Contains(r.stdout, "PARTIAL") || !regexp.MustCompile(`^brink run: kept in \S+ \('brink report \S+' writes its HTML page\)\n$`).MatchString(r.stderr) {
		t.Errorf("a complete run without a terminal should print only where it is kept on stderr\n%s", r)
	}
	if again := brink(t, "run", "-n", "50", "-seed", "3"); again.stdout != r.stdout {
		t.Error("the same run twice gives different output")
	}
	if w1, w3 := brink(t, "run", "-n", "50", "-seed", "3", "-workers", "1"), brink(t, "run", "-seed", "3", "-workers", "3", "-n", "50"); w1.stdout != r.stdout || w3.stdout != r.stdout {
		t.Error("the output depends on the number of workers")
	}
	if other := brink(t, "run", "-n", "50", "-seed", "4"); other.stdout == r.stdout {
		t.Error("seeds 3 and 4 give the same output")
	}

	// Flags after the scenario, a file, a variant.
	f := brink(t, "run", smallScenario, "-n", "40", "-seed", "2", "-variant", "calm")
	wantCode(t, f, exitOK)
	if !strings.HasPrefix(f.stdout, "small — A border war between a nuclear and a non-nuclear state [variant calm]\n40 trajectories, seed 2,") {
		t.Errorf("run FILE -variant: unexpected head\n%s", f)
	}
}

func TestRunJSON(t *testing.T) {
	r := brink(t, "run", "-n", "50", "-seed", "3", "-json")
	wantCode(t, r, exitOK)
	var s struct {
		Scenario     string `json:"scenario"`
		Seed         uint64 `json:"seed"`
		Trajectories int64  `json:"trajectories"`
		Requested    int64  `json:"requested"`
		Partial      *bool  `json:"partial"`
		Ends         []struct {
			Count int64 `json:"count"`
		} `json:"ends"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r)
	}
	if s.Scenario != "ukraine-2022" || s.Seed != 3 || s.Trajectories != 50 || s.Requested != 50 || s.Partial == nil || *s.Partial {
		t.Errorf("unexpected summary %+v", s)
	}
	var n int64
	for _, e := range s.Ends {
		n += e.Count
	}
	if n != 50 {
		t.Errorf("the endings count %d trajectories", n)
	}
	if again := brink(t, "run", "-json", "-n", "50", "-seed", "3", "-workers", "2"); again.stdout != r.stdout {
		t.Error("the same JSON run twice gives different output")
	}
}

func TestRunVariant(t *testing.T) {
	r := brink(t, "run", "-n", "10", "-variant", "nope")
	wantCode(t, r, exitUsage)
	for _, v := range []string{`"nope"`, "bluff", "incompetence", "heartland"} {
		if !strings.Contains(r.stderr, v) {
			t.Errorf("an unknown variant should be named with the list of variants; %q missing\n%s", v, r)
		}
	}
	r = brink(t, "run", "-n", "20", "-variant", "bluff")
	wantCode(t, r, exitOK)
	if !strings.Contains(strings.SplitN(r.stdout, "\n", 2)[0], "[variant bluff]") {
		t.Errorf("the title should name the variant\n%s", r)
	}
	if r.stdout == brink(t, "run", "-n", "20").stdout {
		t.Error("the variant gives the same output as the base scenario")
	}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestRunOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "summary.txt")
	for _, args := range [][]string{
		{"run", "-n", "30", "-o", out},
		{"run", "-n", "30", "-seed", "9", "-json", "-o", out}, // replaces the first
	} {
		r := brink(t, args...)
		wantCode(t, r, exitOK)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != r.stdout {
			t.Errorf("%q: the file differs from stdout", args)
		}
		if names := listDir(t, dir); len(names) != 1 || names[0] != "summary.txt" {
			t.Errorf("%q: the directory holds %q; want only summary.txt", args, names)
		}
		if st, err := os.Stat(out); err != nil || st.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("the summary file is not readable by all: %v %v", st.Mode(), err)
		}
	}

	t.Run("unwritable", func(t *testing.T) {
		// -o into a missing directory fails with exit 1 and a message.
		r := brink(t, "run", "-n", "5", "-o", filepath.Join(dir, "no", "such", "dir", "x.txt"))
		wantCode(t, r, exitFail)
		if !strings.Contains(r.stderr, "brink run:") {
			t.Errorf("no error message\n%s", r)
		}
	})

	t.Run("onto a directory", func(t *testing.T) {
		// -o naming an existing directory: the rename fails, and the temporary
		// file must not be left behind.
		d := t.TempDir()
		sub := filepath.Join(d, "sub")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		r := brink(t, "run", "-n", "5", "-o", sub)
		wantCode(t, r, exitFail)
		if names := listDir(t, d); len(names) != 1 || names[0] != "sub" {
			t.Errorf("a failed -o left files behind: %q", names)
		}
	})
}

var traceLineRE = regexp.MustCompile(`^day +(\d+) \((\d{4}-\d{2}-\d{2})\): \S`)

func TestTrace(t *testing.T) {
	r := brink(t, "trace", "-seed", "1", "-k", "3")
	wantCode(t, r, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) < 5 || lines[0] != "ukraine-2022, seed 1, trajectory 3" || lines[1] != "" {
		t.Fatalf("unexpected head\n%s", r)
	}
	start, _ := time.Parse("2006-01-02", "2022-02-24")
	i, prev := 2, -1
	// First the values drawn for the uncertain parameters, then a blank line.
	if lines[i] != "Drawn for this trajectory:" {
		t.Fatalf("line 3 should introduce the drawn parameters: %q", lines[i])
	}
	for i++; i < len(lines) && lines[i] != ""; i++ {
		if !strings.HasPrefix(lines[i], "  actors.") && !strings.HasPrefix(lines[i], "  theatres.") && !strings.HasPrefix(lines[i], "  red_lines") &&
			!strings.HasPrefix(lines[i], "  sanctions.") && !strings.HasPrefix(lines[i], "  alliances.") &&
			!strings.HasPrefix(lines[i], "  relations.") {
			t.Fatalf("line %d is not a drawn parameter: %q", i+1, lines[i])
		}
	}
	i++
	events := i
	for ; i < len(lines) && lines[i] != ""; i++ {
		m := traceLineRE.FindStringSubmatch(lines[i])
		if m == nil {
			t.Fatalf("line %d is not a dated event: %q", i+1, lines[i])
		}
		day := 0
		for _, c := range m[1] {
			day = 10*day + int(c-'0')
		}
		if day < prev {
			t.Errorf("line %d: day %d after day %d", i+1, day, prev)
		}
		prev = day
		if want := start.AddDate(0, 0, day).Format("2006-01-02"); m[2] != want {
			t.Errorf("line %d: day %d is dated %s, want %s", i+1, day, m[2], want)
		}
	}
	if i == events {
		t.Error("no events")
	}
	if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "End: ") {
		t.Fatalf("the events should be followed by a blank line and End:\n%s", r)
	}
	if again := brink(t, "trace", "-k", "3", "-seed", "1"); again.stdout != r.stdout {
		t.Error("the same trace twice gives different output")
	}
	if other := brink(t, "trace", "-seed", "1", "-k", "4"); other.stdout == r.stdout {
		t.Error("trajectories 3 and 4 are told the same")
	}

	f := brink(t, "trace", smallScenario, "-seed", "2", "-k", "0", "-variant", "calm")
	wantCode(t, f, exitOK)
	if !strings.HasPrefix(f.stdout, "small [variant calm], seed 2, trajectory 0\n") || !strings.Contains(f.stdout, "\nEnd: ") {
		t.Errorf("trace FILE -variant\n%s", f)
	}
}

func TestSchema(t *testing.T) {
	r := brink(t, "schema")
	wantCode(t, r, exitOK)
	var s map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	props, _ := s["properties"].(map[string]any)
	for _, k := range []string{"actors", "relations", "horizon_days", "variants"} {
		if _, ok := props[k]; !ok {
			t.Errorf("the schema has no property %q", k)
		}
	}
}

func TestScenarios(t *testing.T) {
	r := brink(t, "scenarios")
	wantCode(t, r, exitOK)
	if !regexp.MustCompile(`(?m)^ukraine-2022 +\S.* +bluff, incompetence, heartland(, [a-z-]+)*$`).MatchString(r.stdout) {
		t.Errorf("ukraine-2022 and its variants are not listed\n%s", r)
	}
}

func TestProgressLine(t *testing.T) {
	p := newProgressBar(&bytes.Buffer{}, 10000, time.Time{})
	got := p.line(4500, 2*time.Second)
	for _, want := range []string{" 45 %", "4,500/10,000", "2,250/s", "ETA 2s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line(4500 of 10000 after 2 s) = %q; lacks %q", got, want)
		}
	}
	if want := "[" + strings.Repeat("=", 13) + ">" + strings.Repeat(" ", 16) + "]"; !strings.HasPrefix(got, want) {
		t.Errorf("line(4500 of 10000) = %q; want the bar %q", got, want)
	}
	got = p.line(0, 0)
	if !strings.Contains(got, "  0 %") || !strings.Contains(got, "0/10,000") || !strings.Contains(got, "ETA ?") {
		t.Errorf("line(0) = %q", got)
	}
	got = p.line(10000, 4*time.Second)
	if !strings.HasPrefix(got, "["+strings.Repeat("=", 30)+"]") || !strings.Contains(got, "100 %") || !strings.Contains(got, "2,500/s") || !strings.Contains(got, "ETA 0s") {
		t.Errorf("line(10000 of 10000 after 4 s) = %q", got)
	}
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}

// On a terminal the progress bar goes to stderr and is cleared at the end;
// stdout is the same as without it.
func TestRunProgressOnTerminal(t *testing.T) {
	plain := brink(t, "run", "-n", "50", "-seed", "3")
	r := brinkCtx(t, context.Background(), true, "run", "-n", "50", "-seed", "3")
	wantCode(t, r, exitOK)
	if r.stdout != plain.stdout {
		t.Error("the progress bar changed stdout")
	}
	bar, _, _ := strings.Cut(r.stderr, "brink run: kept in")
	if !strings.Contains(bar, "\r\033[K[") || !strings.Contains(bar, "50/50") || !strings.HasSuffix(bar, "\r\033[K") {
		t.Errorf("stderr should show the bar at 50/50 and clear it: %q", r.stderr)
	}
}

// An interrupted run prints what has finished, marked PARTIAL, says so on
// stderr and exits 1.
func TestRunInterrupted(t *testing.T) {
	// Interrupted once some trajectories have finished, whatever the
	// machine's load (a fixed timeout cut before the first one ended on a
	// busy machine).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	stderr := &cancelOnProgress{cancel: cancel}
	var stdout bytes.Buffer
	code := Main(ctx, []string{"run", "-n", "200000", "-seed", "5", "-no-save"}, &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: stderr, StderrIsTerminal: true})
	r := result{stdout.String(), stderr.buf.String(), code}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("the interrupted run took %v", el)
	}
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stdout, "PARTIAL: interrupted after ") || !strings.Contains(r.stdout, " of 200000") || !headerRE.MatchString(r.stdout) {
		t.Errorf("stdout should hold the partial summary\n%s", r)
	}
	if !strings.Contains(r.stderr, "interrupted") || !strings.Contains(r.stderr, "PARTIAL") {
		t.Errorf("stderr should say the run was interrupted\n%s", r)
	}

	// Interrupted before anything finished: nothing on stdout, exit 1.
	dead, cancel2 := context.WithCancel(context.Background())
	cancel2()
	r = brinkCtx(t, dead, false, "run", "-n", "1000")
	wantCode(t, r, exitFail)
	if r.stdout != "" || !strings.Contains(r.stderr, "interrupted before any trajectory finished") {
		t.Errorf("a run interrupted at once\n%s", r)
	}
}
