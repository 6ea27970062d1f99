package aibloc

// This file implements the model's state, its construction and the round
// (S1–S3 of docs/model.md): Begin, Commit and the settlement of a round.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
)

// Model is the AI-bloc payoff model. Actions are numbered 0 = bloc,
// 1..S = deal with superpower s−1, S+1 = alone.
type Model struct {
	N, S    int
	NIDs    []string // nation ids, sorted
	SIDs    []string // superpower ids, sorted
	actions []string
	prod    CES
	prod1   CES // prod at γ = 1

	par params
	shk shocks

	// nations
	e    [][nf]float64 // endowment shares
	m    []float64     // market (GDP) shares
	w    []float64     // annuity weight w_i of each nation's valuation (V2)
	aff  []float64     // N×S affinity η_{i,s}
	ally []bool        // N×S treaty ally flags

	// superpowers
	es                              [][nf]float64
	ms, x, modelR, allyW, dealW, ch []float64
	transfer, bud, step             []float64
	adaptOn, buyOn                  []bool

	// state
	K, claim   []float64 // national stocks and claims on the reserve
	KB         float64   // the reserve (pooled stock)
	sumC0      float64   // members' claims at the round's start
	F          []float64 // superpower frontiers
	act, timer []int
	maxF       []float64 // ring of the best frontier, for the open-weight lag
	offer      []float64 // S×N per-round subsidies offered this round (M8)

	// policy- and stock-dependent caches (access.go)
	sl       []slot        // N×(S+1): 0 no deal, 1+s deal with s
	restr    []float64     // N×(S+1)×S model-access restriction r_{s,i}
	sigma    []float64     // N×(S+1)×S market split σ_{i,s}
	effS     [][nf]float64 // superpowers' own effective inputs
	policyOK bool          // restrictions and σ are those of the current x
	version  int           // bumped whenever any slot's inputs change
	// pending: the stocks moved (settle) and the slots and the committed
	// profile's outlook wait for the next round's shocks (Begin), so a
	// round refreshes them once; a read in between (ensure) brings them
	// up to date provisionally, keeping the slots as settle left them in
	// held, which Begin restores.
	pending, provisional bool
	held                 []slot
	kinds                [maxS + 2]uint8 // kind of each action (slotOf)
	work                 Work            // what the purchase choice has done so far

	// the committed profile (rebase)
	agg, trial aggregate
	cache      prodCache
	base       roundBase

	// per-nation results of the last settled round
	realised, usable, own []float64
	termsOwn              []float64 // terms a nation bargained for itself
	pays                  []Pay     // each nation's payoff by source, last settled round
	singleTau             []float64 // N×S terms each nation bargained for itself, by superpower
	singleP, singleV      []float64 // N×S their threat and market value
	scratch               []float64 // N×S scratch for utility trials
	cand                  []int     // subsidy candidates
	price, score, second  []float64 // N: subsidy price and ranking
	gain                  []float64 // S×N: gain in U_s behind each offer
	scale                 float64   // payoff scale (tolerances)
	yAct                  []float64 // S+N: each actor's output credited this round (M9)
	joint                 []int     // N: scratch profile of a joint move (M12)
	jointO                outlook   // its outlook

	Metrics RoundMetrics
}

// params are the scalar parameters, read once from the scenario.
type params struct {
	d, dc, w                       float64 // depreciation, its continuous rate, annuity weight
	open, omega, cRun, sov         float64
	bite, rivalPen, feed, mu, lead float64
	openLag                        int
	depth, price                   [3]float64 // compute, hardware, capital
	enabled, threatOn, collective  bool
	kappa, nu, haircut, c0, chi    float64
	c, theta, k, beta, standards   float64
	l0                             float64 // L(0) of the credibility curve
	keep, kappaG                   float64 // (1−κ)^γ and κ^γ
	contribRule, excl, perYear     int
	consensus                      bool
	psi, psiT                      float64 // reinvestment of compute and capital, and of talent (M9)
}

