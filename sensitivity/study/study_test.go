package study

import (
	"math"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
	_ "github.com/minilateral/minilateral/sim/games" // registers the analytic test models
)

const src = `name = "t"
model = "ishigami"
[sensitivity]
n = 8
replications = 2
[[sensitivity.parameter]]
key = "game.ishigami.x1"
low = 0.5
high = 2
dist = "loguniform"
[[sensitivity.parameter]]
key = "game.ishigami.x2"
low = -1
high = 1
`

func setup(t *testing.T) (*scenarios.Scenario, *Setup) {
	t.Helper()
	s, err := scenarios.Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st, err := FromScenario(s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// The dummy chooses the streams: A and AB_j of a real factor share A's
// streams (common random numbers), B and AB_dummy share B's, and every
// sample has its own.
func TestDummyStreams(t *testing.T) {
	s, st := setup(t)
	if !st.Dummy || st.D() != 3 || strings.Join(st.Names(), " ") != "game.ishigami.x1 game.ishigami.x2 dummy" {
		t.Fatalf("setup: dummy %v, D %d, names %v", st.Dummy, st.D(), st.Names())
	}
	p, rows, err := st.Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	stream := func(pt, rep int) uint64 { return p.Run(pt*p.Reps + rep).Stream }
	for i := range st.N {
		base := i * (st.D() + 2)
		a, b := base, base+1
		for rep := range 2 {
			if stream(a, rep) == stream(b, rep) {
				t.Fatalf("sample %d: A and B share a stream", i)
			}
			if i > 0 && stream(a, rep) == stream(a-st.D()-2, rep) {
				t.Fatalf("samples %d and %d share a stream", i, i-1)
			}
			for j := range 2 {
				if stream(base+2+j, rep) != stream(a, rep) {
					t.Errorf("sample %d: AB_%d does not share A's stream", i, j+1)
				}
			}
			if stream(base+2+2, rep) != stream(b, rep) {
				t.Errorf("sample %d: AB_dummy does not share B's stream", i)
			}
		}
		if stream(a, 0) == stream(a, 1) {
			t.Errorf("sample %d: replications share a stream", i)
		}
		if rows[a].Label() != "A" || rows[base+4].Label() != "AB_3" {
			t.Errorf("sample %d: blocks %s, %s", i, rows[a].Label(), rows[base+4].Label())
		}
	}
}

// Design coordinates are mapped by the priors' quantile functions.
func TestPointsMapped(t *testing.T) {
	_, st := setup(t)
	rows, err := st.Rows()
	if err != nil {
		t.Fatal(err)
	}
	pts := st.Points(rows)
	for k, r := range rows {
		want := 0.5 * math.Pow(4, r.Unit[0]) // log-uniform on [0.5, 2]
		if math.Abs(pts[k][0]-want) > 1e-12 || pts[k][1] != -1+2*r.Unit[1] || pts[k][2] != r.Unit[2] {
			t.Fatalf("row %d: unit %v mapped to %v", k, r.Unit, pts[k])
		}
	}
}

// Without parameters in the table and without priors, the setup is refused.
func TestNoParameters(t *testing.T) {
	s, err := scenarios.Parse("t.toml", []byte("name = \"t\"\nmodel = \"ishigami\"\n[sensitivity]\nn = 8\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FromScenario(s, nil, nil); err == nil || !strings.Contains(err.Error(), "no parameters") {
		t.Errorf("error %v, want a refusal naming the missing parameters", err)
	}
}

// In a Morris trajectory the streams change at the step moving the dummy.
func TestDummyStreamsMorris(t *testing.T) {
	s, st := setup(t)
	st.Method, st.N, st.R, st.Levels = scenarios.MethodMorris, 0, 6, 4
	p, rows, err := st.Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(rows); k++ {
		if rows[k].Step == 0 {
			continue
		}
		same := p.Run(k*p.Reps).Stream == p.Run((k-1)*p.Reps).Stream
		if same == (rows[k].Factor == 2) {
			t.Errorf("trajectory %d step %d (moves factor %d): stream unchanged %v", rows[k].Sample, rows[k].Step, rows[k].Factor+1, same)
		}
	}
}
