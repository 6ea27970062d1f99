package sim

import (
	"math"
	"strconv"
	"testing"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
)

// handTOML is a small world whose numbers can be followed by hand:
// ρ = 1, γ = 1 and weights ½ on talent and compute, so Y(e) = ½(t + c);
// nations FR, IN (founders) and JP; superpowers CN and US. Sorted ids
// give nations FR = 0, IN = 1, JP = 2 and superpowers CN = 0, US = 1;
// actions are 0 bloc, 1 deal-CN, 2 deal-US, 3 alone.
const handTOML = `
name = "hand"
rounds = 20
seed = 3
[world]
productivity = 1
rho = 1
scale = 1
weights = { talent = 1, compute = 1, capital = 0, hardware = 0, energy = 0 }
depreciation = 0.1
open_weight = 0.3
open_weight_lag = 0
import_value = 0.5
control_bite = 0.5
rival_penalty = 0.2
partner_feed = 0.3
market_value = 30
lead_value = 0.2
window = 5
[bloc]
founders = ["FR", "IN"]
exclusion_rounds = 3
pooling_share = 0.5
non_rivalry = 0.5
contribution = 0.1
contribution_rule = "gdp"
coordination = 0.01
threat_credibility = 0.8
threat_threshold = 0.05
threat_steepness = 60
bargaining_power = 0.5
terms_rule = "market"
[decisions]
rule = "best-response"
revision = 1
[superpowers.US]
market = 0.3
export_controls = 0.5
model_restriction = 0.2
ally_waiver = 0.6
deal_waiver = 0.5
deal_transfer = 0.02
[superpowers.US.endowment]
talent = 0.4
compute = 0.6
[superpowers.CN]
market = 0.2
export_controls = 0.3
model_restriction = 0.1
ally_waiver = 0.6
deal_waiver = 0.4
deal_transfer = 0.02
[superpowers.CN.endowment]
talent = 0.3
compute = 0.2
[nations.FR]
market = 0.03
allies = ["US"]
affinity = { US = 0.7, CN = 0.3 }
endowment = { talent = 0.02, compute = 0.01 }
[nations.IN]
market = 0.05
affinity = { US = 0.5, CN = 0.3 }
endowment = { talent = 0.04, compute = 0.002 }
[nations.JP]
market = 0.04
allies = ["US"]
affinity = { US = 0.8, CN = 0.2 }
endowment = { talent = 0.02, compute = 0.01 }
`

const (
	hFR, hIN, hJP           = 0, 1, 2
	hCN, hUS                = 0, 1
	aBloc, aCN, aUS, aAlone = 0, 1, 2, 3
)

func hand(tb testing.TB, kv ...string) *scenarios.Scenario {
	tb.Helper()
	return set(tb, parse(tb, handTOML), kv...)
}

func handBloc(tb testing.TB, kv ...string) *Bloc {
	tb.Helper()
	return newRun(tb, hand(tb, kv...), 0).Bloc
}

func eq(t *testing.T, name string, got, want float64) {
	t.Helper()
	if !approx(got, want, 1e-12) {
		t.Errorf("%s = %.15g, want %.15g", name, got, want)
	}
}

