package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/agents"
)

// randomTOML writes a random valid scenario: 1–8 nations and 1–3
// superpowers with random endowments (some shares zero), random weights
// (some zero), ρ among −50, −3, −0.5, 0, ½, 1 or uniform in [−5, 1], every
// other parameter uniform in a plausible part of its range, a random
// decision rule and parameters per nation, random modes, founders, entry
// and contribution rules, and sometimes a random stopping rule.
func randomTOML(rng *rand.Rand) string {
	var b strings.Builder
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	maybe0 := func(v float64) float64 {
		if rng.IntN(5) == 0 {
			return 0
		}
		return v
	}
	sps := []string{"US", "CN", "EU"}[:1+rng.IntN(3)]
	all := []string{"IN", "FR", "JP", "GB", "DE", "KR", "CA", "BR"}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	nations := all[:1+rng.IntN(len(all))]
	share := 1 / float64(len(sps)+len(nations)) // keeps every factor's shares summing to ≤ 1
	endow := func() string {
		return fmt.Sprintf("{ talent = %g, compute = %g, capital = %g, hardware = %g, energy = %g }",
			maybe0(u(0, share)), maybe0(u(0, share)), maybe0(u(0, share)), maybe0(u(0, share)), maybe0(u(0, share)))
	}
	rho := []float64{-50, -3, -0.5, 0, 0.5, 1, u(-5, 1)}[rng.IntN(7)]
	w := [5]float64{maybe0(u(0, 1)), maybe0(u(0, 1)), maybe0(u(0, 1)), maybe0(u(0, 1)), maybe0(u(0, 1))}
	w[rng.IntN(5)] = u(0.1, 1)
	prod := u(0.2, 5)
	if rng.IntN(20) == 0 {
		prod = 0
	}
	cont := 1.0
	if rng.IntN(4) == 0 {
		cont = u(0.9, 1)
	}
	fmt.Fprintf(&b, "name = \"random\"\nrounds = %d\nseed = %d\n", 20+rng.IntN(40), rng.Uint64()>>12)
	fmt.Fprintf(&b, `[world]
productivity = %g
rho = %g
scale = %g
weights = { talent = %g, compute = %g, capital = %g, hardware = %g, energy = %g }
depreciation = %g
open_weight = %g
open_weight_lag = %d
import_value = %g
control_bite = %g
rival_penalty = %g
partner_feed = %g
market_value = %g
lead_value = %g
continuation = %g
window = %d
credible_threat = %g
settle_tolerance = %g
compute_to_run = %g
sovereign_affinity = %g
trade_depth = { compute = %g, hardware = %g, capital = %g }
price = { compute = %g, hardware = %g, capital = %g }
shocks = { open_rate = %g, open_jump = %g, open_reversion = %g, open_mean = %g, affinity_sigma = %g, affinity_reversion = %g }
reinvestment = %g
talent_mobility = %g
`, prod, rho, u(1, 3), w[0], w[1], w[2], w[3], w[4], u(0.01, 0.99), u(0, 1), rng.IntN(6), u(0, 1), u(0, 1), u(0, 1), u(0, 1),
		u(0, 100), u(0, 5), cont, 1+rng.IntN(50), u(0, 1), u(0, 0.2), maybe0(u(0, 0.05)), maybe0(u(0, 1)),
		maybe0(u(0, 2)), maybe0(u(0, 2)), maybe0(u(0, 2)), maybe0(u(0, 100)), maybe0(u(0, 100)), maybe0(u(0, 100)),
		maybe0(u(0, 1)), u(0, 0.3), u(0, 1), u(0, 1), maybe0(u(0, 0.1)), u(0, 1), maybe0(u(0, 0.5)), maybe0(u(0, 0.2)))
	var founders []string
	for _, n := range nations {
		if rng.IntN(2) == 0 {
			founders = append(founders, `"`+n+`"`)
		}
	}
	fmt.Fprintf(&b, "[decisions]\ncoalition_rate = %g\ncoalition_size = %d\n", maybe0(u(0, 1)), 2+rng.IntN(len(nations)+1))
	fmt.Fprintf(&b, `[bloc]
enabled = %v
founders = [%s]
entry = %q
exclusion_rounds = %d
pooling_share = %g
non_rivalry = %g
contribution = %g
contribution_rule = %q
coordination = %g
threat_credibility = %g
threat = %v
threat_threshold = %g
threat_steepness = %g
bargaining_power = %g
collective_bargaining = %v
standards_leverage = %g
exit_haircut = %g
`, rng.IntN(10) > 0, strings.Join(founders, ", "), pick("open", "consensus"), rng.IntN(6), u(0, 1), u(0, 1), maybe0(u(0, 0.5)),
		pick("equal", "gdp", "endowment"), maybe0(u(0, 0.05)), maybe0(u(0, 1)), rng.IntN(8) > 0, u(0, 3), u(1e-3, 200), u(0, 1),
		rng.IntN(8) > 0, maybe0(u(0, 10)), maybe0(u(0, 1)))
	for _, id := range sps {
		fmt.Fprintf(&b, `[superpowers.%s]
market = %g
endowment = %s
export_controls = %g
model_restriction = %g
ally_waiver = %g
deal_waiver = %g
deal_transfer = %g
budget = %g
mode = %q
adapt_step = %g
chip_supply = %g
control_up_rate = %g
control_down_rate = %g
control_jump = %g
`, id, u(0, 0.3), endow(), u(0, 1), u(0, 1), u(0, 1), u(0, 1), maybe0(u(0, 1)), maybe0(u(0, 2)),
			pick("fixed", "adaptive", "divide-and-rule", "fixed"), u(0, 0.3), u(0, 1/float64(len(sps))),
			maybe0(u(0, 0.5)), maybe0(u(0, 0.5)), u(0, 0.3))
	}
	for _, id := range nations {
		var allies, aff []string
		for _, s := range sps {
			if rng.IntN(2) == 0 {
				allies = append(allies, `"`+s+`"`)
			}
			aff = append(aff, fmt.Sprintf("%s = %g", s, u(0, 1)))
		}
		fmt.Fprintf(&b, `[nations.%s]
market = %g
endowment = %s
allies = [%s]
affinity = { %s }
[nations.%s.decision]
rule = %q
revision = %g
tie = %q
lambda = %g
forgetting = %g
experimentation = %g
initial_propensity = %g
beta = %g
discount = %g
`, id, u(1e-4, 0.05), endow(), strings.Join(allies, ", "), strings.Join(aff, ", "), id,
			agents.RuleNames[rng.IntN(len(agents.RuleNames))], u(0.01, 1), pick("stay", "join", "outside", "random"),
			[]float64{0, u(0, 10), u(0, 1000), 1e6}[rng.IntN(4)], u(0, 1), u(0, 0.99), u(1e-3, 10), u(0, 100), u(0.5, 0.99))
	}
	return b.String()
}