// tradable factors, in the order of params.depth and slot.q
var tradable = [3]agents.Factor{agents.Compute, agents.Hardware, agents.Capital}

// New builds the model from a validated scenario.
func New(s *scenarios.Scenario) (*Model, error) {
	b := &Model{NIDs: sortedIDs(s.Nations), SIDs: sortedIDs(s.Superpowers)}
	b.N, b.S = len(b.NIDs), len(b.SIDs)
	N, S := b.N, b.S
	if N == 0 || S == 0 {
		return nil, fmt.Errorf("aibloc: the model needs at least one nation and one superpower")
	}
	if S > scenarios.MaxSuperpowers {
		return nil, fmt.Errorf("aibloc: at most %d superpowers, got %d", scenarios.MaxSuperpowers, S)
	}
	b.actions = append(b.actions, "bloc")
	for _, id := range b.SIDs {
		b.actions = append(b.actions, "deal-"+id)
	}
	b.actions = append(b.actions, "alone")
	for a := range b.actions {
		b.kinds[a] = uint8(b.kind(a))
	}
	w := s.World
	b.prod = NewCES(w.Productivity, w.Rho, w.Scale, w.Weights.Array())
	b.prod1 = NewCES(w.Productivity, w.Rho, 1, w.Weights.Array())
	p := &b.par
	p.d = w.Depreciation
	if !(p.d > 0 && p.d < 1) {
		return nil, fmt.Errorf("aibloc: world.depreciation must lie strictly inside (0, 1), got %v", p.d)
	}
	p.dc = -math.Log1p(-p.d)
	p.open, p.openLag, p.omega, p.cRun, p.sov = w.OpenWeight, w.OpenWeightLag, w.ImportValue, w.ComputeToRun, w.Sovereign
	p.bite, p.rivalPen, p.feed, p.mu, p.lead = w.ControlBite, w.RivalPenalty, w.PartnerFeed, w.MarketValue, w.LeadValue
	p.depth = [3]float64{w.TradeDepth.Compute, w.TradeDepth.Hardware, w.TradeDepth.Capital}
	p.price = [3]float64{w.Price.Compute, w.Price.Hardware, w.Price.Capital}
	p.perYear = w.RoundsPerYear
	p.psi, p.psiT = w.Reinvestment, w.TalentMobility
	bl := s.Bloc
	p.enabled, p.threatOn, p.collective = bl.Enabled, bl.ThreatSwitch, bl.Collective
	p.kappa, p.nu, p.haircut, p.c0, p.chi = bl.PoolingShare, bl.NonRivalry, bl.ExitHaircut, bl.Contribution, bl.Coordination
	p.c, p.theta, p.k, p.beta, p.standards = bl.Threat, bl.ThreatThreshold, bl.ThreatSteepness, bl.BargainingPower, bl.Standards
	p.excl = bl.ExclusionRounds
	p.contribRule = map[string]int{"equal": 0, "gdp": 1, "endowment": 2}[bl.ContributionRule]
	p.consensus = bl.Entry == "consensus"
	p.l0 = logistic(0, p.theta, p.k)
	p.keep, p.kappaG = pow(1-p.kappa, b.prod.Gamma), pow(p.kappa, b.prod.Gamma)

	b.e, b.m, b.w = make([][nf]float64, N), make([]float64, N), make([]float64, N)
	b.aff, b.ally = make([]float64, N*S), make([]bool, N*S)
	for i, id := range b.NIDs {
		n := s.Nations[id]
		b.e[i] = scenarios.Weights(n.Endowment).Array()
		b.m[i] = n.Market
		delta := s.Decisions.Discount // δ: the nation's own, where it has one
		if n.Decision.Discount != nil {
			delta = *n.Decision.Discount
		}
		if !(delta > 0 && delta < 1) {
			return nil, fmt.Errorf("aibloc: nation %s: discount must lie strictly inside (0, 1), got %v", id, delta)
		}
		b.w[i] = annuityWeight(p.d, delta)
		for j, sid := range b.SIDs {
			b.aff[i*S+j] = n.Affinity[sid]
			b.ally[i*S+j] = slices.Contains(n.Allies, sid)
		}
	}
	b.es = make([][nf]float64, S)
	b.ms, b.x, b.modelR = make([]float64, S), make([]float64, S), make([]float64, S)
	b.allyW, b.dealW, b.ch = make([]float64, S), make([]float64, S), make([]float64, S)
	b.transfer, b.bud, b.step = make([]float64, S), make([]float64, S), make([]float64, S)
	b.adaptOn, b.buyOn = make([]bool, S), make([]bool, S)
	for j, id := range b.SIDs {
		sp := s.Superpowers[id]
		b.es[j] = scenarios.Weights(sp.Endowment).Array()
		b.ms[j], b.x[j], b.modelR[j] = sp.Market, sp.ExportControls, sp.ModelRestriction
		b.allyW[j], b.dealW[j], b.ch[j] = sp.AllyWaiver, sp.DealWaiver, sp.ChipSupply
		b.transfer[j], b.bud[j], b.step[j] = sp.DealTransfer, sp.Budget, sp.AdaptStep
		strategic := agents.ModeNames[sp.Mode] == agents.Strategic
		// the version-1 mode names are presets (the loader also rewrites them)
		b.adaptOn[j] = strategic && (sp.AdaptControls || sp.Mode == "adaptive")
		b.buyOn[j] = strategic && (sp.BuyMembers || sp.Mode == "divide-and-rule")
	}

	b.K, b.claim, b.F = make([]float64, N), make([]float64, N), make([]float64, S)
	b.act, b.timer = make([]int, N), make([]int, N)
	b.maxF = make([]float64, p.openLag+1)
	b.offer = make([]float64, S*N)
	b.sl = make([]slot, N*(S+1))
	for n := range b.sl {
		b.sl[n].nation, b.sl[n].kind = n/(S+1), n%(S+1)
	}
	b.restr, b.sigma = make([]float64, N*(S+1)*S), make([]float64, N*(S+1)*S)
	b.effS = make([][nf]float64, S)
	b.agg, b.trial = newAggregate(S), newAggregate(S)
	b.cache = newProdCache(N, S)
	b.realised, b.usable, b.own = make([]float64, N), make([]float64, N), make([]float64, N)
	b.termsOwn = make([]float64, N)
	b.pays = make([]Pay, N)
	b.singleTau, b.scratch = make([]float64, N*S), make([]float64, N*S)
	b.singleP, b.singleV = make([]float64, N*S), make([]float64, N*S)
	b.cand = make([]int, 0, N)
	b.price, b.score, b.second, b.gain = make([]float64, N), make([]float64, N), make([]float64, N), make([]float64, S*N)
	b.Metrics = newRoundMetrics(S)
	b.yAct = make([]float64, S+N)
	b.joint = make([]int, N)

	b.initShocks(s)
	// Initial actions: founders in the bloc, everyone else alone.
	for i, id := range b.NIDs {
		b.act[i] = b.alone()
		if p.enabled && slices.Contains(bl.Founders, id) {
			b.act[i] = 0
		}
	}
	// Initial stocks: the steady state of producing alone, K = Y/d, first
	// for the superpowers (the open-weight level and imports depend on
	// their frontiers), then for the nations at their chosen purchases.
	b.dealSplit()
	b.refreshPolicy()
	for s := range S {
		b.F[s] = b.prod.Y(&b.effS[s]) / p.d
	}
	best := slices.Max(b.F)
	for l := range b.maxF {
		b.maxF[l] = best
	}
	b.refreshInputs()
	for i := range N {
		b.K[i] = b.sl[i*(S+1)].y / p.d
	}
	// Founders pool a share κ of their stocks into the reserve; their
	// claims start from what they pooled (C1).
	for i := range N {
		if b.act[i] == 0 {
			b.claim[i] = p.kappa * b.K[i]
			b.KB += b.claim[i]
			b.K[i] *= 1 - p.kappa
		}
	}
	b.rebase()
	b.settle(-1)
	b.scale = 0
	for i := range N {
		b.scale += math.Abs(b.realised[i])
	}
	b.scale /= float64(N)
	if !(b.scale > 0) || math.IsInf(b.scale, 0) {
		b.scale = 1
	}
	return b, nil
}