// TestRestriction checks r[s,i] = clamp((1−(1−x_s)(1−a_s))·(1−waiver) + pen)
// and the compute lost to chip controls, ξ·max_s clamp(x_s(1−waiver)+pen),
// for every nation and deal, by hand (equations R1–R3).
func TestRestriction(t *testing.T) {
	b := handBloc(t)
	// base restriction: US 1 − 0.5·0.8 = 0.6, CN 1 − 0.7·0.9 = 0.37
	tests := []struct {
		i, kind int
		cn, us  float64 // restriction by CN, by US
		chips   float64 // max chip restriction
		name    string
	}{
		{hJP, 0, 0.37, 0.6 * 0.4, 0.3, "JP (US ally), no deal"},
		{hJP, 1 + hCN, 0.37 * 0.6, 0.6*0.4 + 0.2, 0.5*0.4 + 0.2, "JP, deal CN: CN waives 0.4, US adds the rival penalty"},
		{hJP, 1 + hUS, 0.37 + 0.2, 0.6 * 0.4, 0.3 + 0.2, "JP, deal US: ally waiver 0.6 beats deal waiver 0.5"},
		{hIN, 0, 0.37, 0.6, 0.5, "IN, no deal"},
		{hIN, 1 + hCN, 0.37 * 0.6, 0.6 + 0.2, 0.5 + 0.2, "IN, deal CN"},
		{hIN, 1 + hUS, 0.37 + 0.2, 0.6 * 0.5, 0.3 + 0.2, "IN, deal US"},
	}
	S := b.S
	for _, tc := range tests {
		row := (tc.i*(S+1) + tc.kind) * S
		eq(t, tc.name+": r[CN]", b.restr[row+hCN], tc.cn)
		eq(t, tc.name+": r[US]", b.restr[row+hUS], tc.us)
		eq(t, tc.name+": compute", b.effE[tc.i*(S+1)+tc.kind][agents.Compute], b.e[tc.i][agents.Compute]*(1-0.5*tc.chips))
		eq(t, tc.name+": talent", b.effE[tc.i*(S+1)+tc.kind][agents.Talent], b.e[tc.i][agents.Talent])
	}
	// superpowers lose compute to the rival's controls: US 0.6·(1−0.5·0.3), CN 0.2·(1−0.5·0.5)
	eq(t, "US compute", b.effS[hUS][agents.Compute], 0.6*0.85)
	eq(t, "CN compute", b.effS[hCN][agents.Compute], 0.2*0.75)

	// restrictions are clamped to [0,1]
	b = handBloc(t, "world.rival_penalty", "1", "superpowers.US.export_controls", "1")
	for k, r := range b.restr {
		if r < 0 || r > 1 {
			t.Errorf("restriction %d = %v outside [0,1]", k, r)
		}
	}
	eq(t, "IN, deal CN, clamped r[US]", b.restr[(hIN*(S+1)+1+hCN)*S+hUS], 1)
	eq(t, "IN, deal CN, all compute lost", b.effE[hIN*(S+1)+1+hCN][agents.Compute], b.e[hIN][agents.Compute]*0.5)
}

// TestInitialState: stocks start at the steady state of producing alone,
// K = Y/d, and founders pool a share κ of theirs.
func TestInitialState(t *testing.T) {
	b := handBloc(t)
	eq(t, "F[US]", b.F[hUS], 0.5*(0.4+0.51)/0.1)
	eq(t, "F[CN]", b.F[hCN], 0.5*(0.3+0.15)/0.1)
	kFR := 0.5 * (0.02 + 0.01*0.85) / 0.1  // chips 0.3
	kIN := 0.5 * (0.04 + 0.002*0.75) / 0.1 // chips 0.5
	kJP := 0.5 * (0.02 + 0.01*0.85) / 0.1
	eq(t, "K[FR]", b.K[hFR], 0.5*kFR)
	eq(t, "K[IN]", b.K[hIN], 0.5*kIN)
	eq(t, "K[JP]", b.K[hJP], kJP)
	eq(t, "K_B", b.KB, 0.5*kFR+0.5*kIN)
	if b.act[hFR] != aBloc || b.act[hIN] != aBloc || b.act[hJP] != aAlone {
		t.Errorf("initial actions %v, want founders in the bloc, JP alone", b.act)
	}
}

// handRound0 holds the hand-computed quantities of round 0 of the hand world.
type handRound0 struct {
	kFR, kIN, kJP, kb float64 // stocks
	kbNext            float64 // K_B' of the committed profile: 0.9·K_B + ½·κ·(Σt + Σc_eff)
	fUS, fCN          float64 // F' (steady: no partners)
}

