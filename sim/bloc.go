package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
)

// Bloc is the AI-bloc payoff model: middle powers choose each round
// between the bloc, a bilateral deal with one superpower, or going alone.
// Its equations are in docs/model.md; the comments name them.
//
// Actions are numbered 0 = bloc, 1..S = deal with superpower s−1,
// S+1 = alone.
type Bloc struct {
	N, S    int
	NIDs    []string // nation ids, sorted
	SIDs    []string // superpower ids, sorted
	actions []string
	prod    CES

	// parameters
	d, openShare, omega, bite, rivalPen, feed, mu, lead float64
	openLag                                             int
	enabled, threatOn, collective                       bool
	kappa, nu, c0, chi, c, theta, k, beta, standards    float64
	contribRule, termsEqual, consensus                  int
	excl                                                int

	// nations
	e       [][nf]float64
	m, w    []float64 // market share; contribution index Σ_f α_f·ẽ_f of effective inputs (C2)
	aff     [][]float64
	ally    [][]bool
	horizon []float64 // how many rounds of loss an offer must cover

	// superpowers
	es                                     [][nf]float64
	ms                                     []float64
	x, modelR, allyW, dealW, transfer, bud []float64
	mode                                   []agents.Mode
	step                                   []float64

	// state
	K, F        []float64
	KB          float64
	act, timer  []int
	maxF        []float64 // ring of best frontier for open weights
	offer       []float64 // S×N one-off offers this round
	offerGap    []float64
	score       []float64 // divide and rule: threat damage per unit price
	second      []float64 // and market per unit price (tie-breaker)
	candidates  []int
	realised    []float64
	paidOffers  []float64     // S
	effE        [][nf]float64 // N×(S+1): 0 no deal, 1+s deal with s
	restr       []float64     // N×(S+1)×S combined restriction
	effS        [][nf]float64 // superpower effective endowments
	yOwn        []float64     // N×(S+1): output of each nation's own inputs per action kind
	keep        float64       // (1−κ)^γ
	fBase       []float64     // F' of every superpower for the committed profile
	kbBase      float64       // K_B' for the committed profile
	l0          float64       // L(0) of the credibility curve
	agg         aggregate
	trial       aggregate
	Metrics     RoundMetrics
	usable, own []float64

	// Cached values of the committed profile (refreshed by rebase): each
	// superpower's threat p_s and the total terms a member shares.
	baseP   []float64
	baseTot float64
	cache   prodCache
	yOwnX   []float64 // controls yOwn was computed for
	yOwnSet bool
}

// prodCache holds outputs Y that depend only on the committed action
// profile and the controls x (through the effective endowments), not on
// the stocks: the committed profile's own outputs and, filled lazily, the
// outputs of each one-nation deviation. They are reused across rounds
// while neither the profile nor x changes, so a steady state evaluates no
// CES at all. Every cached value is computed by the same expression as
// the uncached path, so results are bit-for-bit identical.
type prodCache struct {
	filled bool      // act and x below describe the committed profile
	valid  bool      // filled, and x is the current controls
	act    []int     // profile the cache was filled for
	x      []float64 // controls the cache was filled for
	yB     float64   // Y of the pooled inputs (0 with no member)
	yS     []float64 // Y of each superpower's inputs
	yBTog  []float64 // Y of the pooled inputs with nation i toggled in or out
	hasBT  []bool
	ySTog  []float64 // N×S: Y of s's inputs with nation i toggled into or out of its partners
	hasST  []bool
	shareB []float64 // share_i^(1−ν) of nation i as a member (of the profile with i in the bloc)
	hasSh  []bool
}

// aggregate is the state of the bloc and the superpowers' production
// inputs for one action profile.
type aggregate struct {
	EB       [nf]float64 // pooled inputs
	nB       int
	mB, wB   float64
	ES       [][nf]float64 // superpower inputs incl. partners
	partners []int
}

// RoundMetrics is what one round records, beside per-nation values.
type RoundMetrics struct {
	Round             int
	BlocSize          int
	KB                float64
	Threat            []float64 // p_s per superpower
	Terms             []float64 // τ_s per superpower
	Controls          []float64 // x_s
	Utility           []float64 // U_s
	Frontier          []float64 // F_s
	Offers            []float64 // offers paid this round per superpower
	DivOwn, DivUsable float64
	Theil             float64
	Welfare           float64
	Churn             int // nations whose action changed this round
	Moved             int // nations that joined or left the bloc this round
	OpenWeight        float64
}