// TestInvariants runs random scenarios and checks in every round: no NaN
// or Inf in any metric, payoff or capability (the divergence ratios are
// +Inf only where docs/model.md says so: when the middle powers' mean is
// 0); bloc members are middle powers and the bloc size counts them;
// capability, offers and stocks non-negative; threat in [0, c]; controls,
// restrictions, contribution shares, logit and Fermi probabilities in
// [0,1]; offers within budgets; exclusion timers within [0, P].
func TestInvariants(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 30
	}
	rng := rand.New(rand.NewPCG(2026, 2))
	prob := make([]float64, 8)
	for k := range n {
		src := randomTOML(rng)
		s := parse(t, src)
		r := newRun(t, s, uint64(k))
		b := r.Bloc
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("scenario %d round %d: %s\n%s", k, b.Metrics.Round, fmt.Sprintf(format, args...), src)
		}
		r.Engine.Observer = func(d *Decision) {
			c := &agents.Choice{Current: d.From, Payoffs: d.Payoffs, Avail: d.Available, Join: 0, Peer: -1}
			for _, lambda := range []float64{0, 1, 50, 1e6} {
				agents.Probabilities(prob[:len(d.Payoffs)], c, lambda)
				sum := 0.0
				for a, p := range prob[:len(d.Payoffs)] {
					if !(p >= 0 && p <= 1) || (!d.Available[a] && p != 0) {
						fail("logit probability %v of action %d (λ=%v, payoffs %v)", p, a, lambda, d.Payoffs)
					}
					sum += p
				}
				if math.Abs(sum-1) > 1e-9 {
					fail("logit probabilities sum to %v", sum)
				}
			}
			for a, p := range d.Payoffs {
				if d.Available[a] {
					if f := agents.Fermi(100, p-d.Payoffs[d.From]); !(f >= 0 && f <= 1) {
						fail("Fermi probability %v", f)
					}
				}
			}
		}
		check := func(r *Run) {
			m := &b.Metrics
			for _, v := range []float64{m.KB, m.Theil, m.Welfare, m.OpenWeight} {
				if !finite(v) {
					fail("metric not finite: %+v", *m)
				}
			}
			for s := range b.S {
				for _, v := range []float64{m.Threat[s], m.Terms[s], m.Controls[s], m.Utility[s], m.Frontier[s], m.Offers[s],
					m.MarketValue[s], m.AltRatio[s], m.TermsAlone[s]} {
					if !finite(v) {
						fail("superpower metric not finite: %+v", *m)
					}
				}
				if m.Threat[s] < 0 || m.Threat[s] > b.Ceiling()+1e-15 || m.Threat[s] > 1 {
					fail("threat %v outside [0, c = %v]", m.Threat[s], b.Ceiling())
				}
				if m.Controls[s] < 0 || m.Controls[s] > 1 {
					fail("controls %v", m.Controls[s])
				}
				if m.Terms[s] < 0 || m.Frontier[s] < 0 || m.Offers[s] < 0 || m.TermsAlone[s] < 0 {
					fail("negative terms, frontier or offers: %+v", *m)
				}
				if m.Offers[s] > b.Budget(s)*(1+1e-12) {
					fail("offers %v above budget %v", m.Offers[s], b.Budget(s))
				}
			}
			members := 0
			for i := range b.N {
				a := b.Action(i)
				if a < 0 || a >= len(b.Actions()) {
					fail("nation %d has action %d", i, a)
				}
				if a == 0 {
					members++
					if sh := b.ContributionShare(i); !(sh >= 0 && sh <= 1+1e-12) {
						fail("contribution share %v", sh)
					}
				}
				for _, v := range []float64{b.Realised(i), b.Usable(i), b.OwnStack(i), b.Stock(i), b.Claim(i)} {
					if !finite(v) {
						fail("nation %s: payoff/capability not finite", b.NIDs[i])
					}
				}
				if b.OwnStack(i) < 0 || b.Usable(i) < b.OwnStack(i)*(1-1e-12) || b.Stock(i) < 0 || b.Claim(i) < 0 {
					fail("nation %s: own %v usable %v K %v", b.NIDs[i], b.OwnStack(i), b.Usable(i), b.Stock(i))
				}
				if e := b.Excluded(i); e < 0 || e > b.Exclusion() {
					fail("timer %d outside [0, %d]", e, b.Exclusion())
				}
				for a := range len(b.Actions()) {
					if b.Available(i, a) {
						if p := b.Payoff(i, a); !finite(p) {
							fail("Payoff(%s, %d) = %v", b.NIDs[i], a, p)
						}
					}
					for s := range b.S {
						if x := b.Restriction(i, a, s); !(x >= 0 && x <= 1) {
							fail("restriction %v", x)
						}
					}
					if h := b.ChipRestriction(i, a); !(h >= 0 && h <= 1) {
						fail("chip restriction %v", h)
					}
				}
			}
			checkParticipation(b, fail)
			if members != m.BlocSize || members > b.N {
				fail("bloc size %d, %d nations take the bloc action", m.BlocSize, members)
			}
			if b.Join() < 0 && members > 0 {
				fail("a forbidden bloc has %d members", members)
			}
			for _, rule := range r.Engine.Rules {
				if re, ok := rule.(*agents.RothErev); ok {
					for _, q := range re.Propensity {
						if !finite(q) || q < 0 {
							fail("propensity %v", q)
						}
					}
				}
			}
		}
		r.RunAll(check)
	}
}

