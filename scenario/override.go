package scenario

// Variants as AST overrides. A variant is a named set of "path: value" pairs;
// each pair replaces (or adds) one node of the scenario's AST before decoding,
// exactly as if the file had been edited at that spot. The inserted value
// keeps the positions of the variant's text, so a decode error in an
// overridden value points at the variant.
//
// applyOverride edits the tree it is given. To keep the parsed base reusable,
// apply a variant to a deep copy: applyVariant does cloneNode(base) first.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// variantSpec is one entry of the top-level "variants" list, read from the AST.
type variantSpec struct {
	ID          string
	Description string
	At          Pos // position of the variant's mapping
	Set         []overrideSpec
}

// overrideSpec is one "path: value" pair of a variant's "set".
type overrideSpec struct {
	Path  string
	At    Pos // position of the path key
	Value ast.Node
}

// variantNodes reads the "variants" list of the top-level mapping root. It
// reports what stops a variant from being applied (a missing id, a "set" that
// is not a mapping, a duplicate id or path); the fields of variants are
// otherwise checked when the scenario struct is decoded.
func variantNodes(src *source, root ast.Node) ([]variantSpec, Errors) {
	var errs Errors
	aliases := resolveAliases(root)
	top, ok := derefQuiet(root, aliases).(*ast.MappingNode)
	if !ok {
		return nil, nil
	}
	var list ast.Node
	for _, mv := range top.Values {
		if mv == nil {
			continue
		}
		if k, ok := scalarString(derefQuiet(mv.Key, aliases)); ok && k == "variants" {
			list = mv.Value
		}
	}
	ln := derefQuiet(list, aliases)
	if ln == nil {
		return nil, nil
	}
	seq, ok := ln.(*ast.SequenceNode)
	if !ok {
		errs = append(errs, src.diag(nodePos(src, ln), "variants", "expected a list of variants, got %s", describeNode(ln)))
		return nil, errs
	}
	var out []variantSpec
	ids := map[string]Pos{}
	for i, el := range seq.Values {
		path := fmt.Sprintf("variants[%d]", i)
		m, ok := derefQuiet(el, aliases).(*ast.MappingNode)
		if !ok {
			p := nodePos(src, el)
			if isNilNode(el) {
				p = nodePos(src, seq)
			}
			errs = append(errs, src.diag(p, path, "expected a variant (a mapping with id, description and set), got %s", describeNode(derefQuiet(el, aliases))))
			continue
		}
		v := variantSpec{At: nodePos(src, m)}
		var set ast.Node
		for _, mv := range m.Values {
			if mv == nil {
				continue
			}
			k, _ := scalarString(derefQuiet(mv.Key, aliases))
			val := derefQuiet(mv.Value, aliases)
			switch k {
			case "id":
				v.ID, _ = scalarString(val)
			case "description":
				v.Description, _ = scalarString(val)
			case "set":
				set = val
			}
		}
		if v.ID == "" {
			errs = append(errs, src.diag(v.At, path, "variant has no id"))
			continue
		}
		path = "variants." + v.ID
		if first, dup := ids[v.ID]; dup {
			errs = append(errs, src.diag(v.At, path, "duplicate variant id %q (first given at line %d)", v.ID, first.Line))
			continue
		}
		ids[v.ID] = v.At
		if set != nil {
			sm, ok := set.(*ast.MappingNode)
			if !ok {
				errs = append(errs, src.diag(nodePos(src, set), path+".set", "expected a mapping of field path to value, got %s", describeNode(set)))
				continue
			}
			paths := map[string]Pos{}
			for _, mv := range sm.Values {
				if mv == nil {
					continue
				}
				kn := derefQuiet(mv.Key, aliases)
				k, ok := scalarString(kn)
				at := nodePos(src, mv)
				if !ok || k == "" {
					errs = append(errs, src.diag(at, path+".set", "expected a field path such as actors.RUS.politics.resolve, got %s", describeNode(kn)))
					continue
				}
				if first, dup := paths[k]; dup {
					errs = append(errs, src.diag(at, path+".set", "duplicate path %q (first given at line %d)", k, first.Line))
					continue
				}
				paths[k] = at
				v.Set = append(v.Set, overrideSpec{Path: k, At: at, Value: mv.Value})
			}
		}
		out = append(out, v)
	}
	return out, errs
}

// applyVariant returns a deep copy of base with every override of v applied,
// and the problems found (each with Field "variants.<id>.set"). base is not
// modified.
func applyVariant(src *source, base ast.Node, v variantSpec) (ast.Node, Errors) {
	root := cloneNode(base)
	var errs Errors
	for _, o := range v.Set {
		if d := applyOverride(src, root, o.Path, o.Value, o.At); d != nil {
			if d.Field == "" {
				d.Field = "variants." + v.ID + ".set"
			}
			errs = append(errs, d)
		}
	}
	return root, errs
}