// NewBloc builds the model from a validated scenario. rules gives each
// nation's decision rule (for the horizon of divide-and-rule pricing).
func NewBloc(s *scenarios.Scenario, rules []agents.Rule) (*Bloc, error) {
	b := &Bloc{NIDs: sortedIDs(s.Nations), SIDs: sortedIDs(s.Superpowers)}
	b.N, b.S = len(b.NIDs), len(b.SIDs)
	N, S := b.N, b.S
	if N == 0 || S == 0 {
		return nil, fmt.Errorf("sim: the ai-bloc model needs at least one nation and one superpower")
	}
	b.actions = append(b.actions, "bloc")
	for _, id := range b.SIDs {
		b.actions = append(b.actions, "deal-"+id)
	}
	b.actions = append(b.actions, "alone")
	w := s.World
	b.prod = NewCES(w.Productivity, w.Rho, w.Scale, w.Weights.Array())
	b.d, b.openShare, b.openLag, b.omega = w.Depreciation, w.OpenWeight, w.OpenWeightLag, w.ImportValue
	b.bite, b.rivalPen, b.feed, b.mu, b.lead = w.ControlBite, w.RivalPenalty, w.PartnerFeed, w.MarketValue, w.LeadValue
	bl := s.Bloc
	b.enabled, b.threatOn, b.collective = bl.Enabled, bl.ThreatSwitch, bl.Collective
	b.kappa, b.nu, b.c0, b.chi = bl.PoolingShare, bl.NonRivalry, bl.Contribution, bl.Coordination
	b.c, b.theta, b.k, b.beta, b.standards = bl.Threat, bl.ThreatThreshold, bl.ThreatSteepness, bl.BargainingPower, bl.Standards
	b.excl = bl.ExclusionRounds
	b.contribRule = map[string]int{"equal": 0, "gdp": 1, "endowment": 2}[bl.ContributionRule]
	if bl.TermsRule == "equal" {
		b.termsEqual = 1
	}
	if bl.Entry == "consensus" {
		b.consensus = 1
	}

	b.e = make([][nf]float64, N)
	b.m, b.w = make([]float64, N), make([]float64, N)
	b.aff, b.ally = make([][]float64, N), make([][]bool, N)
	b.horizon = make([]float64, N)
	for i, id := range b.NIDs {
		n := s.Nations[id]
		b.e[i] = scenarios.Weights(n.Endowment).Array()
		b.m[i] = n.Market
		b.aff[i], b.ally[i] = make([]float64, S), make([]bool, S)
		for j, sid := range b.SIDs {
			b.aff[i][j] = n.Affinity[sid]
			b.ally[i][j] = slices.Contains(n.Allies, sid)
		}
		b.horizon[i] = 1
		if fl, ok := rules[i].(*agents.ForwardLooking); ok {
			b.horizon[i] = 1 / (1 - fl.Discount)
		}
	}
	b.es = make([][nf]float64, S)
	b.ms, b.x, b.modelR = make([]float64, S), make([]float64, S), make([]float64, S)
	b.allyW, b.dealW, b.transfer, b.bud = make([]float64, S), make([]float64, S), make([]float64, S), make([]float64, S)
	b.mode, b.step = make([]agents.Mode, S), make([]float64, S)
	for j, id := range b.SIDs {
		sp := s.Superpowers[id]
		b.es[j] = scenarios.Weights(sp.Endowment).Array()
		b.ms[j], b.x[j], b.modelR[j] = sp.Market, sp.ExportControls, sp.ModelRestriction
		b.allyW[j], b.dealW[j], b.transfer[j], b.bud[j] = sp.AllyWaiver, sp.DealWaiver, sp.DealTransfer, sp.Budget
		b.mode[j] = agents.ModeNames[sp.Mode]
		b.step[j] = sp.AdaptStep
	}

	b.K, b.F = make([]float64, N), make([]float64, S)
	b.act, b.timer = make([]int, N), make([]int, N)
	b.maxF = make([]float64, b.openLag+1)
	b.offer, b.offerGap, b.score = make([]float64, S*N), make([]float64, N), make([]float64, N)
	b.second = make([]float64, N)
	b.candidates = make([]int, 0, N)
	b.realised, b.usable, b.own = make([]float64, N), make([]float64, N), make([]float64, N)
	b.paidOffers = make([]float64, S)
	b.effE = make([][nf]float64, N*(S+1))
	b.restr = make([]float64, N*(S+1)*S)
	b.effS = make([][nf]float64, S)
	b.yOwn = make([]float64, N*(S+1))
	b.fBase = make([]float64, S)
	b.keep = pow(1-b.kappa, b.prod.Gamma)
	b.l0 = 1 / (1 + math.Exp(b.k*b.theta))
	b.agg = newAggregate(S)
	b.trial = newAggregate(S)
	b.baseP = make([]float64, S)
	b.yOwnX = make([]float64, S)
	b.cache = prodCache{act: make([]int, N), x: make([]float64, S), yS: make([]float64, S),
		yBTog: make([]float64, N), hasBT: make([]bool, N), ySTog: make([]float64, N*S), hasST: make([]bool, N*S),
		shareB: make([]float64, N), hasSh: make([]bool, N)}
	b.Metrics = RoundMetrics{Threat: make([]float64, S), Terms: make([]float64, S), Controls: make([]float64, S),
		Utility: make([]float64, S), Frontier: make([]float64, S), Offers: make([]float64, S)}

	// Initial actions: founders in the bloc, everyone else alone.
	for i, id := range b.NIDs {
		b.act[i] = b.alone()
		if b.enabled && slices.Contains(bl.Founders, id) {
			b.act[i] = 0
		}
	}
	b.policyChanged()
	// Initial stocks: the steady state of producing alone, K = Y/d (Y if d = 0).
	ss := func(y float64) float64 {
		if b.d > 0 {
			return y / b.d
		}
		return y
	}
	for i := range N {
		b.K[i] = ss(b.prod.Y(&b.effE[i*(S+1)]))
	}
	for s := range S {
		b.F[s] = ss(b.prod.Y(&b.effS[s]))
	}
	// Founders pool a share κ of their existing stocks into the reserve.
	for i := range N {
		if b.act[i] == 0 {
			b.KB += b.kappa * b.K[i]
			b.K[i] *= 1 - b.kappa
		}
	}
	best := slices.Max(b.F)
	for l := range b.maxF {
		b.maxF[l] = best
	}
	b.rebase()
	b.settle(-1)
	return b, nil
}

