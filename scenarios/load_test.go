package scenarios

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// minimal is a valid scenario the error cases below break one line at a time.
const minimal = `name = "t"
description = "minimal"
[superpowers.US]
market = 0.2
export_controls = 0.5
[nations.IN]
market = 0.03
affinity = { US = 0.6 }
[nations.IN.endowment]
talent = 0.01
compute = 0.01
capital = 0.01
hardware = 0.01
energy = 0.01
`

func TestParseMinimal(t *testing.T) {
	s, err := Parse("min.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	sp := s.Superpowers["US"]
	def := DefaultSuperpower()
	if sp.ExportControls != 0.5 || sp.DealWaiver != def.DealWaiver || sp.Mode != "fixed" {
		t.Errorf("superpower defaults not filled: %+v", sp)
	}
	if got := s.Nations["IN"].Affinity["US"]; got != 0.6 {
		t.Errorf("affinity = %v, want 0.6", got)
	}
	if s.Rounds != Default().Rounds || s.Bloc.Threat != Default().Bloc.Threat {
		t.Errorf("top-level defaults not kept")
	}
}

func TestParseErrors(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(minimal, old) {
			panic("test fixture lacks " + old)
		}
		return strings.Replace(minimal, old, new, 1)
	}
	tests := []struct {
		name, src string
		line      int
		want      []string // substrings of the message
	}{
		{"syntax", replace("[nations.IN]", "[nations.IN"), 7, []string{"min.toml:7:", "to end table name"}},
		{"unknown key", replace("export_controls = 0.5", "export_control = 0.5"), 5, []string{"superpowers.US.export_control", "unknown key", `did you mean "export_controls"`}},
		{"unknown table", minimal + "[bogus]\nx = 1\n", 15, []string{"bogus", "unknown key"}},
		{"wrong type", replace("export_controls = 0.5", `export_controls = "high"`), 5, []string{"superpowers.US.export_controls", "string"}},
		{"controls above 1", replace("export_controls = 0.5", "export_controls = 1.5"), 5, []string{"superpowers.US.export_controls", "1.5 is outside [0, 1]"}},
		{"negative endowment", replace("talent = 0.01", "talent = -0.01"), 10, []string{"nations.IN.endowment.talent", "outside"}},
		{"zero nations", strings.Split(minimal, "[nations.IN]")[0], 0, []string{"at least one nation"}},
		{"unknown rule", minimal + "[decisions]\nrule = \"genius\"\n", 16, []string{"decisions.rule", `"genius"`}},
		{"unknown nation rule", minimal + "[nations.IN.decision]\nrule = \"genius\"\n", 16, []string{"nations.IN.decision.rule"}},
		{"nation twice", minimal + "[nations.IN]\nmarket = 0.1\n", 15, []string{"nations.IN", "already been defined"}},
		{"unknown founder", minimal + "[bloc]\nfounders = [\"FR\"]\n", 16, []string{"bloc.founders", `"FR"`}},
		{"bad id", replace("[nations.IN]", "[nations.India]") + "", 6, []string{"ISO 3166-1"}},
		{"affinity to unknown", replace("{ US = 0.6 }", "{ US = 0.6, CN = 0.2 }"), 8, []string{"nations.IN.affinity.CN", "unknown superpower"}},
		{"shares above one", replace("compute = 0.01", "compute = 0.01\n[superpowers.US.endowment]\ncompute = 0.995"), 0, []string{"compute", "above 1"}},
		{"unknown mode", replace("export_controls = 0.5", "export_controls = 0.5\nmode = \"bully\""), 6, []string{"superpowers.US.mode", "bully"}},
		{"ally twice", replace("affinity = { US = 0.6 }", "affinity = { US = 0.6 }\nallies = [\"US\", \"US\"]"), 9, []string{"nations.IN.allies", "listed twice"}},
		{"rounds zero", "rounds = 0\n" + minimal, 1, []string{"rounds", "outside"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("min.toml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not a *scenarios.Error", err)
			}
			if e.File != "min.toml" {
				t.Errorf("file = %q", e.File)
			}
			if tc.line > 0 && e.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", e.Line, tc.line, err)
			}
		})
	}
}