// pathSeg is one segment of an override path: a key or id, or an index.
type pathSeg struct {
	name    string
	index   int
	isIndex bool // written as [n], or a bare number
	bracket bool // written as [n]
}

func (s pathSeg) String() string {
	if s.bracket {
		return fmt.Sprintf("[%d]", s.index)
	}
	return s.name
}

// parseOverridePath splits "actors.RUS.politics.resolve" or "ladder[7].cost"
// into segments.
func parseOverridePath(path string) ([]pathSeg, error) {
	if strings.TrimSpace(path) == "" {
		return nil, fmt.Errorf("empty path")
	}
	var segs []pathSeg
	for _, part := range strings.Split(path, ".") {
		name := part
		var idx []int
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			rest := part[i:]
			for rest != "" {
				if rest[0] != '[' {
					return nil, fmt.Errorf("malformed path segment %q: expected [index]", part)
				}
				j := strings.IndexByte(rest, ']')
				if j < 0 {
					return nil, fmt.Errorf("malformed path segment %q: missing ]", part)
				}
				n, err := strconv.Atoi(strings.TrimSpace(rest[1:j]))
				if err != nil || n < 0 {
					return nil, fmt.Errorf("malformed path segment %q: an index is a number from 0", part)
				}
				idx = append(idx, n)
				rest = rest[j+1:]
			}
		} else if strings.ContainsRune(part, ']') {
			return nil, fmt.Errorf("malformed path segment %q: ] without [", part)
		}
		if name == "" && len(idx) == 0 {
			return nil, fmt.Errorf("empty segment in path %q", path)
		}
		if name != "" {
			s := pathSeg{name: name}
			if n, err := strconv.Atoi(name); err == nil && n >= 0 {
				s.index, s.isIndex = n, true
			}
			segs = append(segs, s)
		}
		for _, n := range idx {
			segs = append(segs, pathSeg{index: n, isIndex: true, bracket: true})
		}
	}
	return segs, nil
}

// segsString writes segments back as a path.
func segsString(segs []pathSeg) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 && !s.bracket {
			b.WriteByte('.')
		}
		b.WriteString(s.String())
	}
	return b.String()
}

