package games

import (
	"fmt"
	"math"
	"math/bits"
)

// MaxPlayers is the largest number of players whose coalitions Enumerate
// checks one by one: 2^24 ≈ 16.8 million coalitions. Symmetric games are
// analysed by size (BySize) and have no such limit.
const MaxPlayers = 24

// DefaultTol is the default relative tolerance of payoff comparisons.
const DefaultTol = 1e-9

// Tie is the rule an indifferent player follows in the stability analysis.
type Tie int

// Tie rules.
const (
	PreferMembership Tie = iota // an indifferent player is (or becomes) a member
	StatusQuo                   // an indifferent player keeps its current status
	PreferOutside               // an indifferent player is (or becomes) an outsider
)

// TieNames are the command-line names of the tie rules, in Tie order.
var TieNames = [...]string{"membership", "status-quo", "outside"}

func (t Tie) String() string {
	if t >= 0 && int(t) < len(TieNames) {
		return TieNames[t]
	}
	return fmt.Sprintf("Tie(%d)", int(t))
}

// ParseTie returns the tie rule with the given name.
func ParseTie(name string) (Tie, error) {
	for i, n := range TieNames {
		if n == name {
			return Tie(i), nil
		}
	}
	return 0, fmt.Errorf("games: unknown tie rule %q (want membership, status-quo or outside)", name)
}

// Options set the tolerance and the tie rule of a stability analysis.
type Options struct {
	Tol   float64 // relative tolerance, see Equal; must be ≥ 0
	Tie   Tie
	Round int // ai-bloc: replay the scenario to this round first (0: the starting state)
}

func (o Options) check() error {
	if !(o.Tol >= 0) || math.IsInf(o.Tol, 1) {
		return fmt.Errorf("games: tolerance %v is not a finite non-negative number", o.Tol)
	}
	if o.Tie < PreferMembership || o.Tie > PreferOutside {
		return fmt.Errorf("games: unknown tie rule %d", int(o.Tie))
	}
	if o.Round < 0 {
		return fmt.Errorf("games: round %d is negative", o.Round)
	}
	return nil
}