func TestSet(t *testing.T) {
	s, err := Parse("min.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	good := []struct {
		key, val string
		want     float64
	}{
		{"superpowers.US.export_controls", "0.25", 0.25},
		{"bloc.threat_credibility", "0", 0},
		{"nations.IN.endowment.hardware", "0.02", 0.02},
		{"nations.IN.affinity.US", "0.9", 0.9},
		{"nations.IN.decision.lambda", "7", 7},
		{"rounds", "12", 12},
		{"seed", "99", 99},
		{"bloc.collective_bargaining", "false", 0},
		{"bloc.threat", "1", 1},
	}
	for _, g := range good {
		if err := Set(s, g.key, g.val); err != nil {
			t.Errorf("Set(%s=%s): %v", g.key, g.val, err)
			continue
		}
		if v, err := Get(s, g.key); err != nil || v != g.want {
			t.Errorf("Get(%s) = %v, %v; want %v", g.key, v, err, g.want)
		}
	}
	bad := []struct{ key, val, want string }{
		{"superpowers.US.export_control", "0.1", "unknown parameter"},
		{"nations.XX.market", "0.1", `unknown nation "XX"`},
		{"superpowers.CN.budget", "1", `unknown superpower "CN"`},
		{"superpowers.US.export_controls", "abc", "not a finite number"},
		{"superpowers.US.export_controls", "NaN", "not a finite number"},
		{"rounds", "1.5", "not a whole number"},
		{"bloc.threat", "maybe", "true, false"},
		{"decisions.rule", "logit", "not a numeric parameter"},
		{"nations.IN.affinity.CN", "0.1", "no entry"},
		{"bloc", "1", "table"},
	}
	for _, b := range bad {
		err := Set(s, b.key, b.val)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Set(%s=%s) = %v, want error containing %q", b.key, b.val, err, b.want)
		}
	}
	// An out-of-range value is accepted by Set and refused by Validate.
	if err := Set(s, "superpowers.US.export_controls", "3"); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "min.toml:5: superpowers.US.export_controls") {
		t.Errorf("Validate after out-of-range Set = %v", err)
	}
}

// TestNegativeZero: −0 from a file or from --set is stored as +0, so no
// output ever prints "-0"; a refused Set leaves the scenario untouched.
func TestNegativeZero(t *testing.T) {
	s, err := Parse("min.toml", []byte(strings.Replace(minimal, "export_controls = 0.5", "export_controls = -0.0", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if v := s.Superpowers["US"].ExportControls; v != 0 || math.Signbit(v) {
		t.Errorf("export_controls from -0.0 = %v (signbit %v)", v, math.Signbit(v))
	}
	if err := Set(s, "bloc.threat_credibility", "-0"); err != nil {
		t.Fatal(err)
	}
	if math.Signbit(s.Bloc.Threat) {
		t.Error("--set -0 stored a negative zero")
	}
	// Refused values change nothing, not even by creating an override.
	for _, kv := range [][2]string{{"nations.IN.decision.lambda", "abc"}, {"nations.IN.decision.rule", "logit"}} {
		if err := Set(s, kv[0], kv[1]); err == nil {
			t.Fatalf("Set(%s=%s) accepted", kv[0], kv[1])
		}
	}
	if d := s.Nations["IN"].Decision; d.Lambda != nil || d.Rule != nil {
		t.Errorf("refused Set created overrides: %+v", d)
	}
}

func TestKeysSortedAndComplete(t *testing.T) {
	s, err := Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	keys := Keys(s)
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.Path] {
			t.Errorf("key %s listed twice", k.Path)
		}
		seen[k.Path] = true
	}
	for _, want := range []string{"superpowers.US.export_controls", "bloc.threat_credibility", "nations.JP.endowment.hardware", "world.weights.energy", "nations.IN.affinity.CN"} {
		if !seen[want] {
			t.Errorf("Keys lacks %s", want)
		}
	}
	// Nations come out sorted.
	var order []string
	for _, k := range keys {
		if strings.HasSuffix(k.Path, ".market") && strings.HasPrefix(k.Path, "nations.") {
			order = append(order, k.Path)
		}
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Errorf("nations not sorted: %s before %s", order[i-1], order[i])
		}
	}
}

