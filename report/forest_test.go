package report

import (
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"brink/mc"
)

// goldenForest is a comparison of eight variants with a baseline: a clear
// rise, a clear fall, and differences whose intervals contain 0.
func goldenForest() []forestRow {
	var rows []forestRow
	for i, v := range []struct {
		name          string
		diff, lo, hi  float64
		significantly bool
	}{
		{"bluff", -0.10, -0.15, -0.05, true},
		{"incompetence", 3.4, 3.1, 3.7, true},
		{"heartland", 0.095, 0.03, 0.16, true},
		{"learns-and-outproduces", 0.05, 0.001, 0.1, true},
		{"losses-not-replaced", -0.07, -0.12, -0.02, true},
		{"world-rallies", 0, -0.03, 0.03, false},
		{"coup", -0.035, -0.07, -0.001, true},
		{"a-variant-with-a-very-long-name-indeed", 0.01, -0.02, 0.04, false},
	} {
		rows = append(rows, forestRow{Label: v.name, Color: groupColor(i + 1), Diff: v.diff, Lo: v.lo, Hi: v.hi, Significant: v.significantly})
	}
	return rows
}

// The forest plot of a fixed comparison, byte for byte:
// `go test ./report -run TestGolden -update` rewrites testdata/forest.svg.
func TestGoldenForest(t *testing.T) {
	got := []byte(forestChart("f1", "Paired difference from the baseline: any nuclear use", "A forest plot.", goldenForest(),
		"difference from the baseline (0.22 %), percentage points"))
	file := filepath.Join("testdata", "forest.svg")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (regenerate with -update if the change is intended) at %s", file, firstDiff(got, want))
	}
}

// The forest plot is well-formed SVG; every variant is named on it; every
// point and interval lies inside the plot; the zero line is where 0 is; a
// point is filled exactly when its interval excludes 0.
func TestForestGeometry(t *testing.T) {
	rows := goldenForest()
	out := forestChart("f1", "t", "d", rows, "x")
	if err := xml.Unmarshal([]byte(out), new(any)); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, r := range rows {
		if !strings.Contains(out, ">"+esc(r.Label[:min(len(r.Label), 20)])) {
			t.Errorf("variant %s is not named on the chart", r.Label)
		}
	}
	var svg struct {
		Circles []struct {
			CX   string `xml:"cx,attr"`
			Fill string `xml:"fill,attr"`
		} `xml:"circle"`
	}
	if err := xml.Unmarshal([]byte(out), &svg); err != nil {
		t.Fatal(err)
	}
	if len(svg.Circles) != len(rows) {
		t.Fatalf("%d points for %d variants", len(svg.Circles), len(rows))
	}
	for i, c := range svg.Circles {
		x, _ := strconv.ParseFloat(c.CX, 64)
		if x < 0 || x > chartWidth {
			t.Errorf("%s: point at x = %g, outside the chart", rows[i].Label, x)
		}
		if filled := c.Fill != "#fff"; filled != rows[i].Significant {
			t.Errorf("%s: filled %v, significant %v", rows[i].Label, filled, rows[i].Significant)
		}
	}
}

// The palette holds thirteen distinct colours (the baseline and twelve
// variants) that are far apart in CIELAB (ΔE*ab ≥ 20), and no variant
// shares the baseline's colour — not the eighth (coup, in ukraine-2022),
// nor any of the first twelve.
func TestGroupPalette(t *testing.T) {
	seen := map[string]int{}
	for g := range 13 {
		c := groupColor(g)
		if h, ok := seen[c]; ok {
			t.Errorf("groups %d and %d share %s", h, g, c)
		}
		seen[c] = g
	}
	for a := range 13 {
		for b := a + 1; b < 13; b++ {
			if d := deltaE(groupColor(a), groupColor(b)); d < 20 {
				t.Errorf("groups %d (%s) and %d (%s) are %.1f apart in CIELAB, want ≥ 20", a, groupColor(a), b, groupColor(b), d)
			}
		}
	}
}

// deltaE is the CIE 1976 colour difference of two sRGB colours "#rrggbb".
func deltaE(a, b string) float64 {
	la, aa, ba := lab(a)
	lb, ab, bb := lab(b)
	return math.Sqrt((la-lb)*(la-lb) + (aa-ab)*(aa-ab) + (ba-bb)*(ba-bb))
}

// lab converts sRGB (IEC 61966-2-1) to CIELAB under D65.
func lab(hex string) (l, a, b float64) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	lin := func(c uint64) float64 {
		x := float64(c) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, bl := lin(v>>16&255), lin(v>>8&255), lin(v&255)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// The ranked answer names the clear changes largest first, in words, and
// the variants that cannot be told from the baseline.
func TestCompareAnswer(t *testing.T) {
	oc := mc.OutcomeComparison{Name: "first_use_deliberate", Baseline: mc.Estimate{P: 0.004},
		Variants: []mc.VariantDiff{
			{Variant: "heartland", Estimate: mc.Estimate{P: 0.005}, Diff: 0.001, Lo: 0.0002, Hi: 0.002, Significant: true},
			{Variant: "bluff", Estimate: mc.Estimate{P: 0.001}, Diff: -0.003, Lo: -0.004, Hi: -0.002, Significant: true},
			{Variant: "coup", Estimate: mc.Estimate{P: 0.004}, Diff: 0, Lo: -0.001, Hi: 0.001},
		}}
	got := compareAnswer(oc, "deliberate use")
	want := "bluff lowers deliberate use by 0.30 pp (0.40 % → 0.10 %); heartland raises it by 0.10 pp; coup cannot be told from the baseline (0.40 %) with these trajectories."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := rankedAnswer(oc, "deliberate use", 1); !strings.Contains(got, "one more change it by less") {
		t.Errorf("capped answer: %s", got)
	}
}
