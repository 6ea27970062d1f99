package games

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Rubinstein bargaining actions. Offers follow: action OfferBase+k offers
// the proposer the share k/G of the pie.
const (
	Wait      = 0
	Accept    = 1
	Reject    = 2
	OptOut    = 3
	OfferBase = 4
)

// Rubinstein is alternating-offers bargaining over a pie of size 1
// (Rubinstein 1982) over at most H periods. Player 0 (player 1 in the
// literature) proposes in even periods, player 1 (player 2) in odd ones;
// a player's payoff from share x agreed in period t is δ_i^t·x. Player 2
// may have an outside option W (Binmore, Shaked & Sutton 1989): when it
// rejects an offer it may opt out, ending the game with W for itself and
// 0 for player 1. W = 0 means no outside option.
//
// Backward induction from the last period, where the proposer takes the
// whole pie, gives the proposer's share in each period t:
//
//	x_t = 1 − v_r(t),  v_r(t) = δ_r·x_{t+1} (and max(W, δ_2·x_{t+1}) when
//	the responder is player 2), x_H = 0,
//
// which converges as H grows to Rubinstein's x* = (1−δ2)/(1−δ1δ2) for
// player 1, and with an outside option to min(x*, 1−W): the option
// matters only when it is worth more than what player 2 gets without it
// (the outside-option principle).
//
// As an engine module each bargaining period takes two engine rounds:
// the proposer offers (the responder waits), then the responder accepts,
// rejects or opts out (the proposer waits). Offers are on a grid of
// multiples of 1/G. The payoff of each action (Payoff) is its value in
// period-0 units when play then continues by the backward-induction
// strategies, so best response plays the subgame-perfect equilibrium,
// up to the grid.
type Rubinstein struct {
	D [2]float64 // δ1, δ2
	W float64    // player 2's outside option; 0: none
	H int        // horizon in bargaining periods
	G int        // offer grid

	prop    []float64 // x_t, t = 0..H (x_H = 0)
	actions []string

	round    int // engine rounds so far
	offer    int // current offer (proposer's share index), −1 none
	act      [2]int
	done     bool
	agreedAt int // period of agreement or opting out; −1 none
	share    [2]float64
	optedOut bool
	realised [2]float64
}

// NewRubinstein returns the game; it needs δ1, δ2 in (0,1), W in [0,1),
// H ≥ 1 and G ≥ 1.
func NewRubinstein(d1, d2, w float64, h, g int) (*Rubinstein, error) {
	for _, d := range [2]float64{d1, d2} {
		if !(d > 0 && d < 1) {
			return nil, fmt.Errorf("games: discount factor %v is outside (0,1)", d)
		}
	}
	if !(w >= 0 && w < 1) {
		return nil, fmt.Errorf("games: outside option %v is outside [0,1)", w)
	}
	if h < 1 || g < 1 {
		return nil, fmt.Errorf("games: horizon %d and offer grid %d must be at least 1", h, g)
	}
	r := &Rubinstein{D: [2]float64{d1, d2}, W: w, H: h, G: g, agreedAt: -1, offer: -1}
	r.prop = BackwardInduction(d1, d2, w, h)
	r.actions = []string{"wait", "accept", "reject", "opt-out"}
	for k := 0; k <= g; k++ {
		r.actions = append(r.actions, "offer-"+strconv.FormatFloat(float64(k)/float64(g), 'g', -1, 64))
	}
	return r, nil
}

// BackwardInduction returns the proposer's share x_t for periods
// t = 0..h (x_h = 0: no agreement after the horizon).
func BackwardInduction(d1, d2, w float64, h int) []float64 {
	x := make([]float64, h+1)
	for t := h - 1; t >= 0; t-- {
		r := 1 - t%2 // the responder
		v := []float64{d1, d2}[r] * x[t+1]
		if r == 1 {
			v = math.Max(v, w)
		}
		x[t] = 1 - v
	}
	return x
}

// ClosedForm is Rubinstein's first-mover share (1−δ2)/(1−δ1δ2), with an
// outside option W for player 2: min of that and 1−W.
func ClosedForm(d1, d2, w float64) float64 {
	return math.Min((1-d2)/(1-d1*d2), 1-w)
}

// FirstMoverShare is player 1's share in period 0 by backward induction.
func (r *Rubinstein) FirstMoverShare() float64 { return r.prop[0] }

// Outcome reports the result of engine play: whether it has ended, the
// period of agreement (or of opting out; −1 if none), each player's
// undiscounted share and whether player 2 opted out.
func (r *Rubinstein) Outcome() (done bool, period int, share [2]float64, optedOut bool) {
	return r.done, r.agreedAt, r.share, r.optedOut
}