// annuityWeight is w = d_c/(r + d_c) with d_c = −ln(1−d), r = −ln δ (V2):
// the weight a nation puts on an action's flow against its stock.
func annuityWeight(d, delta float64) float64 {
	dc, r := -math.Log1p(-d), -math.Log(delta)
	return dc / (r + dc)
}

func sortedIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (b *Model) alone() int { return b.S + 1 }

// dealWith returns the superpower index of a deal action, or -1.
func (b *Model) dealWith(a int) int {
	if a >= 1 && a <= b.S {
		return a - 1
	}
	return -1
}

// kind maps an action to its input slot: 0 no deal, 1+s deal with s.
func (b *Model) kind(a int) int {
	if s := b.dealWith(a); s >= 0 {
		return 1 + s
	}
	return 0
}

// Players implements sim.Model.
func (b *Model) Players() int { return b.N }

// Actions implements sim.Model.
func (b *Model) Actions() []string { return b.actions }

// Join implements sim.Model.
func (b *Model) Join() int {
	if !b.par.enabled {
		return -1
	}
	return 0
}

// Exclusion implements sim.Model.
func (b *Model) Exclusion() int { return b.par.excl }

// Action implements sim.Model.
func (b *Model) Action(i int) int { return b.act[i] }

// Realised implements sim.Model.
func (b *Model) Realised(i int) float64 { return b.realised[i] }