func hand0() handRound0 {
	kFR := 0.5 * (0.02 + 0.0085) / 0.1
	kIN := 0.5 * (0.04 + 0.0015) / 0.1
	h := handRound0{kFR: 0.5 * kFR, kIN: 0.5 * kIN, kJP: kFR, kb: 0.5*kFR + 0.5*kIN}
	h.kbNext = 0.9*h.kb + 0.5*0.5*(0.02+0.04+0.0085+0.0015)
	h.fUS, h.fCN = 4.55, 2.25
	return h
}

// credHand is the threat of equation T1 with c = 0.8, θ = 0.05, k = 60.
func credHand(kb, f float64) float64 {
	L := func(z float64) float64 { return 1 / (1 + math.Exp(-60*(z-0.05))) }
	return 0.8 * (L(kb/f) - L(0)) / (1 - L(0))
}

// TestPayoffsHand checks every term of the payoff of each action in
// round 0 of the hand world: own stock (with pooling), club good
// K_B·share^(1−ν), imports max(O, max_s F_s(1−r)), usable = own-stack +
// ω·imports, terms shared by market, contribution by GDP, coordination
// cost, deal transfer, and the partner's feed into F (divergence).
func TestPayoffsHand(t *testing.T) {
	b := handBloc(t)
	h := hand0()
	O := 0.3 * 4.55 // open weights: 0.3 of the best frontier (lag 0)

	// FR, a member, staying: share w_FR/w_B = 0.01425/0.035, ν = ½
	ownFR := 0.9*h.kFR + 0.5*(0.02+0.0085)*0.5
	stackFR := ownFR + h.kbNext*math.Sqrt(0.01425/0.035)
	impFR := math.Max(O, math.Max(h.fUS*(1-0.24), h.fCN*(1-0.37)))
	tot := 0.5 * 30 * 0.08 * (credHand(h.kbNext, h.fUS) + credHand(h.kbNext, h.fCN))
	wantFR := stackFR + 0.5*impFR + tot*0.03/0.08 - 0.1*2*0.03/0.08 - 0.01*1
	u, usable, own := b.payoffTrial(hFR, aBloc)
	eq(t, "FR stays: own-stack", own, stackFR)
	eq(t, "FR stays: usable", usable, stackFR+0.5*impFR)
	eq(t, "FR stays: payoff", u, wantFR)

	// JP alone: no club good, imports from the US (ally waiver)
	ownJP := 0.9*h.kJP + 0.5*(0.02+0.0085)
	u, usable, own = b.payoffTrial(hJP, aAlone)
	eq(t, "JP alone: own", own, ownJP)
	eq(t, "JP alone: payoff", u, ownJP+0.5*math.Max(O, h.fUS*0.76))
	_ = usable

	// JP takes a deal with the US: its inputs (compute after chips 0.5)
	// feed the US at φ = 0.3, the CN restriction gains the rival
	// penalty, and it gets affinity·transfer = 0.8·0.02.
	fUS := 0.9*4.55 + 0.5*(0.4+0.3*0.02+0.51+0.3*0.0075)
	ownDeal := 0.9*h.kJP + 0.5*(0.02+0.0075)
	u, _, own = b.payoffTrial(hJP, aUS)
	eq(t, "JP deal US: own", own, ownDeal)
	eq(t, "JP deal US: payoff", u, ownDeal+0.5*math.Max(O, math.Max(fUS*0.76, h.fCN*(1-0.57)))+0.8*0.02)

	// JP joins: K_B' gains κ·e_JP, m(B) = 0.12, w_B = 0.04925 (effective inputs: compute after chip controls), |B| = 3
	kb3 := 0.9*h.kb + 0.5*0.5*(0.02+0.04+0.02+0.0085+0.0015+0.0085)
	ownJoin := 0.9*h.kJP + 0.5*(0.02+0.0085)*0.5
	tot3 := 0.5 * 30 * 0.12 * (credHand(kb3, h.fUS) + credHand(kb3, h.fCN))
	wantJoin := ownJoin + kb3*math.Sqrt(0.01425/0.04925) + 0.5*math.Max(O, h.fUS*0.76) +
		tot3*0.04/0.12 - 0.1*3*0.04/0.12 - 0.01*2
	u, _, own = b.payoffTrial(hJP, aBloc)
	eq(t, "JP joins: own-stack", own, ownJoin+kb3*math.Sqrt(0.01425/0.04925))
	eq(t, "JP joins: payoff", u, wantJoin)

	// IN leaves for China: the bloc shrinks to FR (K_B' loses IN's
	// inputs), CN gains IN's fed inputs; IN's compute loses 0.7·ξ.
	fCN := 0.9*2.25 + 0.5*(0.3+0.3*0.04+0.15+0.3*0.002*0.65)
	ownIN := 0.9*h.kIN + 0.5*(0.04+0.002*0.65)
	u, _, own = b.payoffTrial(hIN, aCN)
	eq(t, "IN deal CN: own", own, ownIN)
	eq(t, "IN deal CN: payoff", u, ownIN+0.5*math.Max(O, math.Max(h.fUS*(1-0.8), fCN*(1-0.222)))+0.3*0.02)

	// Payoff is payoffTrial's payoff.
	for i := range b.N {
		for a := range len(b.Actions()) {
			u, _, _ := b.payoffTrial(i, a)
			if p := b.Payoff(i, a); p != u {
				t.Errorf("Payoff(%d,%d) = %v, payoffTrial %v", i, a, p, u)
			}
		}
	}
}