func (r *Rubinstein) period() int   { return r.round / 2 }
func (r *Rubinstein) proposer() int { return r.period() % 2 }
func (r *Rubinstein) responding() bool {
	return r.round%2 == 1
}

// disc is δ_i^t.
func (r *Rubinstein) disc(i, t int) float64 { return math.Pow(r.D[i], float64(t)) }

// cont is the responder's value of rejecting in period t, in period-t units.
func (r *Rubinstein) cont(resp, t int) float64 {
	v := r.D[resp] * r.prop[t+1]
	if resp == 1 && r.W > 0 {
		v = math.Max(v, r.W)
	}
	return v
}

// afterReject is player i's value, in period-0 units, of the game after
// the responder rejects in period t (and opts out if that is better).
func (r *Rubinstein) afterReject(i, t int) float64 {
	resp := 1 - t%2
	if resp == 1 && r.W > 0 && r.W >= r.D[1]*r.prop[t+1] {
		if i == 1 {
			return r.disc(1, t) * r.W
		}
		return 0
	}
	if t+1 >= r.H {
		return 0
	}
	// i proposes at t+1 if i == resp
	if i == resp {
		return r.disc(i, t+1) * r.prop[t+1]
	}
	return r.disc(i, t+1) * (1 - r.prop[t+1])
}

// Players implements sim.Model.
func (r *Rubinstein) Players() int { return 2 }

// Actions implements sim.Model.
func (r *Rubinstein) Actions() []string { return r.actions }

// Join implements sim.Model.
func (r *Rubinstein) Join() int { return -1 }

// Exclusion implements sim.Model.
func (r *Rubinstein) Exclusion() int { return 0 }

// Begin implements sim.Model.
func (r *Rubinstein) Begin(int, *rand.Rand) {}

// Action implements sim.Model.
func (r *Rubinstein) Action(i int) int { return r.act[i] }

// Realised implements sim.Model: the discounted share paid in the round
// the game ends, 0 otherwise.
func (r *Rubinstein) Realised(i int) float64 { return r.realised[i] }

// Available implements sim.Model.
func (r *Rubinstein) Available(i, a int) bool {
	if r.done || r.period() >= r.H {
		return a == Wait
	}
	p := r.proposer()
	switch {
	case !r.responding() && i == p:
		return a >= OfferBase
	case r.responding() && i != p:
		return a == Accept || a == Reject || (a == OptOut && i == 1 && r.W > 0)
	}
	return a == Wait
}

// Payoff implements sim.Model: i's value (period-0 units) of taking a
// now, play continuing by the backward-induction strategies. Waiting is
// worth what the game will give i.
func (r *Rubinstein) Payoff(i, a int) float64 {
	if r.done || r.period() >= r.H {
		return 0
	}
	t, p := r.period(), r.proposer()
	resp := 1 - p
	if !r.responding() {
		// proposing round: value of an offer given the responder's reply
		s := float64(a-OfferBase) / float64(r.G)
		if a < OfferBase {
			s = r.prop[t] // waiting: the proposer will offer its share
		}
		if 1-s >= r.cont(resp, t)-1e-12 {
			if i == p {
				return r.disc(i, t) * s
			}
			return r.disc(i, t) * (1 - s)
		}
		return r.afterReject(i, t)
	}
	s := float64(r.offer) / float64(r.G)
	if i != resp { // the proposer waits for the reply
		if 1-s >= r.cont(resp, t)-1e-12 {
			return r.disc(i, t) * s
		}
		return r.afterReject(i, t)
	}
	switch a {
	case Accept:
		return r.disc(i, t) * (1 - s)
	case OptOut:
		return r.disc(i, t) * r.W
	}
	// reject and continue
	if t+1 >= r.H {
		return 0
	}
	return r.disc(i, t+1) * r.prop[t+1]
}

// OneOff implements sim.Model.
func (r *Rubinstein) OneOff(int, int) float64 { return 0 }

// Commit implements sim.Model.
func (r *Rubinstein) Commit(_ int, next []int) {
	r.realised = [2]float64{}
	r.act = [2]int{next[0], next[1]}
	if r.done || r.period() >= r.H {
		r.done = true
		r.round++
		return
	}
	t, p := r.period(), r.proposer()
	if !r.responding() {
		r.offer = next[p] - OfferBase
		r.round++
		return
	}
	resp := 1 - p
	switch next[resp] {
	case Accept:
		s := float64(r.offer) / float64(r.G)
		r.share[p], r.share[resp] = s, 1-s
		r.done, r.agreedAt = true, t
	case OptOut:
		r.share[1] = r.W
		r.done, r.agreedAt, r.optedOut = true, t, true
	}
	if r.done {
		for i := range 2 {
			r.realised[i] = r.disc(i, t) * r.share[i]
		}
	}
	r.round++
	if !r.done && r.period() >= r.H {
		r.done = true
	}
}
