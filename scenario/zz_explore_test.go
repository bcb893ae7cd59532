package scenario_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"brink/scenario"
)

func TestZZHang(t *testing.T) {
	raw, _ := os.ReadFile(os.Getenv("HANGFILE"))
	lines := strings.SplitN(string(raw), "\n", 3)
	q := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
	s, err := strconv.Unquote(q)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(os.Getenv("HANGFILE")+".yaml", []byte(s), 0o644)
	_, err = scenario.Parse("h.yaml", []byte(s))
	t.Log(err)
}