// applyOverride replaces the node at path in root by a copy of value, or adds
// it when the last segment is a key missing from an existing mapping (or when
// its parent is null). It modifies root in place: pass a clone to keep the
// original (see applyVariant). Errors are positioned at the override key at.
//
// Segments are separated by '.'; "name[3]" or a bare "3" indexes a list; in a
// list a bare name selects the element whose "id" equals it or, for an element
// without id, whose "between" list joined with "-" equals it. Going through an
// alias copies the aliased value into place first, so the override changes
// only this spot; a key that comes from a merge (<<) is likewise copied into
// the mapping before it is changed.
func applyOverride(src *source, root ast.Node, path string, value ast.Node, at Pos) *Diagnostic {
	segs, err := parseOverridePath(path)
	if err != nil {
		return src.diag(at, "", "bad override path %q: %v", path, err)
	}
	aliases := resolveAliases(root)
	cur := root
	set := func(ast.Node) {} // replaces cur in its parent
	for i, seg := range segs {
		last := i == len(segs)-1
		where := segsString(segs[:i])
		// Strip tags and anchors; copy aliased values into place.
		var n ast.Node
		for hops := 0; ; hops++ {
			if hops > maxAliasDepth {
				return src.diag(at, "", "aliases nested too deeply at %s", whereText(where))
			}
			if a, ok := cur.(*ast.AliasNode); ok {
				t, ok := aliases[a]
				if !ok || isNilNode(t) {
					return src.diag(at, "", "cannot follow alias *%s at %s: unknown anchor", aliasName(a), whereText(where))
				}
				c := cloneNode(t)
				set(c)
				cur = c
				continue
			}
			if t, ok := cur.(*ast.TagNode); ok {
				cur = t.Value
				set = func(v ast.Node) { t.Value = v }
				continue
			}
			if a, ok := cur.(*ast.AnchorNode); ok {
				cur = a.Value
				set = func(v ast.Node) { a.Value = v }
				continue
			}
			n = cur
			break
		}
		if isNilNode(n) {
			n = nil
		} else if _, ok := n.(*ast.NullNode); ok {
			n = nil
		}
		switch x := n.(type) {
		case nil:
			if last && !seg.bracket {
				// An empty value becomes a mapping holding the new key.
				mv := newMappingValue(seg.name, cloneNode(value), at)
				set(ast.Mapping(newToken(token.MappingValueType, ":", at), false, mv))
				return nil
			}
			return src.diag(at, "", "cannot set %q: %s is empty", segsString(segs[i:]), whereText(where))
		case *ast.MappingNode:
			if seg.bracket {
				return src.diag(at, "", "cannot index %s: %s is a mapping, not a list", seg, whereText(where))
			}
			mv := findKey(x, seg.name, aliases)
			if mv == nil {
				if mmv := findMerged(x, seg.name, aliases, 0); mmv != nil {
					mv = newMappingValue(seg.name, cloneNode(mmv.Value), nodePos(src, mmv))
					x.Values = append(x.Values, mv)
				}
			}
			if mv == nil {
				if last {
					x.Values = append(x.Values, newMappingValue(seg.name, cloneNode(value), at))
					return nil
				}
				msg := fmt.Sprintf("no field %q in %s", segsString(segs[i:]), whereText(where))
				if s := suggest(seg.name, mappingKeys(x, aliases)); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else if keys := mappingKeys(x, aliases); len(keys) > 0 {
					msg += "; it has " + strings.Join(keys, ", ")
				}
				return src.diag(at, "", "%s", msg)
			}
			if last {
				mv.Value = cloneNode(value)
				return nil
			}
			cur = mv.Value
			set = func(v ast.Node) { mv.Value = v }
		case *ast.SequenceNode:
			idx := -1
			if seg.isIndex {
				if seg.index >= len(x.Values) {
					if len(x.Values) == 0 {
						return src.diag(at, "", "index %d out of range (%s is empty)", seg.index, whereText(where))
					}
					return src.diag(at, "", "index %d out of range (%s has %d entries: 0–%d)", seg.index, whereText(where), len(x.Values), len(x.Values)-1)
				}
				idx = seg.index
			} else {
				var names []string
				for j, el := range x.Values {
					name := elemName(el, aliases)
					if name == seg.name {
						idx = j
						break
					}
					if name != "" {
						names = append(names, name)
					}
				}
				if idx < 0 {
					msg := fmt.Sprintf("no element with id %q in %s", seg.name, whereText(where))
					if s := suggest(seg.name, names); s != "" {
						msg += fmt.Sprintf("; did you mean %q?", s)
					} else if len(names) > 0 {
						msg += "; it has " + strings.Join(names, ", ")
					}
					return src.diag(at, "", "%s", msg)
				}
			}
			j := idx
			setElem := func(v ast.Node) {
				if j < len(x.Entries) && x.Entries[j] != nil && x.Entries[j].Value == x.Values[j] {
					x.Entries[j].Value = v
				}
				x.Values[j] = v
			}
			if last {
				setElem(cloneNode(value))
				return nil
			}
			cur = x.Values[j]
			set = setElem
		default:
			return src.diag(at, "", "cannot set %q: %s is %s, not a mapping or a list", segsString(segs[i:]), whereText(where), describeNode(n))
		}
	}
	return nil
}

func whereText(where string) string {
	if where == "" {
		return "the top level"
	}
	return where
}

// findKey returns the explicit key/value pair named key in m, or nil.
func findKey(m *ast.MappingNode, key string, aliases map[*ast.AliasNode]ast.Node) *ast.MappingValueNode {
	var found *ast.MappingValueNode
	for _, mv := range m.Values {
		if mv == nil || isMergeKey(mv.Key) {
			continue
		}
		if k, ok := scalarString(derefQuiet(mv.Key, aliases)); ok && k == key {
			found = mv // the last one wins, should there be duplicates
		}
	}
	return found
}

// findMerged looks key up in the mappings merged into m with <<.
func findMerged(m *ast.MappingNode, key string, aliases map[*ast.AliasNode]ast.Node, depth int) *ast.MappingValueNode {
	if depth > maxAliasDepth {
		return nil
	}
	for _, mv := range m.Values {
		if mv == nil || !isMergeKey(mv.Key) {
			continue
		}
		var srcs []*ast.MappingNode
		switch v := derefQuiet(mv.Value, aliases).(type) {
		case *ast.MappingNode:
			srcs = append(srcs, v)
		case *ast.SequenceNode:
			for _, el := range v.Values {
				if mm, ok := derefQuiet(el, aliases).(*ast.MappingNode); ok {
					srcs = append(srcs, mm)
				}
			}
		}
		for _, s := range srcs {
			if f := findKey(s, key, aliases); f != nil {
				return f
			}
			if f := findMerged(s, key, aliases, depth+1); f != nil {
				return f
			}
		}
	}
	return nil
}

