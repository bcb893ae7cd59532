package scenario

// Limits on the size and shape of a scenario document, checked while it is
// tokenised, before goccy's parser builds a tree. The parser is superlinear in
// some shapes (time and memory grow as the square of the nesting depth, of the
// number of keys of one block mapping and of the number of documents), so a
// 200 kB file of "[" once cost 45 s and 15 GB. Within these limits no document
// of at most MaxDocumentBytes costs more than 64 MB of allocation to parse
// (scenario/limits_test.go measures it with runtime.MemStats); the parser
// allocates about 1 kB a token.
//
// The built-in scenarios stay far inside them: depth at most 6, at most 20
// keys in a mapping, under 4,000 tokens, no alias.

import (
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"
)

const (
	// MaxDocumentBytes is the largest scenario file read (1 MiB, the
	// dashboard's request limit).
	MaxDocumentBytes = 1 << 20
	// maxTokens bounds the number of YAML tokens (scalars, indicators,
	// anchors, aliases: the nodes of the tree).
	maxTokens = 50000
	// maxMarks bounds the bytes that can end a token (indicators and line
	// breaks), counted before the scanner runs: goccy's scanner tokenises a
	// whole document in one call, at about 200 bytes a token, so the bound
	// must hold before it starts. A token ends at one of these bytes or at
	// the end of the file, so there are at most 2*maxMarks+1 tokens.
	maxMarks = 50000
	// maxDepth bounds the nesting of collections, block and flow together.
	maxDepth = 64
	// maxKeys bounds the keys of one block mapping.
	maxKeys = 256
	// maxKeyBytes bounds the length of one mapping key.
	maxKeyBytes = 1000
	// maxAliases bounds the number of aliases (*name); their expansion is
	// bounded separately by maxAliasExpansion.
	maxAliases = 1000
	// maxVariantWork bounds (variants + overrides) * tokens: each variant
	// decodes the whole document again (about 250 bytes and 1 µs a token),
	// and each override looks for aliases in all of it: at most about a
	// second and a half. The largest built-in scenario (ukraine-2022, about
	// 7,700 tokens, 9 variants and 103 overrides) uses about 60 %, which
	// leaves room for the test variants some tests add to it.
	maxVariantWork = 1500000
	// maxDocuments bounds the "---" markers (a scenario holds one document).
	maxDocuments = 16
)

// limitError is a problem found by tokenize, with the token at fault.
type limitError struct {
	tk  *token.Token
	msg string
}

func (e *limitError) Error() string { return e.msg }

// tokenize splits data into goccy tokens as lexer.Tokenize does, but stops at
// the first token beyond a limit and returns a Diagnostic at its position.
func tokenize(src *source, data []byte) (token.Tokens, *Diagnostic) {
	if len(data) > MaxDocumentBytes {
		return nil, src.diag(Pos{File: src.name, Line: 1, Col: 1}, "",
			"the file is %d bytes; a scenario may have at most %d (1 MiB)", len(data), MaxDocumentBytes)
	}
	if d := precount(src, data); d != nil {
		return nil, d
	}
	var s scanner.Scanner
	s.Init(string(data))
	var tokens token.Tokens
	var lim limiter
	for {
		sub, err := s.Scan()
		if err == io.EOF {
			break
		}
		for _, tk := range sub {
			tokens.Add(tk)
			if e := lim.check(tokens); e != nil {
				p := Pos{File: src.name, Line: 1, Col: 1}
				if e.tk != nil && e.tk.Position != nil && e.tk.Position.Line > 0 {
					p = tokenPos(src, e.tk)
				}
				return nil, src.diag(p, "", "%s", e.msg)
			}
		}
	}
	return tokens, nil
}

// precount refuses a document with more than maxMarks bytes that can end a
// token. Quoted text and comments are counted too (telling them apart needs
// the scanner); the largest built-in scenario has about 4,100.
func precount(src *source, data []byte) *Diagnostic {
	n, line, col := 0, 1, 1
	for _, c := range data {
		switch c {
		case '\n', '[', ']', '{', '}', ',', ':', '-', '?', '&', '*', '!', '|', '>', '#', '\'', '"', '%', '@', '`':
			n++
			if n > maxMarks {
				return src.diag(Pos{File: src.name, Line: line, Col: col}, "",
					"the document has more than %d indicators and line breaks; a scenario may have at most that many", maxMarks)
			}
		}
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 {
			col++
		}
	}
	return nil
}