// TestClubGoodRivalry: a member's own stack is K_B'·share^(1−ν): ν = 1 the
// whole pooled stock, ν = 0 its share only.
func TestClubGoodRivalry(t *testing.T) {
	h := hand0()
	ownFR := 0.9*h.kFR + 0.5*(0.02+0.0085)*0.5
	for _, tc := range []struct {
		nu   string
		want float64
	}{
		{"1", ownFR + h.kbNext},
		{"0.5", ownFR + h.kbNext*math.Sqrt(0.01425/0.035)},
		{"0", ownFR + h.kbNext*0.01425/0.035},
	} {
		b := handBloc(t, "bloc.non_rivalry", tc.nu)
		_, _, own := b.payoffTrial(hFR, aBloc)
		eq(t, "ν="+tc.nu+": FR own-stack", own, tc.want)
	}
}

// TestContributionRules: equal c_0; gdp c_0·|B|·m_i/m(B); endowment
// c_0·|B|·w_i/w(B); coordination χ·(|B|−1). With c = 0 there are no terms,
// so payoff − usable = −costs.
func TestContributionRules(t *testing.T) {
	for _, tc := range []struct {
		rule, c0, chi string
		fr, in        float64 // cost of FR and IN
	}{
		{"equal", "0.1", "0.01", 0.1 + 0.01, 0.1 + 0.01},
		{"gdp", "0.1", "0.01", 0.2*0.03/0.08 + 0.01, 0.2*0.05/0.08 + 0.01},
		{"endowment", "0.1", "0.01", 0.2*0.01425/0.035 + 0.01, 0.2*0.02075/0.035 + 0.01},
		{"endowment", "0", "0", 0, 0},
		{"gdp", "0", "0.5", 0.5, 0.5},
	} {
		s := hand(t, "bloc.threat_credibility", "0", "bloc.contribution", tc.c0, "bloc.coordination", tc.chi)
		s.Bloc.ContributionRule = tc.rule
		b := newRun(t, s, 0).Bloc
		for _, n := range []struct {
			i    int
			want float64
		}{{hFR, tc.fr}, {hIN, tc.in}} {
			u, usable, _ := b.payoffTrial(n.i, aBloc)
			eq(t, tc.rule+" cost of "+b.NIDs[n.i], usable-u, n.want)
		}
	}
	// Coordination cost rises with size: JP joining pays χ·2.
	s := hand(t, "bloc.threat_credibility", "0", "bloc.contribution", "0", "bloc.coordination", "0.3")
	b := newRun(t, s, 0).Bloc
	u, usable, _ := b.payoffTrial(hJP, aBloc)
	eq(t, "JP joining a bloc of 2: coordination", usable-u, 0.6)
}

