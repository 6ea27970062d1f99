package sim

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// valueKeys are the parameters in units of value or value per round,
// which a change of numéraire multiplies (property 7). lead_value is
// dimensionless and stays.
func valueKeys(s *scenarios.Scenario) []string {
	keys := []string{"world.productivity", "world.market_value", "bloc.contribution", "bloc.coordination",
		"world.price.compute", "world.price.hardware", "world.price.capital"}
	for _, id := range sortedIDs(s.Superpowers) {
		keys = append(keys, "superpowers."+id+".deal_transfer", "superpowers."+id+".budget")
	}
	return keys
}

func scaleKey(tb testing.TB, s *scenarios.Scenario, key string, f float64) {
	tb.Helper()
	v, err := scenarios.Get(s, key)
	if err != nil {
		tb.Fatal(err)
	}
	if err := scenarios.SetNumber(s, key, v*f); err != nil {
		tb.Fatalf("%s: %v", key, err)
	}
}

// renumeraire multiplies every value parameter of s by lam, and the
// decision rules' payoff intensities so that they see the same choices:
// logit λ and Fermi β ÷ lam, Roth–Erev initial propensity × lam.
func renumeraire(tb testing.TB, s *scenarios.Scenario, lam float64) {
	for _, k := range valueKeys(s) {
		scaleKey(tb, s, k, lam)
	}
	s.Decisions.Lambda /= lam
	s.Decisions.Beta /= lam
	s.Decisions.Initial *= lam
	for _, n := range s.Nations {
		d := &n.Decision
		mul(d.Lambda, 1/lam)
		mul(d.Beta, 1/lam)
		mul(d.Initial, lam)
	}
}

func mul(p *float64, f float64) {
	if p != nil {
		*p *= f
	}
}

// TestProperty7Numeraire: every value parameter ×λ, λ = 2 and 4 (powers
// of two, so scaling is exact in binary floating point), leaves every
// trajectory bit-identical: the same actions in every round, and every
// value output exactly λ times the original. On the baseline, on every
// variant (each rule, mode and path) and on random scenarios.
func TestProperty7Numeraire(t *testing.T) {
	type cas struct {
		name string
		s    func() *scenarios.Scenario
	}
	var cases []cas
	for _, v := range variants {
		cases = append(cases, cas{v.name, func() *scenarios.Scenario { return variantScenario(t, v) }})
	}
	rng := rand.New(rand.NewPCG(7, 7))
	n := 40
	if testing.Short() {
		n = 8
	}
	for k := range n {
		src := randomTOML(rng)
		cases = append(cases, cas{"random " + strconv.Itoa(k), func() *scenarios.Scenario { return parse(t, src) }})
	}
	for _, c := range cases {
		for _, lam := range []float64{2, 4} {
			s0, s1 := c.s(), c.s()
			renumeraire(t, s1, lam)
			r0, r1 := newRun(t, s0, 3), newRun(t, s1, 3)
			for r0.Step() {
				if !r1.Step() {
					t.Fatalf("%s λ=%v: the scaled run stopped early", c.name, lam)
				}
				b0, b1 := r0.Bloc, r1.Bloc
				m0, m1 := &b0.Metrics, &b1.Metrics
				for i := range b0.N {
					if b0.Action(i) != b1.Action(i) {
						t.Fatalf("%s λ=%v round %d: nation %s takes %d, scaled %d", c.name, lam, m0.Round, b0.NIDs[i], b0.Action(i), b1.Action(i))
					}
					for _, p := range [][2]float64{{b0.Realised(i), b1.Realised(i)}, {b0.Usable(i), b1.Usable(i)}, {b0.Stock(i), b1.Stock(i)}} {
						if p[0]*lam != p[1] {
							t.Fatalf("%s λ=%v round %d: nation %s value %v, scaled %v (want exactly ×λ)", c.name, lam, m0.Round, b0.NIDs[i], p[0], p[1])
						}
					}
				}
				for s := range b0.S {
					for _, p := range [][2]float64{{m0.Terms[s], m1.Terms[s]}, {m0.Utility[s], m1.Utility[s]}, {m0.Frontier[s], m1.Frontier[s]}} {
						if p[0]*lam != p[1] {
							t.Fatalf("%s λ=%v round %d: superpower %d value %v, scaled %v", c.name, lam, m0.Round, s, p[0], p[1])
						}
					}
					if m0.Threat[s] != m1.Threat[s] || m0.AltRatio[s] != m1.AltRatio[s] || m0.Controls[s] != m1.Controls[s] {
						t.Fatalf("%s λ=%v round %d: threat or controls differ", c.name, lam, m0.Round)
					}
				}
			}
		}
	}
}

