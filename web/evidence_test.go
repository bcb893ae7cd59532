package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/evidence"
	"brink/scenario"
)

// The record block of a scenario text comes out as a record file that parses
// to the same observations.
func TestRecordBlock(t *testing.T) {
	text, err := scenario.BuiltinSource("cuba-1962")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("cuba-1962.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	block := recordBlock(string(text))
	rec, err := scenario.ParseRecord(recordName, []byte(block), sc)
	if err != nil {
		t.Fatalf("%v\n%s", err, block)
	}
	if len(rec.Observations) != len(sc.Record.Observations) || !rec.Through.Equal(sc.Record.Through.Time) {
		t.Errorf("the record file has %d observations through %v, the scenario's %d through %v", len(rec.Observations), rec.Through, len(sc.Record.Observations), sc.Record.Through)
	}
	if recordBlock("id: x\nactors: []\n") != "" {
		t.Error("a scenario without a record gave a record block")
	}
}

// Checking a record: what it holds, or its problems with their positions,
// as brink validate -record reports them; an empty record stands for the
// scenario's.
func TestValidateRecord(t *testing.T) {
	f := newFixture(t, false, nil)
	text, _ := scenario.BuiltinSource("cuba-1962")
	rec := recordBlock(string(text))
	decode := func(body string) recordCheck {
		var r recordCheck
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return r
	}
	_, body := f.post(t, "/validate-record", url.Values{"name": {"cuba-1962.yaml"}, "text": {string(text)}, "record": {rec}})
	if r := decode(body); !r.OK || r.Observations == 0 || r.Through != "1962-12-15" || len(r.Diagnostics) != 0 {
		t.Errorf("the built-in record: %+v", r)
	}
	_, body = f.post(t, "/validate-record", url.Values{"name": {"cuba-1962.yaml"}, "text": {string(text)}, "record": {""}})
	if r := decode(body); !r.OK || r.Through != "1962-12-15" {
		t.Errorf("no record text (the scenario's own): %+v", r)
	}
	bad := strings.Replace(rec, "through: 1962-12-15", "through: soon", 1)
	sc, _ := scenario.Parse("cuba-1962.yaml", text)
	_, perr := scenario.ParseRecord(recordName, []byte(bad), sc)
	_, body = f.post(t, "/validate-record", url.Values{"name": {"cuba-1962.yaml"}, "text": {string(text)}, "record": {bad}})
	if r := decode(body); r.OK || len(r.Diagnostics) != 1 || perr == nil || r.Diagnostics[0].Text != perr.Error() || r.Diagnostics[0].Line == 0 {
		t.Errorf("a bad date: %+v\nwant %v", r, perr)
	}
	unknown := strings.Replace(rec, "observations:", "observations:\n  - {id: x, event: capitulation, actor: NOBODY, date: 1962-11-01, happened: false}", 1)
	_, body = f.post(t, "/validate-record", url.Values{"name": {"cuba-1962.yaml"}, "text": {string(text)}, "record": {unknown}})
	if r := decode(body); r.OK || len(r.Diagnostics) == 0 || !strings.Contains(r.Diagnostics[0].Text, "NOBODY") {
		t.Errorf("an unknown actor: %+v", r)
	}
	_, body = f.post(t, "/validate-record", url.Values{"name": {"cuba-1962.yaml"}, "text": {"id: x\n"}, "record": {rec}})
	if r := decode(body); r.OK || !strings.Contains(r.Status, "scenario has problems") {
		t.Errorf("a broken scenario: %+v", r)
	}
}

// Infer launched from the editor runs as brink infer does: the same
// inference, kept as a results directory, its report served on the job's
// page.
func TestLaunchInfer(t *testing.T) {
	f := newFixture(t, false, nil)
	text, _ := scenario.BuiltinSource("cuba-1962")
	form := url.Values{"text": {string(text)}, "name": {"cuba-1962.yaml"}, "n": {"300"}, "seed": {"2"}, "action": {"infer"},
		"hypothesis": {"no-arkhipov", "nope"}}
	resp, body := f.post(t, "/jobs", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("POST /jobs: %d %q\n%.500s", resp.StatusCode, loc, body)
	}
	id := strings.TrimPrefix(loc, "/jobs/")
	states := readEvents(t, f, id)
	last := states[len(states)-1]
	if last.State != "saved" || last.Report != "/jobs/"+id+"/report" || last.Done != 300 {
		t.Fatalf("last state %+v", last)
	}
	if code, body := f.get(t, last.Report); code != 200 || !strings.Contains(body, "REPORT OF") {
		t.Errorf("GET %s = %d:\n%.300s", last.Report, code, body)
	}
	j := f.srv.jobs.get(id)
	got, err := os.ReadFile(filepath.Join(j.dir, evidence.InferFile))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Parse("cuba-1962.yaml", text)
	in, err := evidence.NewInferrer(sc, sc.Record, evidence.InferOptions{Options: evidence.Options{N: 300, Seed: 2}, Variants: []string{"no-arkhipov"}})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := in.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(in.Summarise(acc), "", "  ")
	if !bytes.Equal(bytes.TrimSpace(got), want) {
		t.Error("the dashboard's inference differs from brink infer's")
	}
	// A bad record refuses the launch with the reason.
	form.Set("record", "through: soon\n")
	resp, body = f.post(t, "/jobs", form)
	if resp.StatusCode != 400 || !strings.Contains(body, "record has problems") {
		t.Errorf("a bad record: %d\n%.400s", resp.StatusCode, body)
	}
	if code, _ := f.get(t, "/jobs/"+id+"x/report"); code != 404 {
		t.Errorf("the report of no job: %d", code)
	}
}