// TestTermsSharing: terms are divided by market share (market) or equally.
func TestTermsSharing(t *testing.T) {
	h := hand0()
	tot := 0.5 * 30 * 0.08 * (credHand(h.kbNext, h.fUS) + credHand(h.kbNext, h.fCN))
	for _, rule := range []string{"market", "equal"} {
		s := hand(t, "bloc.contribution", "0", "bloc.coordination", "0")
		s.Bloc.TermsRule = rule
		b := newRun(t, s, 0).Bloc
		for _, i := range []int{hFR, hIN} {
			u, usable, _ := b.payoffTrial(i, aBloc)
			want := tot / 2
			if rule == "market" {
				want = tot * b.m[i] / 0.08
			}
			eq(t, rule+" terms of "+b.NIDs[i], u-usable, want)
		}
	}
}

// TestCredibility checks equation T1: p(0) = 0, p ≤ c, rising in K_B/F,
// half-way (relative to L(0)) at z = θ, and zero when c = 0, the bloc is
// empty or the threat is switched off.
func TestCredibility(t *testing.T) {
	b := handBloc(t)
	L0 := 1 / (1 + math.Exp(3))
	for _, tc := range []struct {
		name   string
		kb, fs float64
		nB     int
		want   float64
	}{
		{"K_B = 0", 0, 1, 2, 0},
		{"empty bloc", 0.5, 1, 0, 0},
		{"no frontier", 0.5, 0, 2, 0},
		{"z = θ", 0.05, 1, 2, 0.8 * (0.5 - L0) / (1 - L0)},
		{"z = 2θ", 0.1, 1, 1, 0.8 * (1/(1+math.Exp(-3)) - L0) / (1 - L0)},
		{"z large", 100, 1, 1, 0.8},
	} {
		if got := b.credibility(tc.kb, tc.fs, tc.nB); !approx(got, tc.want, 1e-12) {
			t.Errorf("%s: p = %v, want %v", tc.name, got, tc.want)
		}
	}
	prev := 0.0
	for k := range 200 {
		z := float64(k) * 0.002
		p := b.credibility(z, 1, 1)
		if p < prev || p > 0.8 || p < 0 {
			t.Errorf("p(z=%v) = %v after %v: not rising within [0, c]", z, p, prev)
		}
		prev = p
	}
	for _, kv := range [][]string{{"bloc.threat_credibility", "0"}, {"bloc.threat", "false"}} {
		b := handBloc(t, kv...)
		if p := b.credibility(1, 1, 3); p != 0 {
			t.Errorf("%s=%s: p = %v, want 0", kv[0], kv[1], p)
		}
	}
	// p is proportional to c
	b1 := handBloc(t, "bloc.threat_credibility", "0.4")
	if p1, p2 := b1.credibility(0.07, 1, 1), b.credibility(0.07, 1, 1); !approx(p1, p2/2, 1e-12) {
		t.Errorf("p at c=0.4 is %v, half of %v expected", p1, p2)
	}
}

// TestTerms checks equation N1: τ = β_B·p·μ·m(B) with
// β_B = β + (1−β)·min(1, ς·m(B)).
func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		kv    []string
		p, mB float64
		want  float64
	}{
		{nil, 0.4, 0.1, 0.5 * 0.4 * 30 * 0.1},
		{[]string{"bloc.standards_leverage", "2"}, 0.4, 0.1, (0.5 + 0.5*0.2) * 0.4 * 30 * 0.1},
		{[]string{"bloc.standards_leverage", "10"}, 0.4, 0.2, 1 * 0.4 * 30 * 0.2},
		{[]string{"bloc.bargaining_power", "0.2"}, 0.4, 0.1, 0.2 * 0.4 * 30 * 0.1},
		{nil, 0, 0.1, 0},
		{nil, 0.4, 0, 0},
		{[]string{"bloc.collective_bargaining", "false"}, 0.4, 0.1, 0},
	} {
		b := handBloc(t, tc.kv...)
		if got := b.terms(tc.p, tc.mB); !approx(got, tc.want, 1e-12) {
			t.Errorf("%v p=%v m(B)=%v: τ = %v, want %v", tc.kv, tc.p, tc.mB, got, tc.want)
		}
	}
}