func newAggregate(S int) aggregate {
	return aggregate{ES: make([][nf]float64, S), partners: make([]int, S)}
}

func sortedIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (b *Bloc) alone() int { return b.S + 1 }

// dealWith returns the superpower index of a deal action, or -1.
func (b *Bloc) dealWith(a int) int {
	if a >= 1 && a <= b.S {
		return a - 1
	}
	return -1
}

// kind maps an action to its effective-endowment slot: 0 no deal, 1+s deal with s.
func (b *Bloc) kind(a int) int {
	if s := b.dealWith(a); s >= 0 {
		return 1 + s
	}
	return 0
}

// policyChanged recomputes restrictions and effective endowments after
// controls change (equations R1–R3 of docs/model.md).
func (b *Bloc) policyChanged() {
	b.effective(b.x, b.effE, b.restr, b.effS)
	// A member's contribution share counts what it actually pools: its
	// inputs after export controls (C2).
	for i := range b.N {
		ee := &b.effE[i*(b.S+1)]
		w := 0.0
		for f, a := range b.prod.Alpha {
			w += a * ee[f]
		}
		b.w[i] = w
	}
	// the nations' own outputs depend on x only: an adaptive superpower
	// that keeps its controls needs no new ones
	if !b.yOwnSet || !slices.Equal(b.yOwnX, b.x) {
		for k := range b.effE {
			b.yOwn[k] = b.prod.Y(&b.effE[k])
		}
		copy(b.yOwnX, b.x)
		b.yOwnSet = true
	}
	b.checkCache()
}

// checkCache marks the production cache valid only while the controls it
// was filled with are the current ones (adaptive superpowers try other
// controls and may come back to the same).
func (b *Bloc) checkCache() {
	b.cache.valid = b.cache.filled && slices.Equal(b.cache.x, b.x)
}

func (b *Bloc) effective(x []float64, effE [][nf]float64, restr []float64, effS [][nf]float64) {
	S := b.S
	for i := range b.N {
		for k := 0; k <= S; k++ {
			deal := k - 1
			chips := 0.0
			for s := range S {
				waiver := 0.0
				if b.ally[i][s] {
					waiver = b.allyW[s]
				}
				if deal == s {
					waiver = math.Max(waiver, b.dealW[s])
				}
				pen := 0.0
				if deal >= 0 && deal != s {
					pen = b.rivalPen
				}
				base := 1 - (1-x[s])*(1-b.modelR[s])
				restr[(i*(S+1)+k)*S+s] = clamp01(base*(1-waiver) + pen)
				if c := clamp01(x[s]*(1-waiver) + pen); c > chips {
					chips = c // clamp01 is never −0 and never NaN for valid x
				}
			}
			ee := b.e[i]
			ee[agents.Compute] *= 1 - b.bite*chips
			effE[i*(S+1)+k] = ee
		}
	}
	for s := range S {
		chips := 0.0
		for r := range S {
			if r != s {
				chips = math.Max(chips, x[r])
			}
		}
		ee := b.es[s]
		ee[agents.Compute] *= 1 - b.bite*chips
		effS[s] = ee
	}
}