// mappingKeys lists the keys of m, merged ones included.
func mappingKeys(m *ast.MappingNode, aliases map[*ast.AliasNode]ast.Node) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(m *ast.MappingNode, depth int)
	walk = func(m *ast.MappingNode, depth int) {
		if depth > maxAliasDepth {
			return
		}
		for _, mv := range m.Values {
			if mv == nil {
				continue
			}
			if isMergeKey(mv.Key) {
				switch v := derefQuiet(mv.Value, aliases).(type) {
				case *ast.MappingNode:
					walk(v, depth+1)
				case *ast.SequenceNode:
					for _, el := range v.Values {
						if mm, ok := derefQuiet(el, aliases).(*ast.MappingNode); ok {
							walk(mm, depth+1)
						}
					}
				}
				continue
			}
			if k, ok := scalarString(derefQuiet(mv.Key, aliases)); ok && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	walk(m, 0)
	return out
}

func newToken(typ token.Type, text string, at Pos) *token.Token {
	return &token.Token{
		Type:     typ,
		Value:    text,
		Origin:   text,
		Position: &token.Position{Line: at.Line, Column: at.Col},
	}
}

// newMappingValue makes "key: value" with the key positioned at at.
func newMappingValue(key string, value ast.Node, at Pos) *ast.MappingValueNode {
	k := ast.String(newToken(token.StringType, key, at))
	return ast.MappingValue(newToken(token.MappingValueType, ":", at), k, value)
}

// cloneNode returns a deep copy of the node tree n: every node is new, so the
// copy can be edited without touching n. Tokens (text and position) and
// comments are shared, as nothing here modifies them.
func cloneNode(n ast.Node) ast.Node {
	return cloneDepth(n, 0)
}

func cloneDepth(n ast.Node, depth int) ast.Node {
	if isNilNode(n) {
		return n
	}
	if depth > 100000 {
		return n
	}
	depth++
	switch x := n.(type) {
	case *ast.DocumentNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Body = cloneDepth(x.Body, depth)
		return &c
	case *ast.MappingNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Values = make([]*ast.MappingValueNode, len(x.Values))
		for i, mv := range x.Values {
			c.Values[i] = cloneMappingValue(mv, depth)
		}
		return &c
	case *ast.MappingValueNode:
		return cloneMappingValue(x, depth)
	case *ast.MappingKeyNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Value = cloneDepth(x.Value, depth)
		return &c
	case *ast.SequenceNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Values = make([]ast.Node, len(x.Values))
		for i, v := range x.Values {
			c.Values[i] = cloneDepth(v, depth)
		}
		c.ValueHeadComments = append([]*ast.CommentGroupNode(nil), x.ValueHeadComments...)
		if x.Entries != nil {
			c.Entries = make([]*ast.SequenceEntryNode, len(x.Entries))
			for i, e := range x.Entries {
				if e == nil {
					continue
				}
				ce := *e
				ce.BaseNode = cloneBase(e.BaseNode)
				if i < len(x.Values) && e.Value == x.Values[i] {
					ce.Value = c.Values[i]
				} else {
					ce.Value = cloneDepth(e.Value, depth)
				}
				c.Entries[i] = &ce
			}
		}
		return &c
	case *ast.AnchorNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Name = cloneDepth(x.Name, depth)
		c.Value = cloneDepth(x.Value, depth)
		return &c
	case *ast.AliasNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Value = cloneDepth(x.Value, depth)
		return &c
	case *ast.TagNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		c.Value = cloneDepth(x.Value, depth)
		return &c
	case *ast.LiteralNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		if x.Value != nil {
			v := *x.Value
			v.BaseNode = cloneBase(x.Value.BaseNode)
			c.Value = &v
		}
		return &c
	case *ast.StringNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.IntegerNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.FloatNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.BoolNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.NullNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.InfinityNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.NanNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	case *ast.MergeKeyNode:
		c := *x
		c.BaseNode = cloneBase(x.BaseNode)
		return &c
	}
	return n // comments and other leaves that nothing edits
}

func cloneMappingValue(mv *ast.MappingValueNode, depth int) *ast.MappingValueNode {
	if mv == nil {
		return nil
	}
	c := *mv
	c.BaseNode = cloneBase(mv.BaseNode)
	if !isNilNode(mv.Key) {
		if k, ok := cloneDepth(mv.Key, depth).(ast.MapKeyNode); ok {
			c.Key = k
		}
	}
	c.Value = cloneDepth(mv.Value, depth)
	return &c
}

func cloneBase(b *ast.BaseNode) *ast.BaseNode {
	if b == nil {
		return nil
	}
	c := *b
	return &c
}