// TestExclusionTimer: a member that leaves is barred from the bloc for
// exactly P rounds, then may return; P = 0 bars it for none. Members and
// never-members are not barred.
func TestExclusionTimer(t *testing.T) {
	for _, P := range []int{0, 1, 3, 7} {
		b := handBloc(t, "bloc.exclusion_rounds", strconv.Itoa(P))
		next := make([]int, b.N)
		copy(next, b.act)
		next[hFR] = aAlone
		b.Commit(0, next)
		barred := 0
		for round := 1; round <= P+3; round++ {
			if !b.Available(hJP, aBloc) || !b.Available(hIN, aBloc) {
				t.Fatalf("P=%d: a non-leaver is barred", P)
			}
			if !b.Available(hFR, aBloc) {
				barred++
				if b.Excluded(hFR) != P-round+1 {
					t.Errorf("P=%d round %d: timer %d, want %d", P, round, b.Excluded(hFR), P-round+1)
				}
			} else if barred != P {
				t.Errorf("P=%d: available again after %d rounds", P, barred)
			}
			for a := 1; a < len(b.Actions()); a++ {
				if !b.Available(hFR, a) {
					t.Errorf("P=%d: the leaver may not take action %d", P, a)
				}
			}
			copy(next, b.act)
			b.Commit(round, next)
		}
		if barred != P {
			t.Errorf("P=%d: barred for %d rounds", P, barred)
		}
	}
	// A barred nation asking to join is refused by the engine's
	// availability: the rule never picks an unavailable action.
	b := handBloc(t, "bloc.exclusion_rounds", "2")
	if b.Exclusion() != 2 || b.Join() != 0 {
		t.Errorf("Exclusion() = %d, Join() = %d", b.Exclusion(), b.Join())
	}
}

// TestConsensusEntry: under consensus a joiner is admitted only if no
// member loses; open entry admits anyone not barred.
func TestConsensusEntry(t *testing.T) {
	join := func(entry string, kv ...string) (admitted bool, b *Bloc) {
		s := hand(t, kv...)
		s.Bloc.Entry = entry
		b = newRun(t, s, 0).Bloc
		next := make([]int, b.N)
		copy(next, b.act)
		next[hJP] = aBloc
		b.Commit(0, next)
		return b.act[hJP] == aBloc, b
	}
	// free, non-rival pooling: JP's inputs raise K_B and the terms, so
	// every member gains and consensus admits it
	welcome := []string{"bloc.contribution", "0", "bloc.coordination", "0", "bloc.non_rivalry", "1"}
	// a heavy coordination cost: every member loses χ
	costly := []string{"bloc.coordination", "5"}
	for _, tc := range []struct {
		entry string
		kv    []string
		want  bool
	}{
		{"consensus", welcome, true},
		{"consensus", costly, false},
		{"open", costly, true},
		{"open", welcome, true},
	} {
		got, b := join(tc.entry, tc.kv...)
		if got != tc.want {
			t.Errorf("%s entry with %v: admitted=%v, want %v", tc.entry, tc.kv, got, tc.want)
		}
		if got && b.Metrics.BlocSize != 3 || !got && b.Metrics.BlocSize != 2 {
			t.Errorf("%s: bloc size %d after the round", tc.entry, b.Metrics.BlocSize)
		}
	}
	// admits agrees with the members' payoffs computed with and without JP
	s := hand(t, costly...)
	s.Bloc.Entry = "consensus"
	b := newRun(t, s, 0).Bloc
	if b.admits(hJP) {
		t.Error("admits JP despite the coordination cost")
	}
}