// limiter follows the structure of a token stream closely enough to bound its
// depth and the keys of each block mapping. Block structure is inferred from
// columns: a key or "-" at a column right of the enclosing one opens a level.
type limiter struct {
	n, aliases, docs int
	flow             int   // open [ and {
	cols             []int // columns of the open block levels
	keys             []int // keys counted at each block level
}

func (l *limiter) check(tokens token.Tokens) *limitError {
	tk := tokens[len(tokens)-1]
	l.n++
	if l.n > maxTokens {
		return &limitError{tk, fmt.Sprintf("the document has more than %d YAML values and indicators; a scenario may have at most that many", maxTokens)}
	}
	switch tk.Type {
	case token.SequenceStartType, token.MappingStartType:
		l.flow++
	case token.SequenceEndType, token.MappingEndType:
		if l.flow > 0 {
			l.flow--
		}
	case token.AliasType:
		l.aliases++
		if l.aliases > maxAliases {
			return &limitError{tk, fmt.Sprintf("more than %d aliases (*name); a scenario may have at most that many", maxAliases)}
		}
	case token.DocumentHeaderType:
		l.docs++
		if l.docs > maxDocuments {
			return &limitError{tk, fmt.Sprintf("more than %d documents (---); a scenario file holds one", maxDocuments)}
		}
		l.cols, l.keys = l.cols[:0], l.keys[:0]
	case token.SequenceEntryType, token.MappingKeyType:
		if l.flow == 0 {
			l.enter(tk.Position.Column, false)
		}
	case token.MappingValueType:
		// The token before ':' is the key.
		var key *token.Token
		for i := len(tokens) - 2; i >= 0; i-- {
			if tokens[i].Type != token.CommentType && tokens[i].Type != token.SpaceType {
				key = tokens[i]
				break
			}
		}
		if key != nil && len(key.Value) > maxKeyBytes {
			return &limitError{key, fmt.Sprintf("a key of %d bytes; keys may have at most %d", len(key.Value), maxKeyBytes)}
		}
		if l.flow == 0 && key != nil && key.Position != nil {
			if l.enter(key.Position.Column, true) > maxKeys {
				return &limitError{key, fmt.Sprintf("more than %d keys in one mapping; a scenario may have at most that many", maxKeys)}
			}
		}
	}
	if d := len(l.cols) + l.flow; d > maxDepth {
		return &limitError{tk, fmt.Sprintf("collections nested more than %d deep; a scenario may nest at most that deep", maxDepth)}
	}
	return nil
}

// enter records a block item (a key when key is true, else "-" or "?") at
// column col and returns the keys counted at its level.
func (l *limiter) enter(col int, key bool) int {
	for len(l.cols) > 0 && l.cols[len(l.cols)-1] > col {
		l.cols, l.keys = l.cols[:len(l.cols)-1], l.keys[:len(l.keys)-1]
	}
	if len(l.cols) == 0 || l.cols[len(l.cols)-1] < col {
		l.cols, l.keys = append(l.cols, col), append(l.keys, 0)
	}
	if key {
		l.keys[len(l.keys)-1]++
	}
	return l.keys[len(l.keys)-1]
}

// readLimited reads a scenario file of at most MaxDocumentBytes (reading one
// byte more to tell), so that a huge file is refused without being loaded.
func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDocumentBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocumentBytes {
		return nil, fmt.Errorf("%s: the file is more than %d bytes; a scenario may have at most %d (1 MiB)", p, MaxDocumentBytes, MaxDocumentBytes)
	}
	return data, nil
}

// variantWork refuses more variants and overrides than maxVariantWork allows
// for a document of ntok tokens, at the first variant beyond the bound.
func variantWork(src *source, vs []variantSpec, ntok int) *Diagnostic {
	work := 0
	for i, v := range vs {
		work += (1 + len(v.Set)) * ntok
		if work > maxVariantWork {
			return src.diag(v.At, fmt.Sprintf("variants[%d]", i),
				"too many variants and overrides for a document of %d tokens: (variants + overrides) x tokens may be at most %d", ntok, maxVariantWork)
		}
	}
	return nil
}