// PayoffScale is the scale payoff tolerances are relative to: the mean
// absolute payoff of the initial state. It scales with the numéraire, so
// ties are broken the same way in any unit.
func (b *Model) PayoffScale() float64 { return b.scale }

// Available implements sim.Model.
func (b *Model) Available(i, a int) bool {
	if a == 0 {
		return b.par.enabled && (b.timer[i] == 0 || b.act[i] == 0)
	}
	return true
}

// Payoff implements sim.Model: what nation i gets this round by taking a,
// every other nation's action held fixed (V1).
func (b *Model) Payoff(i, a int) float64 {
	b.ensure()
	return b.evaluate(i, a).u
}

// ensure brings the slots and the committed profile's outlook up to date
// with the stocks before a read between rounds (after settle, before the
// next Begin) without changing what the next round will do: the slots as
// settle left them are kept in held, and Begin restores them.
func (b *Model) ensure() {
	if b.pending {
		b.catchUp()
	}
}

// catchUp is ensure's provisional refresh.
func (b *Model) catchUp() {
	if b.held == nil { // once, for a run something reads between rounds
		b.held = make([]slot, len(b.sl))
	}
	copy(b.held, b.sl)
	b.pending, b.provisional = false, true
	b.refreshInputs()
	b.rebase()
}

// OneOff implements sim.Model: version 2 pays nothing once; subsidies are
// per-round flows.
func (b *Model) OneOff(int, int) float64 { return 0 }

// Begin implements sim.Model: the world's shocks are drawn (M10, W1–W3;
// nothing is drawn while every rate is 0), then the superpowers act (M8).
// Purchases and the committed profile's outlook are otherwise already
// those of the round's start (settle brought them up to date).
func (b *Model) Begin(t int, rng *rand.Rand) {
	clear(b.offer)
	clear(b.gain)
	if b.provisional {
		// a read since settle refreshed the slots at the stocks alone: the
		// round refreshes them from where settle left them, as if unread
		copy(b.sl, b.held)
		b.provisional, b.pending = false, true
	}
	o := b.par.open
	controls, affinities := b.shock(rng)
	if controls {
		b.refreshPolicy()
	} else if affinities {
		b.refreshSplit()
	}
	if b.pending || controls || affinities || b.par.open != o {
		b.pending = false
		b.refreshInputs()
		b.rebase()
	}
	for s := range b.S {
		if b.adaptOn[s] {
			b.adapt(s)
		}
	}
	for s := range b.S {
		if b.buyOn[s] {
			b.buy(s)
		}
	}
}

