package aibloc

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// tiny is a hand-checkable world: one nation IN, a treaty ally of the US,
// and two superpowers; linear production (ρ = γ = 1, equal weights).
const tiny = `
name = "tiny"
[world]
rho = 1
scale = 1
productivity = 10
weights = { talent = 1, compute = 1, capital = 1, hardware = 1, energy = 1 }
depreciation = 0.1
rival_penalty = 0.2
control_bite = 0.5
sovereign_affinity = 0.2
import_value = 0.4
market_value = 20
compute_to_run = 0.002
[bloc]
founders = []
threat_credibility = 0.8
threat_threshold = 1
threat_steepness = 5
bargaining_power = 0.5
standards_leverage = 0
[decisions]
discount = 0.98
[superpowers.US]
market = 0.26
endowment = { talent = 0.4, compute = 0.7, capital = 0.7, hardware = 0.1, energy = 0.4 }
export_controls = 0.5
model_restriction = 0.2
ally_waiver = 0.6
deal_waiver = 0.5
chip_supply = 0.8
[superpowers.CN]
market = 0.17
endowment = { talent = 0.3, compute = 0.1, capital = 0.1, hardware = 0.3, energy = 0.2 }
export_controls = 0.3
model_restriction = 0.1
ally_waiver = 0.6
deal_waiver = 0.5
chip_supply = 0.2
[nations.IN]
market = 0.03
endowment = { talent = 0.01, compute = 0.003, capital = 0.01, hardware = 0.001, energy = 0.02 }
affinity = { US = 0.8, CN = 0.3 }
allies = ["US"]
`

