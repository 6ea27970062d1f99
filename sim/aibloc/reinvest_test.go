package aibloc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/minilateral/minilateral/agents"
)

// regimeWorld is four actors (two superpowers, two nations, all alone,
// no controls, no trade) with equal talent, hardware and energy and
// unequal compute and capital, under Cobb–Douglas production (ρ = 0)
// whose reallocated factors carry weight 0.8: β_R = γ·0.8.
func regimeWorld(gamma float64) string {
	return fmt.Sprintf(`
name = "regime"
[world]
rho = 0
scale = %g
productivity = 10
weights = { talent = 0.1, compute = 0.5, capital = 0.3, hardware = 0.05, energy = 0.05 }
depreciation = 0.1
reinvestment = 0.15
trade_depth = { compute = 0, hardware = 0, capital = 0 }
[bloc]
enabled = false
founders = []
[superpowers.US]
market = 0.2
endowment = { talent = 0.2, compute = 0.4, capital = 0.35, hardware = 0.2, energy = 0.2 }
export_controls = 0
[superpowers.CN]
market = 0.2
endowment = { talent = 0.2, compute = 0.3, capital = 0.3, hardware = 0.2, energy = 0.2 }
export_controls = 0
[nations.FR]
market = 0.05
endowment = { talent = 0.2, compute = 0.2, capital = 0.2, hardware = 0.2, energy = 0.2 }
[nations.IN]
market = 0.05
endowment = { talent = 0.2, compute = 0.1, capital = 0.15, hardware = 0.2, energy = 0.2 }
`, gamma)
}

// TestReinvestmentRegime checks the regime M9 derives in docs/model.md
// (G3): under Cobb–Douglas an actor's output scales as its reallocated
// shares to the power β_R = γ·Σ_{f reallocated} α_f. With the other
// factors equal, β_R = 0.8 < 1 converges to equal shares (the interior
// fixed point), β_R = 1.2 > 1 concentrates compute in the largest actor.
func TestReinvestmentRegime(t *testing.T) {
	shares := func(gamma float64, rounds int) []float64 {
		b := newModel(t, regimeWorld(gamma), "world.reinvestment", "0.15")
		next := make([]int, b.N)
		for i := range next {
			next[i] = b.alone()
		}
		for r := range rounds {
			b.Commit(r, next)
		}
		var c []float64
		for s := range b.S {
			c = append(c, b.SuperpowerEndowment(s)[agents.Compute])
		}
		for i := range b.N {
			c = append(c, b.NationEndowment(i)[agents.Compute])
		}
		return c // CN, US, FR, IN
	}
	conv := shares(1, 600)
	for _, v := range conv {
		if math.Abs(v-0.25) > 1e-3 {
			t.Errorf("β_R = 0.8: compute shares %v, want all 0.25 (convergence)", conv)
			break
		}
	}
	conc := shares(1.5, 600)
	if conc[1] < 0.99 {
		t.Errorf("β_R = 1.2: compute shares %v, want the US (largest) near 1 (concentration)", conc)
	}
	for _, k := range []int{0, 2, 3} {
		if conc[k] > 0.01 {
			t.Errorf("β_R = 1.2: compute shares %v, want the smaller actors near 0", conc)
			break
		}
	}
}

// TestReinvestHand checks G1–G2 on one round by hand: the shares after
// the round are (1−ψ)·e + ψ·E·Y_a/ΣY, with Y_a the output each actor
// produced in the round.
func TestReinvestHand(t *testing.T) {
	b := newModel(t, regimeWorld(1), "world.reinvestment", "0.15", "world.talent_mobility", "0.05")
	next := make([]int, b.N)
	for i := range next {
		next[i] = b.alone()
	}
	var y []float64
	for s := range b.S {
		y = append(y, b.prod.Y(&b.effS[s]))
	}
	for i := range b.N {
		y = append(y, b.slotOf(i, b.alone()).y)
	}
	e0 := append(append([][nf]float64{}, b.es...), b.e...)
	b.Commit(0, next)
	e1 := append(append([][nf]float64{}, b.es...), b.e...)
	tot := 0.0
	for _, v := range y {
		tot += v
	}
	for _, c := range []struct {
		f   agents.Factor
		psi float64
	}{{agents.Talent, 0.05}, {agents.Compute, 0.15}, {agents.Capital, 0.15}, {agents.Hardware, 0}} {
		E := 0.0
		for _, e := range e0 {
			E += e[c.f]
		}
		for a := range e0 {
			want := (1-c.psi)*e0[a][c.f] + c.psi*E*y[a]/tot
			if !approx(e1[a][c.f], want, 1e-14) {
				t.Errorf("actor %d %s: %v, want %v", a, agents.FactorNames[c.f], e1[a][c.f], want)
			}
		}
	}
}

