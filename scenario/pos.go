package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a scenario file. Line and Col count from 1; a zero Line
// means the place is unknown (a value set in Go code, not read from a file).
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		if p.File == "" {
			return "-"
		}
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one error in a scenario: where, which field, what is wrong and
// what was expected. Source is the text of the offending line, shown with a caret.
type Diagnostic struct {
	Pos    Pos
	Field  string // dotted path of the field, e.g. actors.RUS.politics.resolve
	Msg    string
	Source string
}

func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	if d.Source != "" && d.Pos.Line > 0 {
		num := fmt.Sprintf("%5d | ", d.Pos.Line)
		b.WriteString("\n")
		b.WriteString(num)
		b.WriteString(strings.TrimRight(d.Source, "\r\n"))
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", len(num)-2))
		b.WriteString("| ")
		// Keep tabs so the caret lines up under tab-indented text.
		col := d.Pos.Col - 1
		for i := 0; i < col && i < len(d.Source); i++ {
			if d.Source[i] == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		for i := len(d.Source); i < col; i++ {
			b.WriteByte(' ')
		}
		b.WriteString("^")
	}
	return b.String()
}

// Errors is every problem found in a scenario, reported together. It is an
// error when it holds at least one Diagnostic.
type Errors []*Diagnostic

func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, d := range e {
		parts[i] = d.Error()
	}
	s := strings.Join(parts, "\n")
	if len(e) > 1 {
		s += fmt.Sprintf("\n%d errors", len(e))
	}
	return s
}

// Err returns e as an error, or nil when it is empty, sorted by position.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	sort.SliceStable(e, func(i, j int) bool {
		a, b := e[i].Pos, e[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return e
}

// source holds the lines of one scenario file, to quote them in diagnostics.
type source struct {
	name  string
	lines []string
}

func newSource(name string, data []byte) *source {
	return &source{name: name, lines: strings.Split(string(data), "\n")}
}

func (s *source) line(n int) string {
	if s == nil || n < 1 || n > len(s.lines) {
		return ""
	}
	return s.lines[n-1]
}

// diag makes a Diagnostic at p, quoting the line from s.
func (s *source) diag(p Pos, field, format string, args ...any) *Diagnostic {
	return &Diagnostic{Pos: p, Field: field, Msg: fmt.Sprintf(format, args...), Source: s.line(p.Line)}
}
