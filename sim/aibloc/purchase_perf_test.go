package aibloc

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
)

// baselineModel builds the bundled baseline with the given overrides.
func baselineModel(tb testing.TB, kv ...string) *Model {
	tb.Helper()
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < len(kv); i += 2 {
		if err := scenarios.Set(s, kv[i], kv[i+1]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.Validate(); err != nil {
		tb.Fatal(err)
	}
	b, err := New(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// refPoint is the reference evaluation purchaseEval must reproduce bit
// for bit: the slot's inputs by setInputs and capacity, Y and its
// derivatives by CES.Hessian (CES.Y where the Hessian does not exist),
// the value by purchaseValue, and the chain rule of P3.
func refPoint(b *Model, i, k int, sl *slot, q [3]float64) (val float64, g [3]float64, h [3][3]float64, ok bool) {
	p := &b.par
	b.setInputs(i, k, sl, q)
	sl.acap = b.capacity(sl.x[agents.Compute])
	fs := [3]int{int(agents.Compute), int(agents.Hardware), int(agents.Capital)}
	y, gy, hy, ok := b.prod.Hessian(&sl.x, &fs)
	if !ok {
		sl.y = b.prod.Y(&sl.x)
		return b.purchaseValue(i, sl), g, h, false
	}
	sl.y = y
	mult := [3]float64{1 - sl.h, 1 - sl.h, 1}
	if k > 0 {
		mult[2] = 1 - p.feed
	}
	w := b.w[i]
	for a := range 3 {
		g[a] = w*gy[a]*mult[a] - p.price[a]
		for c := range 3 {
			h[a][c] = w * hy[a][c] * mult[a] * mult[c]
		}
	}
	if p.cRun > 0 {
		c := sl.x[agents.Compute]
		s := c + p.cRun
		v := p.dc * b.m[i] * sl.imp
		g[0] += v * p.cRun * mult[0] / (s * s)
		h[0][0] -= 2 * v * p.cRun * mult[0] * mult[0] / (s * s * s)
	}
	return b.purchaseValue(i, sl), g, h, true
}

// TestPurchaseEvalMatches checks that the purchase search's evaluator
// gives, bit for bit, the value, gradient and Hessian of the reference
// path (refPoint) at random purchases in and on the box, for every
// nation and kind of action, over ρ, γ, c_run and φ, including zero
// endowments (where the Hessian does not exist).
func TestPurchaseEvalMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rho := range []string{"-2", "-0.5", "0", "0.5", "1"} {
		for _, gamma := range []string{"1", "1.1", "2"} {
			for _, extra := range [][]string{
				nil,
				{"world.compute_to_run", "0", "world.partner_feed", "0"},
				{"world.compute_to_run", "0.02", "world.partner_feed", "0.3", "nations.AE.endowment.talent", "0"},
				{"nations.AE.endowment.compute", "0", "nations.AE.endowment.hardware", "0"},
			} {
				kv := append([]string{"world.rho", rho, "world.scale", gamma}, extra...)
				b := baselineModel(t, kv...)
				for i := range b.N {
					var hi [3]float64
					for j := range 3 {
						hi[j] = b.par.depth[j] * b.m[i]
					}
					for k := 0; k <= b.S; k++ {
						sl := &b.sl[i*(b.S+1)+k]
						sl.imp = 0.01 + rng.Float64()
						var pe purchaseEval
						pe.init(b, i, k, sl)
						for n := range 20 {
							var q [3]float64
							for j := range 3 {
								switch rng.IntN(4) {
								case 0: // on a bound
									q[j] = hi[j] * float64(rng.IntN(2))
								default:
									q[j] = hi[j] * rng.Float64()
								}
							}
							if n == 0 {
								q = [3]float64{}
							}
							ref := *sl
							wv, wg, wh, wok := refPoint(b, i, k, &ref, q)
							v, ok := pe.eval(&q)
							if math.Float64bits(v) != math.Float64bits(wv) || ok != wok {
								t.Fatalf("%v nation %d slot %d q %v: value %v ok %v, want %v ok %v", kv, i, k, q, v, ok, wv, wok)
							}
							if !ok {
								continue
							}
							if g, h := pe.derivs(); !sameBits(g[:], wg[:]) || !sameBits(h[0][:], wh[0][:]) || !sameBits(h[1][:], wh[1][:]) || !sameBits(h[2][:], wh[2][:]) {
								t.Fatalf("%v nation %d slot %d q %v: gradient %v Hessian %v, want %v %v", kv, i, k, q, g, h, wg, wh)
							}
						}
					}
				}
			}
		}
	}
}

// sameBits reports whether a and b hold the same numbers bit for bit
// (any NaN matching any NaN).
func sameBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