// Commit implements sim.Model (S2): exclusion timers, consensus entry,
// leavers' withdrawals, then the round is settled.
func (b *Model) Commit(t int, next []int) {
	churn, moved := 0, 0
	// No Begin since the last settle (the model driven without the
	// engine): the round is played at the stocks as they are.
	b.ensure()
	b.provisional = false
	for i, a := range next {
		if a != b.act[i] {
			// a deal taken up is computed at the state the choice was made
			// in, whether or not anything read it (slotOf)
			b.slotOf(i, a)
		}
	}
	for i := range b.timer {
		if b.timer[i] > 0 {
			b.timer[i]--
		}
	}
	for i, a := range next {
		if a == 0 && b.act[i] != 0 && b.par.consensus && !b.admits(i) {
			next[i] = b.act[i]
		}
	}
	// Leavers withdraw their claim's part of the reserve, less the
	// haircut, which stays in the reserve (C3). Every leaver's part is
	// taken at the start-of-round reserve.
	sumC := b.sumClaims()
	kb0, out := b.KB, 0.0
	for i, a := range next {
		cur := b.act[i]
		if cur == a {
			continue
		}
		churn++
		if cur == 0 || a == 0 {
			moved++
		}
		if k := int(b.kinds[cur]); k > 0 && k != int(b.kinds[a]) {
			// a deal given up is chosen from the no-deal purchases again (P3)
			sl := &b.sl[i*(b.S+1)+k]
			sl.ok, sl.dirty, sl.impQ = false, true, sl.imp
		}
		if cur == 0 {
			if b.par.excl > 0 {
				b.timer[i] = b.par.excl
			}
			if sumC > 0 && b.claim[i] > 0 {
				part := kb0 * b.claim[i] / sumC * (1 - b.par.haircut)
				b.K[i] += part
				out += part
			}
			b.claim[i] = 0
		}
	}
	b.KB = kb0 - out
	if b.KB < 0 {
		b.KB = 0
	}
	copy(b.act, next)
	if churn > 0 {
		// Without a change of action nothing rebase reads has changed since
		// the last one (settle's, or Begin's after a shock or an adapted
		// control: Payoff and the decisions change nothing), so the
		// committed profile's aggregate and outlook stand as they are.
		b.rebase()
	}
	b.Metrics.Churn, b.Metrics.Moved = churn, moved
	b.settle(t)
}

func (b *Model) sumClaims() float64 {
	s := 0.0
	for i, a := range b.act {
		if a == 0 {
			s += b.claim[i]
		}
	}
	return s
}

// admits reports whether every current member is at least as well off
// with i in the bloc (consensus entry).
func (b *Model) admits(i int) bool {
	g := &b.trial
	for k, a := range b.act {
		if a != 0 || k == i {
			continue
		}
		copyAggregate(g, &b.agg)
		uOut := b.value(g, k, 0, b.evalTerms(g)).u
		b.toggle(g, i, b.act[i], 0)
		uIn := b.value(g, k, 0, b.evalTerms(g)).u
		if uIn < uOut-agents.Tol*math.Max(b.scale, math.Abs(uOut)) {
			return false
		}
	}
	return true
}