// TestJointPayoffOfOne: a joint move of a group of one values the same
// profile as Payoff (up to rounding: the profile is summed afresh).
func TestJointPayoffOfOne(t *testing.T) {
	b := newModel(t, tiny+`
[nations.FR]
market = 0.03
endowment = { talent = 0.02, compute = 0.01, capital = 0.02, hardware = 0.008, energy = 0.04 }
affinity = { US = 0.7, CN = 0.3 }
`)
	for i := range b.N {
		for a := range b.Actions() {
			p, j := b.Payoff(i, a), b.JointPayoff([]int{i}, a, i)
			if !approx(p, j, 1e-12) {
				t.Errorf("nation %d action %d: Payoff %v, JointPayoff %v", i, a, p, j)
			}
		}
	}
	// two nations joining together: each member's value is that of the
	// profile with both in the bloc
	both := b.JointPayoff([]int{0, 1}, 0, 0)
	if !finite(both) {
		t.Fatalf("joint payoff %v", both)
	}
	if both == b.Payoff(0, 0) {
		t.Error("a partner joining with FR changed nothing in FR's bloc payoff")
	}
}

// TestSlotsCurrent: with the world moving (reinvestment, releases, control
// changes, an affinity walk), after every round each slot holds exactly
// the inputs, output, output at γ = 1 and capacity of its purchases at the
// current endowments, controls and frontiers, whether or not anything read
// it: held purchases are never applied to stale inputs. A deal the nation
// does not hold is either marked out of date or, computed when read,
// current.
func TestSlotsCurrent(t *testing.T) {
	b := newModel(t, regimeWorld(1.1), "world.reinvestment", "0.2", "world.rho", "-0.5",
		"world.shocks.open_rate", "0.5", "world.shocks.affinity_sigma", "0.05",
		"superpowers.US.control_up_rate", "0.3", "superpowers.US.control_down_rate", "0.3",
		"superpowers.US.control_jump", "0.1", "world.trade_depth.compute", "1", "world.trade_depth.capital", "1")
	rng := rand.New(rand.NewPCG(4, 4))
	next := make([]int, b.N)
	for r := range 60 {
		b.Begin(r, rng)
		for i := range next {
			next[i] = (r/7 + i) % len(b.Actions()) // cycle through every action
		}
		b.Commit(r, next)
		b.ensure() // a read: the slots catch up with the stocks
		for i := range b.N {
			for k := 0; k <= b.S; k++ {
				sl := &b.sl[i*(b.S+1)+k]
				if sl.dirty {
					if r%2 == 0 {
						continue // a deal not held, computed when read
					}
					b.lazyDeal(sl)
				}
				var fresh slot
				fresh = *sl
				b.chosen(i, k, &fresh, sl.q)
				if fresh.x != sl.x || fresh.y != sl.y || b.y1(&fresh) != b.y1(sl) || fresh.acap != sl.acap || fresh.w != sl.w {
					t.Fatalf("round %d nation %d slot %d is stale: held %+v, fresh %+v", r, i, k, *sl, fresh)
				}
			}
		}
	}
}

// TestDealGivenUpChosenAfresh: in a still world (nothing moves to force a
// refresh), a deal a nation held and gave up is chosen afresh from the
// no-deal purchases (P3: a deal not held is a function of the round's
// state alone), not kept at the purchases it had while held.
func TestDealGivenUpChosenAfresh(t *testing.T) {
	b := baselineModel(t, "world.reinvestment", "0", "world.shocks.open_rate", "0",
		"world.shocks.affinity_sigma", "0", "superpowers.US.control_up_rate", "0",
		"superpowers.US.control_down_rate", "0",
		"world.trade_depth.compute", "2", "world.trade_depth.hardware", "2", "world.trade_depth.capital", "2",
		"world.price.compute", "1", "world.price.hardware", "1", "world.price.capital", "1")
	rng := rand.New(rand.NewPCG(7, 7))
	next := make([]int, b.N)
	play := func(a0 int) {
		b.Begin(0, rng)
		copy(next, b.act)
		next[0] = a0
		b.Commit(0, next)
	}
	us := 2 // deal-US
	play(us)
	play(us)
	// purchases the deal came to hold by its own history, not what a
	// fresh choice gives
	held := &b.sl[0*(b.S+1)+us]
	hi := b.depthBox(0)
	b.chosen(0, us, held, [3]float64{hi[0] / 3, hi[1] / 3, hi[2] / 3})
	play(b.alone())
	// what a deal not held is: the no-deal purchases, held or searched from
	fresh := b.sl[0*(b.S+1)+us]
	b.chosen(0, us, &fresh, b.sl[0].q)
	if !b.holds(0, &fresh) {
		b.purchase(0, us, &fresh)
	}
	if got := b.Purchases(0, us); got != fresh.q {
		t.Errorf("deal given up buys %v, want %v chosen afresh from the no-deal purchases %v", got, fresh.q, b.sl[0].q)
	}
}