// clamp01 is math.Min(1, math.Max(0, v)), NaN and signed zeros included
// (−0 gives +0), without the calls.
func clamp01(v float64) float64 {
	switch {
	case v != v:
		return v
	case !(v > 0):
		return 0
	case v >= 1:
		return 1
	}
	return v
}

// aggregateInto sums the bloc's pooled inputs and the superpowers'
// inputs (own plus partners' fed share) for the profile act.
func (b *Bloc) aggregateInto(g *aggregate, act []int) {
	S := b.S
	g.EB = [nf]float64{}
	g.nB, g.mB, g.wB = 0, 0, 0
	for s := range S {
		g.ES[s] = b.effS[s]
		g.partners[s] = 0
	}
	for i, a := range act {
		if a == 0 {
			g.nB++
			g.mB += b.m[i]
			g.wB += b.w[i]
			ee := &b.effE[i*(S+1)]
			for f := range nf {
				g.EB[f] += b.kappa * ee[f]
			}
		} else if s := b.dealWith(a); s >= 0 {
			g.partners[s]++
			ee := &b.effE[i*(S+1)+1+s]
			for f := range nf {
				g.ES[s][f] += b.feed * ee[f]
			}
		}
	}
}

// toggle moves player i from action from to action to in aggregate g.
func (b *Bloc) toggle(g *aggregate, i, from, to int) {
	S := b.S
	sign := [2]float64{-1, 1}
	for k, a := range [2]int{from, to} {
		sg := sign[k]
		if a == 0 {
			g.nB += int(sg)
			g.mB += sg * b.m[i]
			g.wB += sg * b.w[i]
			ee := &b.effE[i*(S+1)]
			for f := range nf {
				g.EB[f] += sg * b.kappa * ee[f]
			}
		} else if s := b.dealWith(a); s >= 0 {
			g.partners[s] += int(sg)
			ee := &b.effE[i*(S+1)+1+s]
			for f := range nf {
				g.ES[s][f] += sg * b.feed * ee[f]
			}
		}
	}
}

// credibility is the switching threat p = c·(L(z)−L(0))/(1−L(0)),
// L(z) = 1/(1+exp(−k(z−θ))), z = K_B/F_s (equation T1).
func (b *Bloc) credibility(kb, fs float64, nB int) float64 {
	if !b.threatOn || b.c == 0 || nB == 0 || kb <= 0 || fs <= 0 {
		return 0
	}
	l := 1 / (1 + math.Exp(-b.k*(kb/fs-b.theta)))
	return b.c * (l - b.l0) / (1 - b.l0)
}

// terms is the Nash bargaining solution with threat points (equation N1):
// τ_s = β_B·p_s·μ·m(B), β_B = β + (1−β)·min(1, ς·m(B)).
func (b *Bloc) terms(p, mB float64) float64 {
	if !b.collective || mB <= 0 {
		return 0
	}
	bb := b.beta + (1-b.beta)*math.Min(1, b.standards*mB)
	return bb * p * b.mu * mB
}

// next-round stocks for aggregate g.
func (b *Bloc) kbNext(g *aggregate) float64 {
	y := 0.0
	if g.nB > 0 {
		y = b.prod.Y(&g.EB)
	}
	return (1-b.d)*b.KB + y
}

func (b *Bloc) fNext(g *aggregate, s int) float64 {
	return (1-b.d)*b.F[s] + b.prod.Y(&g.ES[s])
}

// ownNext is nation i's national stock after this round under action a.
// Members keep a share 1−κ of their inputs; CES is homogeneous of degree
// γ, so their output is (1−κ)^γ times the output of their full inputs.
func (b *Bloc) ownNext(i, a int) float64 {
	y := b.yOwn[i*(b.S+1)+b.kind(a)]
	if a == 0 {
		y *= b.keep
	}
	return (1-b.d)*b.K[i] + y
}