// checkParticipation checks properties 8 and 9 of docs/model.md on the
// round just settled: 0 ≤ τ_s ≤ p_s·V_s for the bloc and for every nation
// bargaining for itself; Σ_s σ_{i,s} ≤ 1 for every nation and action;
// Σ_s V_s ≤ μ·m_B; every subsidy offered is below the superpower's gain
// from the nation holding the deal; and for every factor of every nation,
// endowment + purchased = used + supplied + lost (1e-12 relative).
func checkParticipation(b *Bloc, fail func(string, ...any)) {
	m := &b.Metrics
	const tol = 1e-12
	sumV := 0.0
	for s := range b.S {
		if m.Terms[s] < 0 || m.Terms[s] > m.Threat[s]*m.MarketValue[s]*(1+tol) {
			fail("bloc terms %v outside [0, p·V = %v·%v]", m.Terms[s], m.Threat[s], m.MarketValue[s])
		}
		sumV += m.MarketValue[s]
		for i := range b.N {
			tau := b.SingleTerms(i, s)
			p, v := b.SingleBargain(i, s)
			if tau < 0 || tau > p*v*(1+tol) {
				fail("nation %s terms %v from superpower %d outside [0, p·V = %v·%v]", b.NIDs[i], tau, s, p, v)
			}
			if o := b.Offer(s, i); o > 0 && !(b.OfferGain(s, i) > o) {
				fail("superpower %d offers %s %v for a gain of %v", s, b.NIDs[i], o, b.OfferGain(s, i))
			}
		}
	}
	if sumV > b.MarketValue()*m.BlocMarket*(1+tol)+tol {
		fail("Σ_s V_s = %v above μ·m_B = %v", sumV, b.MarketValue()*m.BlocMarket)
	}
	for i := range b.N {
		for a := range b.Actions() {
			sum := 0.0
			for s := range b.S {
				sum += b.MarketSplit(i, a, s)
			}
			if sum > 1+tol {
				fail("nation %s action %d: market split sums to %v", b.NIDs[i], a, sum)
			}
		}
		acc := b.Accounts(i)
		for f := range acc.Endowment {
			in := acc.Endowment[f] + acc.Purchased[f]
			out := acc.Used[f] + acc.Supplied[f] + acc.Lost[f]
			if math.Abs(in-out) > tol*math.Max(in, 1e-300) {
				fail("nation %s factor %d: endowment+purchased %v, used+supplied+lost %v", b.NIDs[i], f, in, out)
			}
		}
	}
}
