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
	return modelOf(tb, s, kv...)
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
		dcm := p.dc * b.m[i]
		g[0] += sl.imp * (dcm * p.cRun * mult[0] / (s * s))
		h[0][0] += sl.imp * (-2 * dcm * p.cRun * mult[0] * mult[0] / (s * s * s))
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
					hi := b.depthBox(i)
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

// refPurchase is the purchase search as it was before the stopping rule
// newtonDone (commit 59b5a72): projected Newton steps with backtracking
// until no step raises the value, then the corners. It returns the
// purchases it chooses; the slot is left at some trial point.
func refPurchase(b *Model, i, k int, sl *slot, q [3]float64) [3]float64 {
	p := &b.par
	var hi [3]float64
	for j := range 3 {
		hi[j] = p.depth[j] * b.m[i]
		q[j] = math.Min(hi[j], math.Max(0, q[j]))
	}
	val, g, h, ok := refPoint(b, i, k, sl, q)
	for range maxNewton {
		if !ok {
			nq := q
			for j := range 3 {
				if nq[j] == 0 && hi[j] > 0 {
					nq[j] = hi[j] / 2
				}
			}
			if nq == q {
				break
			}
			q = nq
			val, g, h, ok = refPoint(b, i, k, sl, q)
			continue
		}
		d, _ := newtonStep(q, hi, g, h)
		t, moved := 1.0, false
		for range 40 {
			var nq [3]float64
			for j := range 3 {
				nq[j] = math.Min(hi[j], math.Max(0, q[j]+t*d[j]))
			}
			if nq == q {
				break
			}
			v, ng, nh, nok := refPoint(b, i, k, sl, nq)
			if v > val {
				q, val, g, h, ok, moved = nq, v, ng, nh, nok, true
				break
			}
			t /= 2
		}
		if !moved {
			break
		}
		small := true
		for j := range 3 {
			small = small && math.Abs(t*d[j]) <= 1e-12*hi[j]
		}
		if small {
			break
		}
	}
	best := q
	if b.prod.Gamma > 1 {
		for _, c := range [2][3]float64{{}, hi} {
			b.chosen(i, k, sl, c)
			if v := b.purchaseValue(i, sl); v > val {
				best, val = c, v
			}
		}
	}
	return best
}

// valueAt is the purchase value of slot k at purchases q (P1), on a copy
// of the slot.
func valueAt(b *Model, i, k int, sl *slot, q [3]float64) float64 {
	tr := *sl
	b.chosen(i, k, &tr, q)
	return b.purchaseValue(i, &tr)
}

// bruteForce maximises the purchase value over a 9×9×9 grid on the box
// and then by a compass search from the best grid point down to steps
// of 1e-13 of the box: a reference that assumes nothing about
// concavity or derivatives.
func bruteForce(b *Model, i, k int, sl *slot, hi [3]float64) (best [3]float64, v float64) {
	const n = 8
	v = math.Inf(-1)
	for a := 0; a <= n; a++ {
		for c := 0; c <= n; c++ {
			for e := 0; e <= n; e++ {
				q := [3]float64{hi[0] * float64(a) / n, hi[1] * float64(c) / n, hi[2] * float64(e) / n}
				if w := valueAt(b, i, k, sl, q); w > v {
					best, v = q, w
				}
			}
		}
	}
	for step := 1.0 / n; step > 1e-13; {
		improved := false
		for j := range 3 {
			for _, sgn := range [2]float64{-1, 1} {
				q := best
				q[j] = math.Min(hi[j], math.Max(0, q[j]+sgn*step*hi[j]))
				if w := valueAt(b, i, k, sl, q); w > v {
					best, v, improved = q, w, true
				}
			}
		}
		if !improved {
			step /= 2
		}
	}
	return best, v
}