// halvePeriod turns a quarterly scenario into the same world played in
// half-quarters (property 6): 1−d → (1−d)^½, δ → δ^½, every value per
// round ×½ (A's flow, μ, costs, transfers, budgets, prices), revision
// probabilities q → 1−(1−q)^½, exclusion and the open-weight lag ×2,
// the adaptive step ×½, logit λ and Fermi β ×2, Roth–Erev initial
// propensity ×½. Stocks are not parameters: they start at the steady
// state of producing alone in both.
func halvePeriod(tb testing.TB, s *scenarios.Scenario) {
	s.World.Depreciation = 1 - math.Sqrt(1-s.World.Depreciation)
	s.Decisions.Discount = math.Sqrt(s.Decisions.Discount)
	for _, k := range valueKeys(s) {
		scaleKey(tb, s, k, 0.5)
	}
	s.Decisions.Revision = 1 - math.Sqrt(1-s.Decisions.Revision)
	s.Bloc.ExclusionRounds *= 2
	s.World.OpenWeightLag *= 2
	s.World.RoundsPerYear *= 2
	for _, sp := range s.Superpowers {
		sp.AdaptStep /= 2
	}
	s.Decisions.Lambda *= 2
	s.Decisions.Beta *= 2
	s.Decisions.Initial /= 2
	s.Rounds *= 2
	for _, n := range s.Nations {
		d := &n.Decision
		if d.Revision != nil {
			*d.Revision = 1 - math.Sqrt(1-*d.Revision)
		}
		if d.Discount != nil {
			*d.Discount = math.Sqrt(*d.Discount)
		}
		mul(d.Lambda, 2)
		mul(d.Beta, 2)
		mul(d.Initial, 0.5)
	}
}

// TestProperty6PeriodInvariance: a round halved (halvePeriod) leaves every
// nation's ranking of its actions unchanged at a steady state wherever
// the margin between two actions exceeds 1% of the payoff scale. Each
// world is played with its action profile held fixed (no revision) until
// its stocks settle — 400 quarters, 800 half-quarters — and every pair of
// actions of every nation is compared. Checked on the baseline's founders
// profile, on the profile every nation in the bloc, every nation alone,
// and on variants of the world (Cobb–Douglas, individual bargaining,
// ν = 0.1, no trade).
func TestProperty6PeriodInvariance(t *testing.T) {
	type world struct {
		name string
		kv   []string
	}
	worlds := []world{{"baseline", nil}, {"cobb-douglas", []string{"world.rho", "0"}},
		{"individual bargaining", []string{"bloc.collective_bargaining", "false"}},
		{"ν = 0.1", []string{"bloc.non_rivalry", "0.1"}},
		{"no trade", []string{"world.trade_depth.compute", "0", "world.trade_depth.hardware", "0", "world.trade_depth.capital", "0"}}}
	profiles := map[string]func(s *scenarios.Scenario){
		"founders": func(*scenarios.Scenario) {},
		"all in": func(s *scenarios.Scenario) {
			s.Bloc.Founders = sortedIDs(s.Nations)
		},
		"all alone": func(s *scenarios.Scenario) { s.Bloc.Founders = nil },
	}
	compared := 0
	for _, w := range worlds {
		for pname, prof := range profiles {
			sq := set(t, stillBaseline(t), w.kv...)
			prof(sq)
			sq.Decisions.Revision = 1e-9
			sq.Rounds = 400
			sh := clone(t, sq)
			halvePeriod(t, sh)
			rq, rh := newRun(t, sq, 0), newRun(t, sh, 0)
			rq.RunAll(nil)
			rh.RunAll(nil)
			bq, bh := rq.Bloc, rh.Bloc
			scale := bq.PayoffScale()
			for i := range bq.N {
				if bq.Action(i) != bh.Action(i) {
					t.Fatalf("%s/%s: nation %s changed action despite no revision", w.name, pname, bq.NIDs[i])
				}
				nA := len(bq.Actions())
				for a := range nA {
					for c := a + 1; c < nA; c++ {
						if !bq.Available(i, a) || !bq.Available(i, c) {
							continue
						}
						dq := bq.Payoff(i, a) - bq.Payoff(i, c)
						dh := bh.Payoff(i, a) - bh.Payoff(i, c)
						if math.Abs(dq) <= 0.01*scale {
							continue
						}
						compared++
						if (dq > 0) != (dh > 0) {
							t.Errorf("%s/%s: nation %s ranks %s vs %s by %+.4g a quarter but %+.4g a half-quarter",
								w.name, pname, bq.NIDs[i], bq.Actions()[a], bq.Actions()[c], dq, dh)
						}
					}
				}
			}
		}
	}
	if compared < 500 {
		t.Errorf("only %d action pairs compared", compared)
	}
}