// Equal reports whether payoffs a and b are equal within the relative
// tolerance tol: |a − b| ≤ tol·max(1, |a|, |b|).
func Equal(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// margin is stay − leave, or 0 when the two are equal within tol.
func margin(stay, leave, tol float64) float64 {
	if Equal(stay, leave, tol) {
		return 0
	}
	return stay - leave
}

// MemberStays reports whether a member whose payoff is in inside the
// coalition and out after leaving it keeps its membership.
func (o Options) MemberStays(in, out float64) bool {
	if Equal(in, out, o.Tol) {
		return o.Tie != PreferOutside
	}
	return in > out
}

// OutsiderStays reports whether an outsider whose payoff is out now and in
// after joining stays outside.
func (o Options) OutsiderStays(in, out float64) bool {
	if Equal(in, out, o.Tol) {
		return o.Tie != PreferMembership
	}
	return out > in
}

// Symmetric is a coalition game whose payoffs depend only on the number
// of members.
type Symmetric interface {
	// Players is the number of players N ≥ 2.
	Players() int
	// Member is a member's payoff when the coalition has k members, 1 ≤ k ≤ N.
	Member(k int) float64
	// NonMember is an outsider's payoff when the coalition has k members,
	// 0 ≤ k ≤ N−1.
	NonMember(k int) float64
}

// Coalitional is a coalition game among at most 64 players; bit i of a
// coalition is set when player i is a member.
type Coalitional interface {
	Players() int
	// Payoff is player i's payoff when exactly the players in members
	// are in the coalition.
	Payoff(members uint64, i int) float64
}

// Comparer is an optional fast path of a Coalitional game: for every
// player i it fills in[i] with i's payoff in members ∪ {i} and out[i]
// with its payoff in members \ {i}. It must agree with Payoff.
type Comparer interface {
	Compare(members uint64, in, out []float64)
}

// SizeRow is the stability of the coalitions of one size in a symmetric game.
type SizeRow struct {
	Size     int
	Member   float64 // a member's payoff (NaN when Size = 0)
	Outsider float64 // an outsider's payoff (NaN when Size = N)
	// MemberMargin is Member(k) − NonMember(k−1): what a member loses by
	// leaving (NaN when Size = 0); OutsiderMargin is NonMember(k) −
	// Member(k+1): what an outsider loses by joining (NaN when Size = N).
	// Both are 0 when the payoffs are equal within the tolerance.
	MemberMargin, OutsiderMargin float64
	Internal, External           bool
}

// Stable reports whether the size is internally and externally stable.
func (r SizeRow) Stable() bool { return r.Internal && r.External }

// BySize checks every coalition size 0..N of a symmetric game. Sizes 0
// and 1 are both listed: in most games they are the same outcome (no
// agreement), but their stability can differ under a tie rule.
func BySize(g Symmetric, o Options) ([]SizeRow, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	n := g.Players()
	if n < 2 {
		return nil, fmt.Errorf("games: a coalition game needs at least 2 players, not %d", n)
	}
	rows := make([]SizeRow, n+1)
	nan := math.NaN()
	for k := 0; k <= n; k++ {
		r := SizeRow{Size: k, Member: nan, Outsider: nan, MemberMargin: nan, OutsiderMargin: nan,
			Internal: true, External: true}
		if k >= 1 {
			in, out := g.Member(k), g.NonMember(k-1)
			r.Member = in
			r.MemberMargin = margin(in, out, o.Tol)
			r.Internal = o.MemberStays(in, out)
		}
		if k < n {
			out, in := g.NonMember(k), g.Member(k+1)
			r.Outsider = out
			r.OutsiderMargin = margin(out, in, o.Tol)
			r.External = o.OutsiderStays(in, out)
		}
		rows[k] = r
	}
	return rows, nil
}

// StableSizes lists the sizes of rows that are stable.
func StableSizes(rows []SizeRow) []int {
	var out []int
	for _, r := range rows {
		if r.Stable() {
			out = append(out, r.Size)
		}
	}
	return out
}

// Coalition is one stable coalition with every player's payoff and margin.
type Coalition struct {
	Members uint64
	Payoff  []float64 // each player's payoff in this coalition
	// Margin is, for a member, its payoff inside minus its payoff after
	// leaving; for an outsider, its payoff outside minus its payoff after
	// joining; 0 when equal within the tolerance. A stable coalition has
	// no negative margin (a zero margin is resolved by the tie rule).
	Margin []float64
}

// Size is the number of members.
func (c *Coalition) Size() int { return bits.OnesCount64(c.Members) }

// Has reports whether player i is a member.
func (c *Coalition) Has(i int) bool { return c.Members&(1<<uint(i)) != 0 }

// Result is the outcome of Enumerate.
type Result struct {
	Players int
	Checked uint64      // coalitions checked: 2^Players
	Stable  []Coalition // in increasing order of Members
}

// Enumerate checks all 2^n coalitions of g, empty and grand coalition
// included, and returns those that are internally and externally stable.
// It refuses games with more than MaxPlayers players. If g implements
// Comparer, each coalition costs one Compare call; otherwise 2n Payoff
// calls.
func Enumerate(g Coalitional, o Options) (*Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	n := g.Players()
	if n < 2 {
		return nil, fmt.Errorf("games: a coalition game needs at least 2 players, not %d", n)
	}
	if n > MaxPlayers {
		return nil, fmt.Errorf("games: %d players is above the limit of %d for checking all 2^n coalitions (2^%d = %d)",
			n, MaxPlayers, MaxPlayers, uint64(1)<<MaxPlayers)
	}
	cmp, ok := g.(Comparer)
	if !ok {
		cmp = slowComparer{g}
	}
	in, out := make([]float64, n), make([]float64, n)
	total := uint64(1) << uint(n)
	res := &Result{Players: n, Checked: total}
	var stable []uint64
	for s := range total {
		cmp.Compare(s, in, out)
		if stableAt(s, in, out, o) {
			stable = append(stable, s)
		}
	}
	res.Stable = make([]Coalition, len(stable))
	for k, s := range stable {
		cmp.Compare(s, in, out)
		c := Coalition{Members: s, Payoff: make([]float64, n), Margin: make([]float64, n)}
		for i := range n {
			if s&(1<<uint(i)) != 0 {
				c.Payoff[i], c.Margin[i] = in[i], margin(in[i], out[i], o.Tol)
			} else {
				c.Payoff[i], c.Margin[i] = out[i], margin(out[i], in[i], o.Tol)
			}
		}
		res.Stable[k] = c
	}
	return res, nil
}

// IsStable reports whether coalition members of g is internally and
// externally stable.
func IsStable(g Coalitional, members uint64, o Options) bool {
	n := g.Players()
	in, out := make([]float64, n), make([]float64, n)
	cmp, ok := g.(Comparer)
	if !ok {
		cmp = slowComparer{g}
	}
	cmp.Compare(members, in, out)
	return stableAt(members, in, out, o)
}

func stableAt(s uint64, in, out []float64, o Options) bool {
	for i := range in {
		if s&(1<<uint(i)) != 0 {
			if !o.MemberStays(in[i], out[i]) {
				return false
			}
		} else if !o.OutsiderStays(in[i], out[i]) {
			return false
		}
	}
	return true
}

type slowComparer struct{ g Coalitional }

func (c slowComparer) Compare(s uint64, in, out []float64) {
	for i := range in {
		b := uint64(1) << uint(i)
		in[i] = c.g.Payoff(s|b, i)
		out[i] = c.g.Payoff(s&^b, i)
	}
}

// bySize adapts a Symmetric game to Coalitional (at most 64 players).
type bySize struct{ Symmetric }

// AsCoalitional views a symmetric game with at most 64 players as a game
// over explicit coalitions.
func AsCoalitional(g Symmetric) Coalitional {
	if g.Players() > 64 {
		panic("games: AsCoalitional needs at most 64 players")
	}
	return bySize{g}
}

func (g bySize) Payoff(s uint64, i int) float64 {
	k := bits.OnesCount64(s)
	if s&(1<<uint(i)) != 0 {
		return g.Member(k)
	}
	return g.NonMember(k)
}