// value is nation i's payoff under action a with aggregate g (which must
// already reflect i's action a), and F' given. It also returns usable and
// own-stack capability.
func (b *Bloc) value(g *aggregate, i, a int, fNext []float64, kb float64) (u, usable, ownStack float64) {
	tot := 0.0
	if a == 0 && g.nB > 0 {
		tot = b.termsTotal(g, fNext, kb)
	}
	return b.valueWith(g, i, a, fNext, kb, tot, math.NaN())
}

// termsTotal is the total terms Σ_s τ_s the bloc of g extracts (N1).
func (b *Bloc) termsTotal(g *aggregate, fNext []float64, kb float64) float64 {
	tot := 0.0
	for s := range b.S {
		tot += b.terms(b.credibility(kb, fNext[s], g.nB), g.mB)
	}
	return tot
}

// valueWith is value with the member's total terms tot (termsTotal) and
// its club share power share_i^(1−ν) (NaN: compute it) given.
func (b *Bloc) valueWith(g *aggregate, i, a int, fNext []float64, kb, tot, sharePow float64) (u, usable, ownStack float64) {
	S := b.S
	kn := b.ownNext(i, a)
	ownStack = kn
	if a == 0 && g.nB > 0 {
		// club good with rivalry knob (C1)
		if math.IsNaN(sharePow) {
			sharePow = math.Pow(b.share(g, i), 1-b.nu)
		}
		ownStack += kb * sharePow
		// terms shared among members (N2)
		if b.termsEqual == 1 {
			u += tot / float64(g.nB)
		} else {
			u += tot * b.m[i] / g.mB
		}
		// contribution and coordination costs (K1, K2)
		total := b.c0 * float64(g.nB)
		switch b.contribRule {
		case 0:
			u -= b.c0
		case 1:
			u -= total * b.m[i] / g.mB
		case 2:
			u -= total * b.share(g, i)
		}
		u -= b.chi * float64(g.nB-1)
	}
	// access and dependence (A1, A2)
	imp := b.openLevel()
	row := (i*(S+1) + b.kind(a)) * S
	for s := range S {
		// max without math.Max's NaN and signed-zero handling: both
		// operands are non-negative numbers (imp starts at O ≥ 0)
		if v := fNext[s] * (1 - b.restr[row+s]); v > imp {
			imp = v
		}
	}
	usable = ownStack + b.omega*imp
	u += usable
	if s := b.dealWith(a); s >= 0 {
		u += b.aff[i][s]*b.transfer[s] + b.offer[s*b.N+i]
	}
	return u, usable, ownStack
}

func (b *Bloc) openLevel() float64 { return b.openShare * b.maxF[0] }

// Players implements Model.
func (b *Bloc) Players() int { return b.N }

// Actions implements Model.
func (b *Bloc) Actions() []string { return b.actions }

// Join implements Model.
func (b *Bloc) Join() int {
	if !b.enabled {
		return -1
	}
	return 0
}

// Exclusion implements Model.
func (b *Bloc) Exclusion() int { return b.excl }

// Action implements Model.
func (b *Bloc) Action(i int) int { return b.act[i] }

// Realised implements Model.
func (b *Bloc) Realised(i int) float64 { return b.realised[i] }

// Available implements Model.
func (b *Bloc) Available(i, a int) bool {
	if a == 0 {
		return b.enabled && (b.timer[i] == 0 || b.act[i] == 0)
	}
	return true
}

// Payoff implements Model.
func (b *Bloc) Payoff(i, a int) float64 {
	u, _, _ := b.payoffTrial(i, a)
	return u
}

// payoffTrial evaluates i's action a with every other action fixed. Only
// the stocks whose inputs i's move changes are recomputed: the bloc's if
// it enters or leaves, a superpower's if it becomes or stops being its
// partner; the rest come from the committed profile's cache.
func (b *Bloc) payoffTrial(i, a int) (u, usable, own float64) {
	cur := b.act[i]
	if cur == a {
		return b.valueWith(&b.agg, i, a, b.fBase, b.kbBase, b.baseTot, b.sharePow(&b.agg, i, a))
	}
	g := &b.trial
	copyAggregate(g, &b.agg)
	b.toggle(g, i, cur, a)
	var fn [8]float64
	fNext := append(fn[:0], b.fBase...)
	for _, s := range [2]int{b.dealWith(cur), b.dealWith(a)} {
		if s >= 0 {
			fNext[s] = (1-b.d)*b.F[s] + b.yToggledS(g, i, s)
		}
	}
	kb := b.kbBase
	if cur == 0 || a == 0 {
		kb = (1-b.d)*b.KB + b.yToggledB(g, i)
	}
	tot := 0.0
	if a == 0 && g.nB > 0 {
		tot = b.termsTotal(g, fNext, kb)
	}
	return b.valueWith(g, i, a, fNext, kb, tot, b.sharePow(g, i, a))
}