// TestPurchaseAccuracy checks that the purchase search's choice is the
// valuation-maximising one: on random worlds (ρ, γ including the
// non-concave γ > 1, c_run, φ, prices, depths, import levels), for every
// nation and kind of action, from a cold start (nothing bought) and from
// random warm starts, the value it reaches is at least that of the
// search before the stopping rule newtonDone (refPurchase) and of a
// derivative-free brute-force search (bruteForce), each less 1e-13 of
// the value's scale (the rounding of the value is about 1e-16 of it),
// and its purchases lie in the box.
func TestPurchaseAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst := struct{ ref, brute, gain, dist, distRef float64 }{math.Inf(-1), math.Inf(-1), 0, 0, 0}
	for range 40 {
		pick := func(v ...string) string { return v[rng.IntN(len(v))] }
		kv := []string{
			"world.rho", pick("-2", "-0.5", "-0.5", "0", "0.5", "1"),
			"world.scale", pick("1", "1.1", "1.1", "1.5"),
			"world.compute_to_run", pick("0", "0.005", "0.02"),
			"world.partner_feed", pick("0", "0.2"),
			"world.price.compute", pick("10", "65", "200"),
			"world.price.hardware", pick("30", "157"),
			"world.price.capital", pick("10", "37.7"),
			"world.trade_depth.hardware", pick("0.1", "1"),
			// a nation with no compute or hardware of its own
			"nations.AE.endowment.compute", pick("0.0009", "0"),
			"nations.AE.endowment.hardware", pick("0.0009", "0"),
		}
		b := baselineModel(t, kv...)
		for i := range b.N {
			hi := b.depthBox(i)
			for k := 0; k <= b.S; k++ {
				sl := &b.sl[i*(b.S+1)+k]
				sl.imp *= 0.5 + 2*rng.Float64()
				starts := [][3]float64{{}, {hi[0] * rng.Float64(), hi[1] * rng.Float64(), hi[2] * rng.Float64()}}
				for _, q0 := range starts {
					ref := *sl
					qr := refPurchase(b, i, k, &ref, q0)
					sl.q = q0
					b.purchase(i, k, sl)
					q := sl.q
					for j := range 3 {
						if !(q[j] >= 0 && q[j] <= hi[j]) {
							t.Fatalf("%v nation %d slot %d: purchase %d = %v outside [0, %v]", kv, i, k, j, q[j], hi[j])
						}
					}
					v := valueAt(b, i, k, sl, q)
					if v != b.purchaseValue(i, sl) {
						t.Fatalf("%v nation %d slot %d: the slot is not left at its purchases", kv, i, k)
					}
					vr := valueAt(b, i, k, sl, qr)
					_, vb := bruteForce(b, i, k, sl, hi)
					// the scale of the problem: the value's terms when buying the most
					top := *sl
					b.chosen(i, k, &top, hi)
					scale := math.Abs(b.w[i]*top.y) + math.Abs(top.cost) + math.Abs(b.par.dc*b.m[i]*top.acap*top.imp)
					worst.ref = math.Max(worst.ref, (vr-v)/scale)
					worst.gain = math.Max(worst.gain, (v-vr)/scale)
					worst.dist = math.Max(worst.dist, newtonDist(b, i, k, sl, q, hi))
					worst.distRef = math.Max(worst.distRef, newtonDist(b, i, k, sl, qr, hi))
					worst.brute = math.Max(worst.brute, (vb-v)/scale)
					if vr-v > 1e-13*scale || vb-v > 1e-13*scale {
						t.Errorf("%v nation %d slot %d from %v: value %.17g at %v; before the stopping rule %.17g at %v; brute force %.17g",
							kv, i, k, q0, v, q, vr, qr, vb)
					}
				}
			}
		}
	}
	t.Logf("largest shortfall, relative to the value's scale: %.3g against the previous search, %.3g against brute force; largest gain over the previous search %.3g", worst.ref, worst.brute, worst.gain)
	t.Logf("largest distance to the optimum (projected Newton step, relative to the box) where the Hessian is negative definite: %.3g (previous search %.3g)", worst.dist, worst.distRef)
	if worst.dist > 1e-11 || worst.dist > worst.distRef {
		t.Errorf("purchases lie up to %.3g of the box from the optimum, the previous search %.3g", worst.dist, worst.distRef)
	}
}

