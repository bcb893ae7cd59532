package scenario_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"brink/scenario"
)

// hostileCases are documents of at most scenario.MaxDocumentBytes built to be
// as expensive as possible for a YAML parser or for the decoder.
func hostileCases(t testing.TB) map[string]string {
	base := readMinimal(t)
	// Ten levels of ten aliases each: 10^10 values once expanded, decoded
	// into the ladder and into a variant's override.
	var laughs strings.Builder
	laughs.WriteString("x_laughs:\n  x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&laughs, "  x%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	laughs.WriteString(strings.Replace(base, "ladder:", "ladder: *a9\nold_ladder:", 1))
	laughs.WriteString("  - id: laughs\n    set:\n      ladder: *a9\n")
	var manyKeys, manyMaps, explicit, indent strings.Builder
	for i := 0; i < 1001; i++ {
		fmt.Fprintf(&manyKeys, "k%d: 1\n", i)
	}
	// As many mappings of 255 keys as the token limit allows.
	for i := 0; i < 16500; i++ {
		if i%255 == 0 {
			fmt.Fprintf(&manyMaps, "m%d:\n", i)
		}
		fmt.Fprintf(&manyMaps, "  k%d: 1\n", i)
	}
	for i := 0; i < 30000; i++ {
		explicit.WriteString("? a\n: b\n")
	}
	for i := 0; indent.Len() < 1<<20-3000; i++ {
		fmt.Fprintf(&indent, "%sk:\n", strings.Repeat(" ", i))
	}
	variants := func(n int) string {
		var b strings.Builder
		b.WriteString(base)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  - id: v%d\n    set: {actors.RED.politics.resolve: 0.5}\n", i)
		}
		return b.String()
	}
	return map[string]string{
		"many variants":  variants(5000),
		"some variants":  variants(400),
		"ok: variants":   variants(124), // within maxVariantWork
		"deep [":         strings.Repeat("[", 1<<20),
		"deep [ 100000":  strings.Repeat("[", 100000),
		"deep { 50000":   strings.Repeat("{a: ", 50000),
		"deep [ 40000":   strings.Repeat("[", 40000),
		"deep { 20000":   strings.Repeat("{a: ", 20000),
		"deep {":         strings.Repeat("{a: ", 1<<18),
		"deep - -":       strings.Repeat("- ", 1<<19),
		"deep indent":    indent.String(),
		"alias fan-out":  laughs.String(),
		"long key":       strings.Repeat("k", 1<<20-10) + ": 1\n",
		"many keys":      manyKeys.String(),
		"many mappings":  manyMaps.String(),
		"explicit keys":  explicit.String(),
		"many documents": strings.Repeat("---\na: 1\n", 1<<16),
		"17 documents":   strings.Repeat("---\na: 1\n", 17),
		"many aliases":   "a: &a 1\nb: [" + strings.Repeat("*a, ", 1<<18-4) + "]\n",
		"flow items":     "a: [" + strings.Repeat("1,", 1<<19-4) + "]\n",
		"flow items 99k": "a: [" + strings.Repeat("1,", 99000) + "]\n",
		"1001 aliases":   "a: &a 1\nb: [" + strings.Repeat("*a, ", 1001) + "]\n",
		"too big":        base + strings.Repeat("# padding\n", 1<<17),
	}
}

// TestHostileInputBounded parses each hostile document and checks that it is
// refused with a positioned error after allocating a bounded amount of
// memory (the parser used to need 15 GB for 100,000 "[").
func TestHostileInputBounded(t *testing.T) {
	const budget = 64 << 20
	for name, doc := range hostileCases(t) {
		if len(doc) > scenario.MaxDocumentBytes && name != "too big" {
			t.Fatalf("%s: %d bytes, over the 1 MiB the case should fit", name, len(doc))
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		sc, err := scenario.Parse("hostile.yaml", []byte(doc))
		if err == nil {
			err = sc.CheckVariants() // what brink check does
		}
		runtime.ReadMemStats(&m1)
		alloc := m1.TotalAlloc - m0.TotalAlloc
		t.Logf("%-15s %8d bytes: %4d MB allocated: %.100s", name, len(doc), alloc>>20, fmt.Sprint(err))
		if ok := strings.HasPrefix(name, "ok:"); ok != (err == nil) {
			t.Errorf("%s: error %v", name, err)
		} else if err != nil {
			checkFuzzError(t, name, err, true)
		}
		if alloc > budget {
			t.Errorf("%s: %d MB allocated, over the budget of %d MB", name, alloc>>20, budget>>20)
		}
	}
}