// yToggledB is Y of the pooled inputs of g, the committed profile with
// nation i toggled into or out of the bloc (as kbNext computes it).
func (b *Bloc) yToggledB(g *aggregate, i int) float64 {
	c := &b.cache
	if c.valid && c.hasBT[i] {
		return c.yBTog[i]
	}
	y := 0.0
	if g.nB > 0 {
		y = b.prod.Y(&g.EB)
	}
	if c.valid {
		c.yBTog[i], c.hasBT[i] = y, true
	}
	return y
}

// yToggledS is Y of superpower s's inputs in g, the committed profile with
// nation i toggled into or out of s's partners (as fNext computes it).
func (b *Bloc) yToggledS(g *aggregate, i, s int) float64 {
	c := &b.cache
	k := i*b.S + s
	if c.valid && c.hasST[k] {
		return c.ySTog[k]
	}
	y := b.prod.Y(&g.ES[s])
	if c.valid {
		c.ySTog[k], c.hasST[k] = y, true
	}
	return y
}

// share is member i's contribution share w_i/w(B) (C2); members who
// contribute nothing at all split equally.
func (b *Bloc) share(g *aggregate, i int) float64 {
	if g.wB <= 0 {
		return 1 / float64(g.nB)
	}
	return b.w[i] / g.wB
}

// sharePow is share_i^(1−ν) for member i of g, where g is the committed
// profile or that profile with i toggled (as value computes it); NaN when
// i is not a member under a.
func (b *Bloc) sharePow(g *aggregate, i, a int) float64 {
	if a != 0 || g.nB == 0 {
		return math.NaN()
	}
	c := &b.cache
	if c.valid && c.hasSh[i] {
		return c.shareB[i]
	}
	v := math.Pow(b.share(g, i), 1-b.nu)
	if c.valid {
		c.shareB[i], c.hasSh[i] = v, true
	}
	return v
}

// rebase refreshes the cached stocks of the committed profile, and the
// threat and terms they give. Outputs Y come from the production cache
// while the profile and the controls are those it was filled for.
func (b *Bloc) rebase() {
	c := &b.cache
	if !c.filled || !slices.Equal(c.act, b.act) || !slices.Equal(c.x, b.x) {
		b.aggregateInto(&b.agg, b.act)
		copy(c.act, b.act)
		copy(c.x, b.x)
		for s := range b.S {
			c.yS[s] = b.prod.Y(&b.agg.ES[s])
		}
		c.yB = 0
		if b.agg.nB > 0 {
			c.yB = b.prod.Y(&b.agg.EB)
		}
		clear(c.hasBT)
		clear(c.hasST)
		clear(c.hasSh)
		c.filled = true
	}
	c.valid = true
	for s := range b.S {
		b.fBase[s] = (1-b.d)*b.F[s] + c.yS[s]
	}
	b.kbBase = (1-b.d)*b.KB + c.yB
	b.baseTot = 0
	for s := range b.S {
		b.baseP[s] = b.credibility(b.kbBase, b.fBase[s], b.agg.nB)
		b.baseTot += b.terms(b.baseP[s], b.agg.mB)
	}
}

func (b *Bloc) fNextAll(g *aggregate, buf []float64) []float64 {
	for s := range b.S {
		buf = append(buf, b.fNext(g, s))
	}
	return buf
}

func copyAggregate(dst, src *aggregate) {
	dst.EB, dst.nB, dst.mB, dst.wB = src.EB, src.nB, src.mB, src.wB
	copy(dst.ES, src.ES)
	copy(dst.partners, src.partners)
}

// OneOff implements Model: divide-and-rule offers are paid once.
func (b *Bloc) OneOff(i, a int) float64 {
	if s := b.dealWith(a); s >= 0 {
		return b.offer[s*b.N+i]
	}
	return 0
}

// Begin implements Model: superpowers set controls (adaptive mode) and
// make offers (divide-and-rule mode). It draws no random numbers.
func (b *Bloc) Begin(t int, _ *rand.Rand) {
	clear(b.offer)
	for s := range b.S {
		switch b.mode[s] {
		case agents.Adaptive:
			b.adapt(s)
		case agents.DivideAndRule:
			b.divide(s)
		}
	}
}

// adapt moves x_s one step to whichever of x−Δ, x, x+Δ gives the highest
// utility with every nation's action held fixed (ties keep x).
func (b *Bloc) adapt(s int) {
	b.x[s] = agents.AdaptControls(b.x[s], b.step[s], func(x float64) float64 { return b.utilityAt(s, x) })
	b.policyChanged()
	b.rebase()
}