func TestBundledValid(t *testing.T) {
	list := Bundled()
	if len(list) < 5 {
		t.Fatalf("only %d bundled scenarios", len(list))
	}
	for _, b := range list {
		if b.Description == "" || strings.Contains(b.Description, "\n") {
			t.Errorf("%s: description %q is not one line", b.Name, b.Description)
		}
	}
	s, err := Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Superpowers) != 2 || len(s.Nations) < 8 {
		t.Errorf("baseline has %d superpowers and %d nations", len(s.Superpowers), len(s.Nations))
	}
	if _, err := Bundle("no-such"); err == nil {
		t.Error("unknown bundled name accepted")
	}
}

// TestBaselineMatchesCalibration keeps baseline.toml's endowments and
// market shares in step with the calibration code.
func TestBaselineMatchesCalibration(t *testing.T) {
	s, err := Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	if len(cal) != len(s.Nations)+len(s.Superpowers) {
		t.Fatalf("calibration has %d nations, baseline %d", len(cal), len(s.Nations)+len(s.Superpowers))
	}
	const tol = 5e-5 // the file holds four decimals
	for _, c := range cal {
		var e Endowment
		var m float64
		if sp, ok := s.Superpowers[c.ID]; ok {
			e, m = sp.Endowment, sp.Market
		} else if n, ok := s.Nations[c.ID]; ok {
			e, m = n.Endowment, n.Market
		} else {
			t.Errorf("%s is calibrated but not in the baseline", c.ID)
			continue
		}
		got := Weights(e).Array()
		for f := range got {
			if math.Abs(got[f]-c.Endowment[f]) > tol {
				t.Errorf("%s %s = %v in baseline.toml, %v from the calibration", c.ID, CalibFactors[f], got[f], c.Endowment[f])
			}
		}
		if math.Abs(m-c.Market) > tol {
			t.Errorf("%s market = %v, calibration %v", c.ID, m, c.Market)
		}
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.toml")
	if err := os.WriteFile(p, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, src, err := Open(p); err != nil || s.Name != "t" || string(src) != minimal {
		t.Errorf("Open(file) = %v, %v", s, err)
	}
	if s, err := Load(p); err != nil || s.Name != "t" || s.File() != p {
		t.Errorf("Load(file) = %v, %v", s, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Error("Load(missing) succeeded")
	}
	if s, _, err := Open("baseline"); err != nil || s.Name != "baseline" {
		t.Errorf("Open(bundled) = %v", err)
	}
	if _, _, err := Open(filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Open(missing) = %v", err)
	}
}

// FuzzParse feeds arbitrary text to the loader: it may refuse, never panic,
// and what it accepts must validate and survive a Keys walk. Loading
// allocates in proportion to the text, never to the design it describes,
// and an accepted design is bounded (make fuzz runs it; testdata/fuzz
// keeps every input that once hung or crashed it).
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	for _, b := range Bundled() {
		src, _ := BundledSource(b.Name)
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s *Scenario
		var err error
		alloc := allocated(func() { s, err = Parse("fuzz.toml", data) })
		if limit := parseAllocLimit(len(data)); alloc > limit {
			t.Fatalf("Parse of %d bytes allocated %d bytes (limit %d)", len(data), alloc, limit)
		}
		if err != nil {
			return
		}
		if points, runs := s.DesignSize(); points > MaxDesignRuns || runs > MaxDesignRuns {
			t.Fatalf("accepted a design of %d points, %d runs", points, runs)
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted scenario fails validation: %v", err)
		}
		for _, k := range Keys(s) {
			if math.IsNaN(k.Value) {
				t.Fatalf("accepted NaN at %s", k.Path)
			}
		}
	})
}

// allocated returns the bytes fn allocated (TotalAlloc counts every
// allocation; no collection is needed).
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// parseAllocLimit bounds what loading n bytes of text may allocate: a
// generous multiple of the text, plus the defaults and key registry.
func parseAllocLimit(n int) uint64 { return 16<<20 + 4096*uint64(n) }
