package sim_test

import (
	"reflect"
	"slices"
	"testing"

	"brink/scenario"
	"brink/sim"
)

// valuePaths lists the path of every number or distribution of sc, as
// variants and sweeps address them.
func valuePaths(sc *scenario.Scenario) []string {
	var out []string
	vt := reflect.TypeFor[scenario.Value]()
	seen := map[uintptr]bool{} // pointers followed: the scenario's graph has cycles
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == vt:
			if p := v.Interface().(scenario.Value).Text; p != "" {
				out = append(out, p)
			}
		case v.Kind() == reflect.Pointer:
			if !v.IsNil() && !seen[v.Pointer()] {
				seen[v.Pointer()] = true
				walk(v.Elem())
			}
		case v.Kind() == reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case v.Kind() == reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	walk(reflect.ValueOf(sc.WithValuePaths()).Elem())
	slices.Sort(out)
	return slices.Compact(out)
}

// FuzzCompileRun sets any two numbers of a built-in scenario or one of its
// variants to any values, as a sweep or variant would (scenario.WithValues);
// whatever the scenario's checks accept must compile and run without a
// panic. `go test -fuzz FuzzCompileRun ./sim` explores; the plain test runs
// the seeds.
func FuzzCompileRun(f *testing.F) {
	ids := scenario.BuiltinIDs()
	var scs []*scenario.Scenario
	var paths [][]string
	for _, id := range ids {
		sc, err := scenario.Builtin(id)
		if err != nil {
			f.Fatal(err)
		}
		scs = append(scs, sc)
		paths = append(paths, valuePaths(sc))
		for _, v := range sc.Variants { // a variant may give fields its base leaves out
			vs, err := sc.WithVariant(v.ID)
			if err != nil {
				f.Fatal(err)
			}
			scs = append(scs, vs)
			paths = append(paths, valuePaths(vs))
		}
	}
	f.Add(uint8(0), uint16(0), 0.0, uint16(1), 1.0)
	f.Add(uint8(1), uint16(5), -1.0, uint16(7), 1e9)
	f.Add(uint8(2), uint16(9), 0.5, uint16(3), 2.0)
	f.Add(uint8(4), uint16(100), 1e-300, uint16(200), 3.0)
	f.Fuzz(func(t *testing.T, s uint8, p1 uint16, x1 float64, p2 uint16, x2 float64) {
		k := int(s) % len(scs)
		ps := paths[k]
		vals := map[string]float64{ps[int(p1)%len(ps)]: x1, ps[int(p2)%len(ps)]: x2}
		sc, err := scs[k].WithValues(vals)
		if err != nil {
			return
		}
		m, err := sim.Compile(sc)
		if err != nil {
			return
		}
		w := sim.NewWorld(m)
		for k := range 2 {
			w.Reset([32]byte{byte(k)})
			w.Run()
		}
	})
}