// settle runs production and bargaining for the committed profile, pays
// every nation, moves the stocks and records the round (S3). t = −1
// records the initial state without producing.
func (b *Model) settle(t int) {
	S := b.S
	g := &b.agg
	o := &b.base.o
	welfare := 0.0
	for i, a := range b.act {
		v := b.value(g, i, a, o)
		b.realised[i], b.usable[i], b.own[i] = v.u, v.usable, v.stack
		b.pays[i] = b.pay(i, &v)
		b.termsOwn[i] = v.terms
		welfare += v.u
	}
	mt := &b.Metrics
	mt.Round = t + 1
	mt.Year = float64(t+1) / float64(b.par.perYear)
	b.recordBargaining(g, o)
	for s := range S {
		mt.Utility[s] = b.utility(g, o, s, b.singleTau)
		mt.Controls[s] = b.x[s]
		mt.Offers[s] = 0
		for i, a := range b.act {
			if b.dealWith(a) == s {
				mt.Offers[s] += b.offer[s*b.N+i]
			}
		}
	}
	mt.PoolingGain, mt.PoolingGainCRS = b.poolingGain(g)
	mt.BlocSize = g.nB
	if t >= 0 {
		b.credit(g, o)
		b.advance(o)
		b.reinvest()
		// The stocks moved: the slots and the outlook wait for the next
		// round's shocks, or for a read (ensure), to catch up with them.
		b.pending = true
	}
	mt.KB = b.KB
	copy(mt.Frontier, b.F)
	mt.OpenWeight = b.openLevel()
	mt.Welfare = welfare
	front := slices.Max(b.F)
	mt.DivOwn, mt.DivUsable = ratio(front, mean(b.own)), ratio(front, mean(b.usable))
	mt.Theil, mt.TheilBetween, mt.TheilWithin = theilAll(b.own, b.F)
}

// advance moves every stock by one round of the committed profile (S3):
// K' = K̃ + own terms, K_B' = K̃_B + Σ_s τ_{B,s}, claims grow by their
// contribution share of the pool's inflow (C1), F' = F̃.
func (b *Model) advance(o *outlook) {
	p := &b.par
	g := &b.agg
	inflow := o.yB + o.bloc.total
	for i, a := range b.act {
		y := b.slotAt(i, a).y // the action held: current
		if a == 0 {
			y *= p.keep
			b.claim[i] = (1-p.d)*b.claim[i] + b.contribShare(g, i)*inflow
		}
		b.K[i] = (1-p.d)*b.K[i] + y + b.termsOwn[i]
	}
	b.KB = (1-p.d)*b.KB + inflow
	copy(b.F, o.fNext[:b.S])
	copy(b.maxF, b.maxF[1:])
	b.maxF[len(b.maxF)-1] = slices.Max(b.F)
}

// Usable returns nation i's usable capability K̂ in the last settled round.
func (b *Model) Usable(i int) float64 { return b.usable[i] }

// OwnStack returns nation i's own stack in the last settled round.
func (b *Model) OwnStack(i int) float64 { return b.own[i] }

// Excluded reports how many more rounds nation i is barred from the bloc.
func (b *Model) Excluded(i int) int { return b.timer[i] }

// Stock returns nation i's national capability stock K_i now.
func (b *Model) Stock(i int) float64 { return b.K[i] }

// Claim returns nation i's claim on the reserve now.
func (b *Model) Claim(i int) float64 { return b.claim[i] }

// Reserve returns the bloc's pooled stock K_B now.
func (b *Model) Reserve() float64 { return b.KB }

// Frontier returns superpower s's frontier F_s now.
func (b *Model) Frontier(s int) float64 { return b.F[s] }

// Margins returns what the bloc pays nation i now over going alone and
// over its best deal, at the current state (the next round's start),
// every other action held fixed. NaN where the bloc is closed to i.
func (b *Model) Margins(i int) (alone, deal float64) {
	b.ensure()
	if !b.Available(i, 0) {
		return math.NaN(), math.NaN()
	}
	ub := b.evaluate(i, 0).u
	bestDeal := math.Inf(-1)
	for s := range b.S {
		bestDeal = max(bestDeal, b.evaluate(i, 1+s).u)
	}
	return ub - b.evaluate(i, b.alone()).u, ub - bestDeal
}