// utilityAt is U_s with its controls at x, everything else as now.
func (b *Bloc) utilityAt(s int, x float64) float64 {
	b.x[s] = x
	// utility needs the restrictions and effective endowments, not the
	// nations' own outputs: adapt refreshes those once x is chosen.
	b.effective(b.x, b.effE, b.restr, b.effS)
	b.checkCache()
	b.aggregateInto(&b.trial, b.act)
	g := &b.trial
	var fn [8]float64
	fNext := b.fNextAll(g, fn[:0])
	return b.utility(g, s, fNext, b.kbNext(g), b.act)
}

// utility is U_s (equation U1).
func (b *Bloc) utility(g *aggregate, s int, fNext []float64, kb float64, act []int) float64 {
	return b.utilityP(g, s, fNext, kb, act, b.credibility(kb, fNext[s], g.nB))
}

// utilityP is utility with s's threat p = credibility(kb, fNext[s], g.nB) given.
func (b *Bloc) utilityP(g *aggregate, s int, fNext []float64, kb float64, act []int, p float64) float64 {
	S := b.S
	market := 0.0
	for i, a := range act {
		r := b.restr[(i*(S+1)+b.kind(a))*S+s]
		switch {
		case b.dealWith(a) == s:
			market += b.m[i]
		case a == 0:
			market += b.m[i] * (1 - r) * (1 - p*b.x[s])
		case b.dealWith(a) < 0: // alone
			market += b.m[i] * (1 - r)
		}
	}
	rival := kb
	for r := range S {
		if r != s {
			rival = math.Max(rival, fNext[r])
		}
	}
	return b.mu*(b.ms[s]+market) - b.terms(p, g.mB) - b.paidOffers[s] + b.lead*(fNext[s]-rival)
}

// divide makes priced offers to bloc members (equation D1): the price is
// what the member would lose by leaving, over its horizon; members are
// ranked by the fall in s's threat their exit causes per unit price, then
// by market per unit price, then by index, and bought within the budget.
func (b *Bloc) divide(s int) {
	if !b.enabled || b.bud[s] <= 0 {
		return
	}
	deal := 1 + s
	pNow := b.baseP[s] // the committed profile's threat (rebase)
	b.candidates = b.candidates[:0]
	for i, a := range b.act {
		if a != 0 {
			continue
		}
		stay := b.Payoff(i, 0)
		leave := b.Payoff(i, deal)
		gap := stay - leave
		if gap <= 0 {
			continue // it would leave anyway
		}
		b.offerGap[i] = gap*b.horizon[i]*1.01 + 1e-9
		b.candidates = append(b.candidates, i)
	}
	for _, i := range b.candidates {
		g := &b.trial
		copyAggregate(g, &b.agg)
		b.toggle(g, i, 0, deal)
		kb := (1-b.d)*b.KB + b.yToggledB(g, i)
		fs := (1-b.d)*b.F[s] + b.yToggledS(g, i, s)
		dp := pNow - b.credibility(kb, fs, g.nB)
		b.score[i], b.second[i] = dp/b.offerGap[i], b.m[i]/b.offerGap[i]
	}
	agents.Buy(b.candidates, b.score, b.second, b.offerGap, b.bud[s], func(i int, price float64) {
		b.offer[s*b.N+i] = price
	})
}

// Commit implements Model.
func (b *Bloc) Commit(t int, next []int) {
	churn, moved := 0, 0
	// exclusion timers run down; consensus screens joiners against the
	// start-of-round membership.
	for i := range b.timer {
		if b.timer[i] > 0 {
			b.timer[i]--
		}
	}
	for i, a := range next {
		cur := b.act[i]
		if a == 0 && cur != 0 && b.consensus == 1 && !b.admits(i) {
			a = cur
		}
		next[i] = a
	}
	for i, a := range next {
		cur := b.act[i]
		if cur == a {
			continue
		}
		churn++
		if cur == 0 || a == 0 {
			moved++
		}
		if cur == 0 && b.excl > 0 {
			b.timer[i] = b.excl
		}
	}
	copy(b.act, next)
	b.rebase()
	b.Metrics.Churn = churn
	b.Metrics.Moved = moved
	b.settle(t)
}