// TestDivideAndRule checks D1 and D2 in the hand world: an offer to member
// i costs ψ_i = 1.01·H_i·(u_i(B) − u_i(D_s)) + 1e-9, members are bought
// in the order of the fall in s's threat their exit causes per unit price
// (then market per unit price), within the budget; non-members and
// members that would leave anyway get none. An offer makes the deal
// worth at least staying, for a myopic and a forward-looking member.
func TestDivideAndRule(t *testing.T) {
	// a world where both members prefer staying to a plain US deal
	stay := []string{"bloc.non_rivalry", "1", "bloc.contribution", "0.01"}
	for _, tc := range []struct {
		name   string
		budget func(price [2]float64) float64
		kv     []string
		want   []bool // offered to FR, IN
	}{
		{"no budget", func([2]float64) float64 { return 0 }, nil, []bool{false, false}},
		{"budget for both", func(p [2]float64) float64 { return p[0] + p[1] }, nil, []bool{true, true}},
		{"budget below either", func(p [2]float64) float64 { return 0.99 * math.Min(p[0], p[1]) }, nil, []bool{false, false}},
		{"forward-looking FR", func(p [2]float64) float64 { return p[0] + p[1] },
			[]string{"nations.FR.decision.rule", "forward-looking", "nations.FR.decision.discount", "0.5"}, []bool{true, true}},
	} {
		s := hand(t, stay...)
		for k := 0; k < len(tc.kv); k += 2 {
			if tc.kv[k] == "nations.FR.decision.rule" {
				r := tc.kv[k+1]
				s.Nations["FR"].Decision.Rule = &r
				continue
			}
			set(t, s, tc.kv[k], tc.kv[k+1])
		}
		s.Superpowers["US"].Mode = "divide-and-rule"
		b := newRun(t, s, 0).Bloc
		// prices from the payoffs before any offer (D1)
		var price, gap [2]float64
		for _, i := range []int{hFR, hIN} {
			gap[i] = b.Payoff(i, aBloc) - b.Payoff(i, aUS)
			if gap[i] <= 0 {
				t.Fatalf("%s: member %s would leave anyway (gap %v): the hand world is not what this test needs", tc.name, b.NIDs[i], gap[i])
			}
			h := 1.0
			if i == hFR && len(tc.kv) > 0 {
				h = 1 / (1 - 0.5)
			}
			price[i] = 1.01*h*gap[i] + 1e-9
		}
		b.bud[hUS] = tc.budget(price)
		b.Begin(0, nil)
		spent := 0.0
		for _, i := range []int{hFR, hIN, hJP} {
			o := b.offer[hUS*b.N+i]
			if i == hJP {
				if o != 0 {
					t.Errorf("%s: offer %v to a non-member", tc.name, o)
				}
				continue
			}
			if got := o > 0; got != tc.want[i] {
				t.Errorf("%s: offered to %s = %v, want %v", tc.name, b.NIDs[i], got, tc.want[i])
			}
			if o > 0 {
				eq(t, tc.name+": price of "+b.NIDs[i], o, price[i])
				if b.OneOff(i, aUS) != o {
					t.Errorf("%s: OneOff = %v, offer %v", tc.name, b.OneOff(i, aUS), o)
				}
				// accepted: the deal, offer included, beats staying
				if b.Payoff(i, aUS) <= b.Payoff(i, aBloc) {
					t.Errorf("%s: %s's deal with offer pays %v ≤ staying %v", tc.name, b.NIDs[i], b.Payoff(i, aUS), b.Payoff(i, aBloc))
				}
			}
			spent += o
			if b.offer[hCN*b.N+i] != 0 {
				t.Errorf("%s: CN (fixed mode) made an offer", tc.name)
			}
		}
		if spent > b.bud[hUS]+1e-15 {
			t.Errorf("%s: spent %v of a budget of %v", tc.name, spent, b.bud[hUS])
		}
		if len(tc.kv) > 0 {
			// forward-looking FR values the deal with its one-off offer
			// above staying, exclusion included
			fl := &agents.ForwardLooking{Discount: 0.5}
			pay := []float64{b.Payoff(hFR, 0), b.Payoff(hFR, 1), b.Payoff(hFR, 2), b.Payoff(hFR, 3)}
			one := []float64{0, 0, b.OneOff(hFR, 2), 0}
			v := make([]float64, 4)
			fl.Values(v, &agents.Choice{Current: 0, Payoffs: pay, OneOff: one, Avail: []bool{true, true, true, true}, Join: 0, Exclude: b.excl})
			if v[aUS] <= v[aBloc] {
				t.Errorf("forward-looking FR: V(deal) = %v ≤ V(stay) = %v", v[aUS], v[aBloc])
			}
		}
	}
}

