package scenarios

import (
	"github.com/BurntSushi/toml"

	"fmt"
	"slices"
	"strings"
	"testing"
)

const sweepWorld = `name = "t"
[superpowers.US]
market = 0.2
[superpowers.CN]
market = 0.1
[nations.FR]
market = 0.03
[nations.JP]
market = 0.04
`

func TestSweepValidate(t *testing.T) {
	for _, tc := range []struct {
		name, sweep string
		want        string // "" : valid; else "LINE: KEY: message" fragment
	}{
		{"list and range", `
[sweep]
replications = 4
[[sweep.parameter]]
key = "superpowers.US.export_controls"
from = 0
to = 1
steps = 5
[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0, 0.5]`, ""},
		{"override created on demand", `
[[sweep.parameter]]
key = "nations.JP.decision.lambda"
values = [1, 10]`, ""},
		{"switch", `
[[sweep.parameter]]
key = "bloc.threat"
values = [0, 1]`, ""},
		{"unknown key", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0]
[[sweep.parameter]]
key = "bloc.nope"
values = [1]`, `:15: sweep.parameter.key: unknown parameter "bloc.nope"`},
		{"unknown nation", `
[[sweep.parameter]]
key = "nations.XX.market"
values = [1]`, `:12: sweep.parameter.key: unknown nation "XX"`},
		{"empty list", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
values = []`, ":13: sweep.parameter.values: bloc.threat_credibility: empty value list"},
		{"steps < 1", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
from = 0
to = 1
steps = 0`, ":15: sweep.parameter.steps: bloc.threat_credibility: steps = 0: want at least 1"},
		{"from > to", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
from = 0.5
to = 0.1
steps = 3`, ":13: sweep.parameter.from: bloc.threat_credibility: from 0.5 exceeds to 0.1"},
		{"string parameter", `
[[sweep.parameter]]
key = "bloc.entry"
values = [1]`, ":12: sweep.parameter.key: bloc.entry is not a numeric parameter"},
		{"table", `
[[sweep.parameter]]
key = "world.weights"
values = [1]`, "world.weights is not a numeric parameter"},
		{"zero replications", `
[sweep]
replications = 0`, ":12: sweep.replications: 0 replications: want at least 1"},
		{"out of range", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0.5, 1.5]`, "bloc.threat_credibility: 1.5 is outside [0, 1]"},
		{"whole number", `
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
values = [1, 2.5]`, "2.5 is not a whole number"},
		{"switch not 0/1", `
[[sweep.parameter]]
key = "bloc.threat"
values = [0.5]`, "0.5 is not 0 or 1"},
		{"swept twice", `
[[sweep.parameter]]
key = "bloc.threat"
values = [0]
[[sweep.parameter]]
key = "bloc.threat"
values = [1]`, ":15: sweep.parameter.key: bloc.threat is swept twice"},
		{"sweep setting", `
[[sweep.parameter]]
key = "sweep.replications"
values = [1]`, "the sweep's own settings cannot be swept"},
		{"both", `
[[sweep.parameter]]
key = "bloc.threat"
values = [0]
from = 0
to = 1`, "give either values or from/to/steps"},
		{"grid without steps", `
[[sweep.parameter]]
key = "bloc.threat_credibility"
from = 0
to = 1`, "a grid range needs steps"},
		{"lhs without samples", `
[sweep]
design = "lhs"`, `sweep.samples: design = "lhs" needs samples ≥ 1`},
		{"lhs steps", `
[sweep]
design = "lhs"
samples = 3
[[sweep.parameter]]
key = "bloc.threat_credibility"
from = 0
to = 1
steps = 3`, "steps is for grid designs"},
		{"bad design", `
[sweep]
design = "sobol"`, `:12: sweep.design: unknown design "sobol"`},
		{"bad seeding", `
[sweep]
seeding = "shared"`, `unknown seeding "shared"`},
		{"int grid with fractional steps", `
[sweep]
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
from = 0
to = 3
steps = 3`, "steps = 3: 1.5 is not a whole number"},
		{"switch grid with inner values", `
[sweep]
[[sweep.parameter]]
key = "bloc.threat"
from = 0
to = 1
steps = 5`, "steps = 5: 0.25 is not 0 or 1"},
		{"int grid with whole steps", `
[sweep]
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
from = 0
to = 3
steps = 4`, ""},
		{"bad record", `
[sweep]
record = "edges"`, `unknown record "edges"`},
		{"corners of lhs", `
[sweep]
design = "lhs"
samples = 4
record = "corners"`, "needs a grid design"},
		{"record point missing", `
[sweep]
record = [0, 9]
[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0, 1]`, "point 9 does not exist (the design has points 0 to 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sweepWorld + tc.sweep
			// Parse checks the [sweep] table too; so does ValidateSweep alone.
			_, err := Parse("s.toml", []byte(src))
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Parse error %v lacks %q", err, tc.want)
			}
			if tc.want == "" && err != nil {
				t.Fatal(err)
			}
			s := Default()
			if _, err := toml.Decode(src, s); err != nil {
				t.Fatal(err)
			}
			s.path, s.lines = "s.toml", indexLines([]byte(src))
			_, err = s.ValidateSweep([]byte(src))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("no error, want %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

// The sweep's own numbers must never become scenario parameters.
func TestSweepNotAmongKeys(t *testing.T) {
	src := sweepWorld + `
[sweep]
replications = 4
seed = 3
samples = 5
design = "lhs"
record = [1]
[[sweep.parameter]]
key = "bloc.threat_credibility"
from = 0
to = 1
`
	s, err := Parse("s.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys(s) {
		if strings.HasPrefix(k.Path, "sweep") {
			t.Errorf("Keys lists %s", k.Path)
		}
	}
	if _, err := s.ValidateSweep([]byte(src)); err != nil {
		t.Fatal(err)
	}
	if s.Sweep.Reps() != 4 || s.MasterSeed() != 3 || *s.Sweep.Samples != 5 || !slices.Equal(s.Sweep.Record.Points, []int64{1}) {
		t.Errorf("decoded %+v", s.Sweep)
	}
}

func TestSweepGrid(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	n := func(v int64) *int64 { return &v }
	for _, tc := range []struct {
		p    SweepParam
		want []float64
	}{
		{SweepParam{From: f(0), To: f(1), Steps: n(5)}, []float64{0, 0.25, 0.5, 0.75, 1}},
		{SweepParam{From: f(0), To: f(1), Steps: n(21)}, nil},
		{SweepParam{From: f(0.3), To: f(0.3), Steps: n(1)}, []float64{0.3}},
		{SweepParam{Values: []float64{3, 1, 2}}, []float64{3, 1, 2}},
	} {
		got := tc.p.Grid()
		if tc.want == nil {
			if len(got) != 21 || got[1] != 0.05 || got[3] != 0.15 || got[20] != 1 {
				t.Errorf("21 steps: %v", got)
			}
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	s, err := Bundle("baseline")
	if err != nil {
		t.Skip("no baseline yet:", err)
	}
	before, _ := encodeForTest(s)
	c := s.Clone()
	for _, k := range Keys(c) {
		if k.Kind == "float" {
			if err := Set(c, k.Path, "0.123"); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.Bloc.Founders[0] = "XX"
	for _, n := range c.Nations {
		n.Allies = append(n.Allies[:0:0], "ZZ")
		n.Name = "changed"
	}
	Set(c, "nations.JP.decision.lambda", "3")
	after, _ := encodeForTest(s)
	if before != after {
		t.Error("changing the clone changed the original")
	}
	if s.Nations["JP"].Decision.Lambda != nil {
		t.Error("an override appeared in the original")
	}
}

func encodeForTest(s *Scenario) (string, error) {
	var b strings.Builder
	for _, k := range Keys(s) {
		fmt.Fprintf(&b, "%s=%v\n", k.Path, k.Value)
	}
	fmt.Fprintln(&b, s.Bloc.Founders)
	for _, id := range sortedKeys(s.Nations) {
		fmt.Fprintln(&b, id, s.Nations[id].Name, s.Nations[id].Allies)
	}
	return b.String(), nil
}

// The bundled default sweep runs on the baseline world: everything but
// its name, description and [sweep] table must equal baseline.toml's.
func TestDefaultSweepOnBaseline(t *testing.T) {
	base, err := Bundle("baseline")
	if err != nil {
		t.Skip("no baseline yet:", err)
	}
	sw, err := Bundle("export-controls-vs-threat")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sw.ValidateSweep(nil); err != nil {
		t.Fatal(err)
	}
	if sw.Sweep.Reps() != 20 || len(sw.Sweep.Parameters) != 2 || func() bool { pts, runs := sw.DesignSize(); return pts != 441 || runs != 8820 }() {
		t.Errorf("the default sweep is not 21 × 21 × 20: %+v", sw.Sweep)
	}
	for _, name := range []string{"export-controls-vs-threat", "prior-lhs"} {
		sw, err := Bundle(name)
		if err != nil {
			t.Fatal(err)
		}
		c := sw.Clone()
		c.Name, c.Description, c.Sweep = base.Name, base.Description, base.Sweep
		if name == "export-controls-vs-threat" {
			// the one stated difference: the sweep holds US controls at
			// each swept level, so the US's control changes are off
			us, bus := c.Superpowers["US"], base.Superpowers["US"]
			if us.ControlUpRate != 0 || us.ControlDownRate != 0 {
				t.Errorf("%s.toml: the US's control changes must be off (the sweep sets the controls)", name)
			}
			us.ControlUpRate, us.ControlDownRate = bus.ControlUpRate, bus.ControlDownRate
		}
		a, _ := encodeForTest(base)
		b, _ := encodeForTest(c)
		if a != b {
			t.Errorf("%s.toml's world differs from baseline.toml's: paste the baseline tables into it again", name)
		}
	}
}