func newModel(tb testing.TB, src string, kv ...string) *Model {
	tb.Helper()
	s, err := scenarios.Parse("test.toml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	// Hand-computed cases hold the world still (no reinvestment, no
	// shocks) unless kv switches a moving part on.
	kv = append([]string{"world.reinvestment", "0", "world.shocks.open_rate", "0", "world.shocks.affinity_sigma", "0"}, kv...)
	return modelOf(tb, s, kv...)
}

// modelOf sets the key–value overrides kv on s, validates it and builds
// the model.
func modelOf(tb testing.TB, s *scenarios.Scenario, kv ...string) *Model {
	tb.Helper()
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

// TestAnnuityWeight checks V2: w = d_c/(r + d_c) by hand at d = 0.1,
// δ = 0.98 (0.83910), and that halving the period (1−d → (1−d)^½,
// δ → δ^½) leaves it unchanged — the reason for the continuous form.
func TestAnnuityWeight(t *testing.T) {
	if w := annuityWeight(0.1, 0.98); math.Abs(w-0.8391033071723059) > 1e-15 {
		t.Errorf("w = %.17g, want 0.8391033071723059", w)
	}
	for _, c := range [][2]float64{{0.1, 0.98}, {0.02, 0.95}, {0.5, 0.99}} {
		w, h := annuityWeight(c[0], c[1]), annuityWeight(1-math.Sqrt(1-c[0]), math.Sqrt(c[1]))
		if math.Abs(w-h) > 1e-14 {
			t.Errorf("d=%v δ=%v: w = %v, halved period %v", c[0], c[1], w, h)
		}
	}
}

// TestRestrictionsHand checks R1 (compounding waivers, rival penalty),
// R2 (chip restriction weighted by chip supply) and B1 (market split) on
// the tiny world by hand. Superpowers sort as CN (0), US (1).
func TestRestrictionsHand(t *testing.T) {
	b := newModel(t, tiny)
	const cn, us = 0, 1
	alone, dealCN, dealUS := b.alone(), 1+cn, 1+us
	cases := []struct {
		name   string
		a      int
		rCN    float64 // model restriction of CN
		rUS    float64
		h      float64
		sCN    float64 // market split
		sUS    float64
		aWants string
	}{
		// no deal: US waiver 0.6 (ally): base 1−0.5·0.8 = 0.6 → 0.24; CN base 1−0.7·0.9 = 0.37.
		// chips 0.8·0.5·0.4 + 0.2·0.3 = 0.22. σ: 0.8·0.76 = 0.608, 0.3·0.63 = 0.189, + η_0 0.2.
		{"alone", alone, 0.37, 0.24, 0.22, 0.189 / 0.997, 0.608 / 0.997, ""},
		// deal US: waiver 1 − 0.4·0.5 = 0.8 → 0.12; CN + penalty 0.57; chips 0.8·0.1 + 0.2·0.5 = 0.18.
		{"deal US", dealUS, 0.57, 0.12, 0.18, 0, 1, ""},
		// deal CN: CN waiver 0.5 → 0.185; US 0.24 + 0.2 = 0.44; chips 0.8·0.4 + 0.2·0.15 = 0.35.
		{"deal CN", dealCN, 0.185, 0.44, 0.35, 1, 0, ""},
	}
	for _, c := range cases {
		got := []float64{b.Restriction(0, c.a, cn), b.Restriction(0, c.a, us), b.ChipRestriction(0, c.a),
			b.MarketSplit(0, c.a, cn), b.MarketSplit(0, c.a, us)}
		want := []float64{c.rCN, c.rUS, c.h, c.sCN, c.sUS}
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-12 {
				t.Errorf("%s: got %v, want %v", c.name, got, want)
				break
			}
		}
	}
	// the bloc shares the no-deal slot
	if b.Restriction(0, 0, us) != b.Restriction(0, alone, us) {
		t.Error("bloc and alone restrictions differ")
	}
}

// TestBargainHand checks T2, T3, B2–B4 by hand: a group with market 0.03,
// sovereign alternative 50, frontiers CN 100 and US 300 before terms,
// the no-deal restrictions and market split of TestRestrictionsHand,
// c = 0.8, θ = 1, k = 5, ω = 0.4, β = 0.5, μ = 20.
func TestBargainHand(t *testing.T) {
	b := newModel(t, tiny)
	m := 0.03
	mr := [maxS]float64{m * 0.37, m * 0.24}
	ms := [maxS]float64{m * 0.189 / 0.997, m * 0.608 / 0.997}
	f := [maxS]float64{100, 300}
	var o bargain
	b.bargainWith(&o, 50, m, &mr, &ms, &f, true)
	// R_CN = 63, R_US = 228; z_CN = max(50, 0.4·228)/(0.4·63), z_US = max(50, 0.4·63)/(0.4·228)
	want := []struct{ z, p, v, tau float64 }{
		{3.6190476190476186, 0.7999983449318191, 0.11374122367101303, 0.04549639534366513},
		{0.5482456140350876, 0.0707959438434685, 0.3658976930792377, 0.012952036265846192},
	}
	for s, w := range want {
		for _, c := range [][2]float64{{o.z[s], w.z}, {o.p[s], w.p}, {o.v[s], w.v}, {o.tau[s], w.tau}} {
			if math.Abs(c[0]-c[1]) > 1e-12*math.Abs(c[1]) {
				t.Errorf("superpower %d: z, p, V, τ = %v %v %v %v, want %+v", s, o.z[s], o.p[s], o.v[s], o.tau[s], w)
				break
			}
		}
	}
	if math.Abs(o.total-(want[0].tau+want[1].tau)) > 1e-15 {
		t.Errorf("total %v", o.total)
	}
	// B4: standards leverage ς = 2 raises β to 0.5 + 0.5·min(1, 2·0.03) = 0.53
	b.par.standards = 2
	b.bargainWith(&o, 50, m, &mr, &ms, &f, true)
	if want := 0.53 * want[1].p * want[1].v; math.Abs(o.tau[1]-want) > 1e-12*want {
		t.Errorf("with ς = 2: τ_US = %v, want %v", o.tau[1], want)
	}
	b.par.standards = 0
	// R_s = 0 gives p = c (no NaN); a group with nothing threatens nothing
	f0 := [maxS]float64{0, 300}
	b.bargainWith(&o, 50, m, &mr, &ms, &f0, true)
	if o.p[0] != 0.8 || math.IsNaN(o.z[0]) {
		t.Errorf("R_CN = 0: p = %v, z = %v; want c = 0.8", o.p[0], o.z[0])
	}
	b.bargainWith(&o, 0, m, &mr, &ms, &[maxS]float64{0, 0}, true)
	if o.p[0] != 0.8 || o.p[1] != 0.8 {
		t.Errorf("no stacks at all: p = %v (ω·R_s = 0 gives c)", o.p[:2])
	}
}

// TestValuationHand recomputes V1 for the tiny nation going alone at the
// start: u = (1−w)·d_c·(K + Î) + w·(Y + d_c·Î + Σ_s τ_s) − Σ π q, with
// Î = a·m·max(O, ω·max_s F_s(1 − r_s)) and a = C/(C + c_run).
func TestValuationHand(t *testing.T) {
	b := newModel(t, tiny)
	i, a := 0, b.alone()
	sl := b.slotOf(i, a)
	// linear production at equal weights: Y = 10·(1/5)·Σ x
	sum := 0.0
	for _, v := range sl.x {
		sum += v
	}
	if y := 10 * sum / 5; math.Abs(sl.y-y) > 1e-12*y {
		t.Errorf("Y = %v, want %v", sl.y, y)
	}
	c := sl.x[computeF]
	acap := c / (c + 0.002)
	imp := math.Max(b.openLevel(), 0.4*math.Max(b.F[0]*(1-0.37), b.F[1]*(1-0.24)))
	dc := -math.Log(0.9)
	w := annuityWeight(0.1, 0.98)
	v := b.evaluate(i, a)
	terms := b.singleTotal(i)
	want := (1-w)*dc*(b.K[i]+acap*0.03*imp) + w*(sl.y+dc*acap*0.03*imp+terms) - sl.cost
	if math.Abs(v.u-want) > 1e-12*math.Abs(want) {
		t.Errorf("u = %.17g, want %.17g", v.u, want)
	}
	if math.Abs(v.imports-acap*0.03*imp) > 1e-15 {
		t.Errorf("Î = %v, want %v", v.imports, acap*0.03*imp)
	}
	// K starts at the steady state of producing alone: Y/d
	if math.Abs(b.K[i]-sl.y/0.1) > 1e-12*b.K[i] {
		t.Errorf("K = %v, want Y/d = %v", b.K[i], sl.y/0.1)
	}
}

// TestPurchasesOptimal checks P1–P3: at the purchases the search
// chooses for each kind of action (the no-deal slot's as refreshed, a
// deal's as the search refines what it was valued at) no small change of
// one purchase within its bounds raises the nation's purchase value
// (relative 1e-9), purchases stay within [0, λ_f·m_i], and with no trade
// depth nothing is bought. Over ρ in {−2, −0.5, 0, ½} and γ in {1, 1.3}.
func TestPurchasesOptimal(t *testing.T) {
	for _, rho := range []string{"-2", "-0.5", "0", "0.5"} {
		for _, gamma := range []string{"1", "1.3"} {
			b := newModel(t, tiny, "world.rho", rho, "world.scale", gamma,
				"world.trade_depth.compute", "0.5", "world.trade_depth.hardware", "0.5", "world.trade_depth.capital", "0.5",
				"world.price.compute", "3", "world.price.hardware", "2", "world.price.capital", "5")
			for a := range b.actions {
				if a == 0 {
					continue
				}
				k := b.kind(a)
				sl := *b.slotOf(0, a)
				if k > 0 && k != b.kind(b.act[0]) {
					// held within holdGain (1e-8 of the value's scale) of
					// the maximum: the search takes it the rest of the way
					b.purchase(0, k, &sl)
				}
				base := b.purchaseValue(0, &sl)
				for j := range 3 {
					hi := 0.5 * b.m[0]
					if sl.q[j] < 0 || sl.q[j] > hi {
						t.Errorf("ρ=%s γ=%s action %d: purchase %d = %v outside [0, %v]", rho, gamma, a, j, sl.q[j], hi)
					}
					for _, d := range []float64{-0.01, 0.01, -1e-4, 1e-4} {
						q := sl.q
						q[j] = math.Min(hi, math.Max(0, q[j]+d*hi))
						tr := sl
						b.chosen(0, k, &tr, q)
						if v := b.purchaseValue(0, &tr); v > base+1e-9*math.Abs(base) {
							t.Errorf("ρ=%s γ=%s action %d: moving purchase %d from %v to %v raises the value %v → %v",
								rho, gamma, a, j, sl.q[j], q[j], base, v)
						}
					}
				}
			}
		}
	}
	b := newModel(t, tiny, "world.trade_depth.compute", "0", "world.trade_depth.hardware", "0", "world.trade_depth.capital", "0")
	for a := range b.actions {
		if q := b.Purchases(0, a); q != [3]float64{} {
			t.Errorf("no trade: action %d buys %v", a, q)
		}
	}
}

// TestClaimsAndWithdrawal checks C1–C3 by hand: founders' claims start
// from what they pooled; a leaver withdraws K_B·c_i/Σc less the haircut,
// which stays in the reserve; a joiner starts with no claim; claims grow
// by contribution share of the pool's inflow.
func TestClaimsAndWithdrawal(t *testing.T) {
	src := tiny + `
[nations.FR]
market = 0.03
endowment = { talent = 0.02, compute = 0.01, capital = 0.02, hardware = 0.008, energy = 0.04 }
affinity = { US = 0.7, CN = 0.3 }
[nations.JP]
market = 0.04
endowment = { talent = 0.02, compute = 0.01, capital = 0.01, hardware = 0.14, energy = 0.03 }
affinity = { US = 0.8, CN = 0.2 }
`
	b := newModel(t, src, "bloc.pooling_share", "0.5", "bloc.exit_haircut", "0.25")
	// NIDs sort FR, IN, JP; make FR and IN founders by hand
	s, _ := scenarios.Parse("t.toml", []byte(src+"\n"))
	s.Bloc.Founders = []string{"FR", "IN"}
	_ = scenarios.Set(s, "bloc.pooling_share", "0.5")
	_ = scenarios.Set(s, "bloc.exit_haircut", "0.25")
	_ = scenarios.Set(s, "world.reinvestment", "0") // the hand values hold endowments still
	b, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	fr, in, jp := 0, 1, 2
	k0 := [3]float64{}
	for i := range 3 {
		k0[i] = b.sl[i*(b.S+1)].y / 0.1 // steady state alone
	}
	if math.Abs(b.claim[fr]-0.5*k0[fr]) > 1e-12*k0[fr] || math.Abs(b.KB-0.5*(k0[fr]+k0[in])) > 1e-12*b.KB {
		t.Fatalf("founders' claims %v, reserve %v; want half their stocks", b.claim[:2], b.KB)
	}
	// Round 1: IN leaves (goes alone), JP joins.
	kb, cIN, sumC := b.KB, b.claim[in], b.claim[fr]+b.claim[in]
	kIN := b.K[in]
	next := []int{0, b.alone(), 0}
	b.Commit(0, next)
	part := kb * cIN / sumC
	kbAfter := kb - 0.75*part // the haircut stays
	// IN's stock: withdrawal, then a round alone: (1−d)(K + ¾ part) + Y + terms
	wantIN := 0.9*(kIN+0.75*part) + b.slotOf(in, b.alone()).y + b.termsOwn[in]
	if math.Abs(b.K[in]-wantIN) > 1e-12*wantIN || b.claim[in] != 0 {
		t.Errorf("leaver: K = %v claim %v, want %v and 0", b.K[in], b.claim[in], wantIN)
	}
	// JP joined with no claim; its claim after the round is its share of the inflow
	inflow := b.Metrics.Terms[0] + b.Metrics.Terms[1] + b.cache.yB
	wFR, wJP := b.sl[fr*(b.S+1)].w, b.sl[jp*(b.S+1)].w
	if want := wJP / (wFR + wJP) * inflow; math.Abs(b.claim[jp]-want) > 1e-12*want {
		t.Errorf("joiner's claim %v, want its contribution share of the inflow %v", b.claim[jp], want)
	}
	if want := 0.9*kbAfter + inflow; math.Abs(b.KB-want) > 1e-12*want {
		t.Errorf("reserve %v, want (1−d)·(K_B − withdrawal) + inflow = %v", b.KB, want)
	}
}

// TestImpactChannels checks property 10 with the bloc, the profile and
// the inputs held fixed: the bloc's threat p_s weakly rises in the
// open-weight share o, in the reserve K_B and in s's own restriction
// (through its controls x_s); terms weakly rise in p (through the
// ceiling c). On the baseline.
func TestImpactChannels(t *testing.T) {
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	us := 1
	blocP := func() [maxS]float64 {
		var o outlook
		b.fillOutlook(&b.agg, &o, true)
		return o.bloc.p
	}
	rising := func(name string, set func(v float64), vals []float64) {
		t.Helper()
		prev := [maxS]float64{-1, -1}
		for _, v := range vals {
			set(v)
			p := blocP()
			for s := range b.S {
				if p[s] < prev[s]-1e-15 {
					t.Errorf("%s = %v: p_%d fell from %v to %v", name, v, s, prev[s], p[s])
				}
			}
			prev = p
		}
	}
	o0, kb0 := b.par.open, b.KB
	rising("o", func(v float64) { b.par.open = v }, []float64{0, 0.1, 0.2, 0.3, 0.5, 0.8, 1})
	b.par.open = o0
	rising("K_B", func(v float64) { b.KB = v; b.rebase() }, []float64{0, kb0 / 2, kb0, 2 * kb0, 10 * kb0})
	b.KB = kb0
	b.rebase()
	// s's own controls raise its restriction on the bloc: R_s falls, p_s rises
	prev := -1.0
	for _, x := range []float64{0, 0.2, 0.4, 0.6, 0.8, 1} {
		b.x[us] = x
		b.refreshPolicy()
		b.aggregateInto(&b.agg, b.act)
		var o outlook
		b.fillOutlook(&b.agg, &o, true)
		if o.bloc.p[us] < prev-1e-15 {
			t.Errorf("x_US = %v: p_US fell from %v to %v", x, prev, o.bloc.p[us])
		}
		prev = o.bloc.p[us]
	}
	// terms rise with the threat (ceiling c), V held fixed
	prevT := -1.0
	for _, c := range []float64{0, 0.2, 0.5, 0.8, 1} {
		b.par.c = c
		var o outlook
		b.fillOutlook(&b.agg, &o, true)
		if o.bloc.total < prevT-1e-15 {
			t.Errorf("c = %v: terms fell from %v to %v", c, prevT, o.bloc.total)
		}
		prevT = o.bloc.total
	}
}

// TestShocksHand checks W1–W3: with λ_O = 1 every round is a release,
// o' = o + κ_o(ō − o) + Δ_o; a fixed superpower with λ_x⁺ = 1 tightens by
// Δ_x, clamped at 1; nothing is drawn while every rate is 0; affinities
// stay in [0, 1].
func TestShocksHand(t *testing.T) {
	b := newModel(t, tiny, "world.open_weight", "0.3", "world.shocks.open_rate", "1", "world.shocks.open_jump", "0.1",
		"world.shocks.open_reversion", "0.1", "world.shocks.open_mean", "0.55",
		"superpowers.US.control_up_rate", "1", "superpowers.US.control_jump", "0.3",
		"world.shocks.affinity_sigma", "0.5")
	rng := rand.New(rand.NewPCG(1, 2))
	b.Begin(0, rng)
	if want := 0.3 + 0.1*(0.55-0.3) + 0.1; math.Abs(b.OpenShare()-want) > 1e-15 {
		t.Errorf("o = %v, want %v", b.OpenShare(), want)
	}
	if b.x[1] != 0.8 {
		t.Errorf("x_US = %v, want 0.5 + 0.3", b.x[1])
	}
	b.Begin(1, rng)
	if b.x[1] != 1 {
		t.Errorf("x_US = %v, want clamped at 1", b.x[1])
	}
	for _, a := range b.aff {
		if a < 0 || a > 1 {
			t.Errorf("affinity %v outside [0, 1]", a)
		}
	}
	// no rate, no draw: the stream is untouched
	quiet := newModel(t, tiny)
	r1, r2 := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
	quiet.Begin(0, r1)
	if r1.Uint64() != r2.Uint64() {
		t.Error("Begin drew from the stream with every shock off")
	}
}

// TestPayBreakdown: the parts of every nation's payoff sum to it (1e-12
// of the payoff scale) in every round of the baseline and of a world with
// buying superpowers and individual bargaining; costs are never positive.
func TestPayBreakdown(t *testing.T) {
	for _, kv := range [][]string{nil, {"bloc.collective_bargaining", "false"}, {"bloc.non_rivalry", "0.3"}} {
		s, err := scenarios.Bundle("baseline")
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < len(kv); j += 2 {
			if err := scenarios.Set(s, kv[j], kv[j+1]); err != nil {
				t.Fatal(err)
			}
		}
		s.Superpowers["US"].Mode, s.Superpowers["US"].BuyMembers, s.Superpowers["US"].Budget = "strategic", true, 0.1
		b, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		next := make([]int, b.N)
		for r := range 30 {
			b.Begin(r, rng)
			for i := range b.N { // each nation takes its best action
				best := b.act[i]
				for a := range b.actions {
					if b.Available(i, a) && b.Payoff(i, a) > b.Payoff(i, best) {
						best = a
					}
				}
				next[i] = best
			}
			b.Commit(r, next)
			for i := range b.N {
				p := b.PayBreakdown(i)
				sum := p.Stack + p.Club + p.Imports + p.Costs + p.Deal + p.Subsidy
				if math.Abs(sum-b.Realised(i)) > 1e-12*b.scale {
					t.Fatalf("%v round %d nation %s: parts %+v sum to %v, payoff %v", kv, r, b.NIDs[i], p, sum, b.Realised(i))
				}
				if p.Costs > 0 {
					t.Fatalf("positive costs %v", p.Costs)
				}
			}
		}
	}
}

// TestTheilSplit checks the decomposition by hand: groups {1, 1} and
// {2, 4}: μ = 2, T = (1/4)·Σ (x/2)·ln(x/2); the between part is
// Σ_g s_g·ln(μ_g/μ) with s = (2/8, 6/8), μ_g = (1, 3); the parts sum to T.
func TestTheilSplit(t *testing.T) {
	a, c := []float64{1, 1}, []float64{2, 4}
	tt := (0.5*math.Log(0.5)*2 + 0 + 2*math.Log(2)) / 4
	between := 0.25*math.Log(0.5) + 0.75*math.Log(1.5)
	all, bw, wi := theilAll(a, c)
	if math.Abs(theil(a, c)-tt) > 1e-15 || math.Abs(all-tt) > 1e-15 || math.Abs(bw-between) > 1e-15 || math.Abs(bw+wi-tt) > 1e-15 {
		t.Errorf("T = %v and %v (want %v), between %v (want %v), within %v", theil(a, c), all, tt, bw, between, wi)
	}
}
