package scenario

import (
	"crypto/sha256"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// DefaultID is the built-in scenario run when none is named.
const DefaultID = "ukraine-2022"

// parsedFile keeps the parsed text of a scenario so that variants can be
// applied to it.
type parsedFile struct {
	data     []byte
	src      *source
	root     ast.Node
	variants []variantSpec
}

// Parse reads a scenario from data; name is used in error messages. Any error
// is an Errors listing every problem found, each with its position.
func Parse(name string, data []byte) (*Scenario, error) {
	src := newSource(name, data)
	f, ntok, d := parseYAML(src, data)
	if d != nil {
		return nil, Errors{d}.Err()
	}
	root, d := documentBody(src, f)
	var errs Errors
	if d != nil {
		errs = append(errs, d)
	}
	vs, verrs := variantNodes(src, root)
	errs = append(errs, verrs...)
	if d := variantWork(src, vs, ntok); d != nil {
		errs = append(errs, d)
	}
	sc, berrs := build(src, root)
	errs = append(errs, berrs...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var err error
	sc.File = name
	sc.Hash, err = sc.contentHash()
	if err != nil {
		return nil, err
	}
	sc.parsed = &parsedFile{data: data, src: src, root: root, variants: vs}
	return sc, nil
}

// contentHash is the SHA-256 of what the scenario means, after decoding and
// defaults: its canonical JSON, without positions, variants or the spelling of
// numbers. Comments, layout, key order and "50%" for 0.5 leave it (and so the
// random streams keyed by it) unchanged; any change of meaning changes it.
func (s *Scenario) contentHash() ([32]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return [32]byte{}, fmt.Errorf("scenario %s: cannot hash: %v", s.ID, err)
	}
	return sha256.Sum256(b), nil
}

// build decodes an AST into a Scenario, applies defaults and checks it.
func build(src *source, root ast.Node) (*Scenario, Errors) {
	sc := &Scenario{}
	errs, positions := decodeASTPositions(src, root, sc)
	if root != nil {
		errs = append(errs, sc.finish(src, positions)...)
	}
	return sc, errs
}

// Source returns the text the scenario was read from (the base file, before
// any variant), so that a run can be reproduced from its results alone.
func (s *Scenario) Source() []byte {
	if s.parsed == nil {
		return nil
	}
	return s.parsed.data
}

// LoadFile reads a scenario file.
func LoadFile(p string) (*Scenario, error) {
	data, err := readLimited(p)
	if err != nil {
		return nil, err
	}
	return Parse(p, data)
}

// BuiltinIDs lists the built-in scenarios.
func BuiltinIDs() []string {
	ents, _ := builtinFS.ReadDir("builtin")
	var ids []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".yaml") {
			ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(ids)
	return ids
}

// IsBuiltin reports whether id names a built-in scenario.
func IsBuiltin(id string) bool {
	for _, b := range BuiltinIDs() {
		if b == id {
			return true
		}
	}
	return false
}

// BuiltinSource returns the YAML text of a built-in scenario.
func BuiltinSource(id string) ([]byte, error) {
	if !IsBuiltin(id) {
		return nil, fmt.Errorf("no built-in scenario %q (built-ins: %s)", id, strings.Join(BuiltinIDs(), ", "))
	}
	return builtinFS.ReadFile(path.Join("builtin", id+".yaml"))
}

// Builtin parses a built-in scenario.
func Builtin(id string) (*Scenario, error) {
	data, err := BuiltinSource(id)
	if err != nil {
		return nil, err
	}
	return Parse(id+".yaml", data)
}

// WithVariant returns the scenario with the overrides of variant id applied to
// its text, decoded and checked afresh. Errors in an override point at the
// variant's line. The result keeps the base scenario's hash: trajectory k of
// every variant uses the same random streams (common random numbers).
func (s *Scenario) WithVariant(id string) (*Scenario, error) {
	if s.parsed == nil {
		return nil, fmt.Errorf("scenario %s was not read from a file; variants need its text", s.ID)
	}
	var names []string
	for _, v := range s.parsed.variants {
		names = append(names, v.ID)
		if v.ID != id {
			continue
		}
		root, errs := applyVariant(s.parsed.src, s.parsed.root, v)
		sc, berrs := build(s.parsed.src, root)
		errs = append(errs, berrs...)
		if err := errs.Err(); err != nil {
			return nil, err
		}
		sc.File, sc.Hash, sc.Variant, sc.parsed = s.File, s.Hash, id, s.parsed
		return sc, nil
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("scenario %s has no variants; %q is not one", s.ID, id)
	}
	return nil, fmt.Errorf("scenario %s has no variant %q; its variants are: %s", s.ID, id, strings.Join(names, ", "))
}

// Schema returns the JSON Schema of scenario files.
func Schema() ([]byte, error) {
	return JSONSchemaOf(&Scenario{}, "https://brink.invalid/scenario.schema.json", "brink scenario")
}

// CheckVariants applies every variant of the scenario in turn and returns
// the problems of all of them together (an Errors), or nil. With Parse it is
// what 'brink check' does to a file.
func (s *Scenario) CheckVariants() error {
	var all Errors
	for _, v := range s.Variants {
		if _, err := s.WithVariant(v.ID); err != nil {
			es, ok := err.(Errors)
			if !ok {
				return err
			}
			all = append(all, es...)
		}
	}
	return all.Err()
}

// Rehash sets s.Hash to the content hash of what s now means, after code
// changed its values: the hash a file saying the same would have, so that s
// draws the random numbers that file would. (Scenarios derived for common
// random numbers — variants' sweeps, calibrate's evaluations — keep their
// base's hash instead.)
func (s *Scenario) Rehash() error {
	h, err := s.contentHash()
	if err != nil {
		return err
	}
	s.Hash = h
	return nil
}