// TestDivideTargeting: with a budget for exactly one offer, s buys the
// member whose exit lowers its threat most per unit price (D2), computed
// here from the model's own threat at the two profiles.
func TestDivideTargeting(t *testing.T) {
	s := hand(t, "bloc.non_rivalry", "1", "bloc.contribution", "0.01")
	s.Superpowers["US"].Mode = "divide-and-rule"
	b := newRun(t, s, 0).Bloc
	p0 := b.credibility(b.kbBase, b.fBase[hUS], b.agg.nB)
	var price, score [2]float64
	for _, i := range []int{hFR, hIN} {
		price[i] = 1.01*(b.Payoff(i, aBloc)-b.Payoff(i, aUS)) + 1e-9
		// the profile with i at the US: K_B' and F_US' recomputed
		act := append([]int(nil), b.act...)
		act[i] = aUS
		g := newAggregate(b.S)
		b.aggregateInto(&g, act)
		score[i] = (p0 - b.credibility(b.kbNext(&g), b.fNext(&g, hUS), g.nB)) / price[i]
	}
	top := hFR
	if score[hIN] > score[hFR] {
		top = hIN
	}
	if score[0] == score[1] {
		t.Fatal("equal scores: the hand world does not discriminate")
	}
	t.Logf("prices %v, scores %v, top %s", price, score, b.NIDs[top])
	b.bud[hUS] = math.Max(price[0], price[1]) * 1.0001 // either fits, not both
	if price[0]+price[1] <= b.bud[hUS] {
		t.Fatal("budget affords both")
	}
	b.Begin(0, nil)
	for _, i := range []int{hFR, hIN} {
		if got := b.offer[hUS*b.N+i] > 0; got != (i == top) {
			t.Errorf("offer to %s: %v; scores %v (want the higher one only)", b.NIDs[i], got, score)
		}
	}
}

// TestAdaptive checks U2: an adaptive superpower moves x by at most one
// step to whichever of x−Δ, x, x+Δ gives the highest U_s (ties keep x),
// and its controls stay in [0,1].
func TestAdaptive(t *testing.T) {
	for _, x0 := range []string{"0", "0.5", "1"} {
		s := hand(t, "superpowers.US.export_controls", x0, "superpowers.US.adapt_step", "0.1")
		s.Superpowers["US"].Mode = "adaptive"
		r := newRun(t, s, 0)
		b := r.Bloc
		for round := range 15 {
			before := b.x[hUS]
			// U at the three candidates, on a copy of the state
			var u [3]float64
			for k, d := range []float64{-0.1, 0, 0.1} {
				u[k] = b.utilityAt(hUS, clamp01(before+d))
			}
			b.x[hUS] = before
			b.policyChanged()
			b.rebase()
			r.Step()
			after := b.Metrics.Controls[hUS]
			if after < 0 || after > 1 || math.Abs(after-before) > 0.1+1e-12 {
				t.Fatalf("x0=%s round %d: controls moved from %v to %v", x0, round, before, after)
			}
			best := math.Max(u[0], math.Max(u[1], u[2]))
			k := 1
			if after < before {
				k = 0
			} else if after > before {
				k = 2
			}
			if u[k] < best-1e-9 {
				t.Errorf("x0=%s round %d: chose x=%v with U=%v, best U=%v (%v)", x0, round, after, u[k], best, u)
			}
			if k != 1 && u[k] <= u[1]+1e-9 {
				t.Errorf("x0=%s round %d: moved without gain (%v)", x0, round, u)
			}
		}
	}
}