// newtonDist is the length of the projected Newton step at purchases q,
// relative to the box, in the largest coordinate: how far q lies from
// the local optimum. It is 0 where the Hessian is not negative definite
// (a corner chosen for γ > 1) or does not exist.
func newtonDist(b *Model, i, k int, sl *slot, q, hi [3]float64) float64 {
	tr := *sl
	_, g, h, ok := refPoint(b, i, k, &tr, q)
	if !ok {
		return 0
	}
	d, newton := newtonStep(q, hi, g, h)
	if !newton {
		return 0
	}
	m := 0.0
	for j := range 3 {
		if hi[j] > 0 {
			// a step out of the box is held by the box
			m = math.Max(m, math.Abs(clampBox(q[j]+d[j], hi[j])-q[j])/hi[j])
		}
	}
	return m
}

// TestAtNothingMatches checks chosen's common case (atNothing) against
// its general path, bit for bit, for every slot of the baseline buying
// nothing, over ρ < 0, γ, c_run, φ and import levels, including slots
// whose slopes are positive (where atNothing must decline).
func TestAtNothingMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	declined, took := 0, 0
	for _, rho := range []string{"-2", "-0.5", "-0.1"} {
		for _, gamma := range []string{"1", "1.1", "1.4"} {
			for _, extra := range [][]string{
				nil,
				{"world.compute_to_run", "0", "world.partner_feed", "0"},
				{"world.compute_to_run", "0.02", "world.partner_feed", "0.3"},
				{"world.price.compute", "0.01", "world.price.capital", "0.01"},
			} {
				b := baselineModel(t, append([]string{"world.rho", rho, "world.scale", gamma}, extra...)...)
				for n := range b.sl {
					i, k := b.sl[n].nation, b.sl[n].kind
					for range 3 {
						var fast, slow slot
						fast = b.sl[n]
						fast.imp = rng.Float64() * 2 * b.sl[n].imp
						slow = fast
						useAtNothing = true
						b.chosen(i, k, &fast, [3]float64{})
						useAtNothing = false
						b.chosen(i, k, &slow, [3]float64{})
						useAtNothing = true
						if b.atNothing(i, k, &slot{x: slow.x, h: slow.h, imp: slow.imp}) {
							took++
						} else {
							declined++
						}
						if fast != slow {
							t.Fatalf("ρ=%s γ=%s %v nation %d slot %d: common case %+v, general %+v", rho, gamma, extra, i, k, fast, slow)
						}
					}
				}
			}
		}
	}
	if took == 0 || declined == 0 {
		t.Errorf("atNothing took %d slots and declined %d: both paths must be exercised", took, declined)
	}
}

// TestConcaveBound checks the concavity bound P3b: wherever it certifies
// a slot's purchase value concave on the box, the value at the midpoint
// of any two purchases is at least the mean of their values (to
// rounding), over ρ ≤ 0 and γ > 1, for every slot of the baseline; and
// the bound both holds and fails somewhere in that range (it is not
// vacuous).
func TestConcaveBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	held, failed := 0, 0
	for _, rho := range []string{"-2", "-0.5", "-0.1", "0"} {
		for _, gamma := range []string{"1.1", "1.4", "2", "3"} {
			b := baselineModel(t, "world.rho", rho, "world.scale", gamma,
				"world.trade_depth.compute", "2", "world.trade_depth.hardware", "2", "world.trade_depth.capital", "2")
			for n := range b.sl {
				sl := &b.sl[n]
				i, k := sl.nation, sl.kind
				var pe purchaseEval
				pe.init(b, i, k, sl)
				if !b.concave(&pe, [3]float64{}) {
					failed++
					continue
				}
				held++
				hi := b.depthBox(i)
				for range 50 {
					var q1, q2, mid [3]float64
					for j := range 3 {
						q1[j], q2[j] = hi[j]*rng.Float64(), hi[j]*rng.Float64()
						mid[j] = (q1[j] + q2[j]) / 2
					}
					v1, _ := pe.eval(&q1)
					v2, _ := pe.eval(&q2)
					vm, _ := pe.eval(&mid)
					if vm < (v1+v2)/2-1e-12*math.Abs(v1+v2) {
						t.Fatalf("ρ=%s γ=%s nation %d slot %d: certified concave, but V(mid %v) = %v < mean of V(%v) = %v and V(%v) = %v",
							rho, gamma, i, k, mid, vm, q1, v1, q2, v2)
					}
				}
			}
		}
	}
	if held == 0 || failed == 0 {
		t.Errorf("the bound held for %d slots and failed for %d: both must occur", held, failed)
	}
}