// admits reports whether every current member is at least as well off
// with i in the bloc.
func (b *Bloc) admits(i int) bool {
	g := &b.trial
	var fn, fw [8]float64
	copyAggregate(g, &b.agg)
	fOut := b.fNextAll(g, fn[:0])
	kbOut := b.kbNext(g)
	for k, a := range b.act {
		if a != 0 || k == i {
			continue
		}
		copyAggregate(g, &b.agg)
		uOut, _, _ := b.value(g, k, 0, fOut, kbOut)
		b.toggle(g, i, b.act[i], 0)
		fIn := b.fNextAll(g, fw[:0])
		uIn, _, _ := b.value(g, k, 0, fIn, b.kbNext(g))
		if uIn < uOut-agents.Tol*math.Max(1, math.Abs(uOut)) {
			return false
		}
	}
	return true
}

// settle runs production and bargaining for the committed profile and
// records metrics. t = −1 initialises without advancing stocks.
func (b *Bloc) settle(t int) {
	S, N := b.S, b.N
	g := &b.agg
	var fn [8]float64
	fNext := append(fn[:0], b.fBase...)
	kb := b.kbBase
	if t < 0 { // initial state: report without producing
		copy(fNext, b.F)
		kb = b.KB
	}
	mt := &b.Metrics
	mt.Round = t + 1
	welfare := 0.0
	// after Commit's rebase, the threat and terms of the committed profile
	// are cached; the initial report computes them at the initial stocks
	p, tot := b.baseP, b.baseTot
	if t < 0 {
		var pn [8]float64
		p, tot = pn[:0], 0
		for s := range S {
			p = append(p, b.credibility(kb, fNext[s], g.nB))
			tot += b.terms(p[s], g.mB)
		}
	}
	for i, a := range b.act {
		u, us, own := b.valueWith(g, i, a, fNext, kb, tot, b.sharePow(g, i, a))
		b.realised[i], b.usable[i], b.own[i] = u, us, own
		welfare += u
	}
	for s := range S {
		b.paidOffers[s] = 0
		for i, a := range b.act {
			if b.dealWith(a) == s {
				b.paidOffers[s] += b.offer[s*N+i]
			}
		}
		mt.Offers[s] = b.paidOffers[s]
		mt.Threat[s] = p[s]
		mt.Terms[s] = b.terms(p[s], g.mB)
		mt.Utility[s] = b.utilityP(g, s, fNext, kb, b.act, p[s])
		mt.Controls[s] = b.x[s]
	}
	if t >= 0 {
		for i, a := range b.act {
			b.K[i] = b.ownNext(i, a)
		}
		copy(b.F, fNext)
		b.KB = kb
		// open-weight ring: shift and push the new best frontier
		copy(b.maxF, b.maxF[1:])
		b.maxF[len(b.maxF)-1] = slices.Max(b.F)
		b.rebase() // stocks moved: refresh the committed profile's cache
	}
	copy(mt.Frontier, b.F)
	mt.KB, mt.BlocSize = b.KB, g.nB
	mt.OpenWeight = b.openLevel()
	mt.Welfare = welfare
	front := slices.Max(b.F)
	mo, mu := mean(b.own), mean(b.usable)
	mt.DivOwn, mt.DivUsable = ratio(front, mo), ratio(front, mu)
	mt.Theil = theil(b.own, b.F)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// MaxDivergence caps the divergence ratios when the middle powers' mean
// capability is zero (a degenerate world), so outputs stay finite.
const MaxDivergence = 1e12

func ratio(a, b float64) float64 {
	switch {
	case b <= 0 && a <= 0:
		return 1
	case b <= 0 || a/b > MaxDivergence:
		return MaxDivergence
	}
	return a / b
}

// theil is the Theil T index of the pooled values of a and b:
// T = (1/n)·Σ (x/μ)·ln(x/μ), with 0·ln 0 = 0.
func theil(a, b []float64) float64 {
	n := float64(len(a) + len(b))
	mu := 0.0
	for _, v := range a {
		mu += v
	}
	for _, v := range b {
		mu += v
	}
	mu /= n
	if mu <= 0 {
		return 0
	}
	t := 0.0
	for _, xs := range [2][]float64{a, b} {
		for _, v := range xs {
			if r := v / mu; r > 0 {
				t += r * math.Log(r)
			}
		}
	}
	return t / n
}

// Usable returns nation i's usable capability after the last round.
func (b *Bloc) Usable(i int) float64 { return b.usable[i] }

// OwnStack returns nation i's own-stack capability after the last round.
func (b *Bloc) OwnStack(i int) float64 { return b.own[i] }

// Excluded reports how many more rounds nation i is barred from the bloc.
func (b *Bloc) Excluded(i int) int { return b.timer[i] }
