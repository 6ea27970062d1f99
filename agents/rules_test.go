package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// fixed is a random source whose Float64 is always u (u a multiple of
// 2⁻⁵³); it counts the numbers drawn.
type fixed struct {
	u     float64
	calls int
}

func (f *fixed) Uint64() uint64 { f.calls++; return uint64(f.u * (1 << 53)) }

func fixedRand(u float64) (*rand.Rand, *fixed) {
	f := &fixed{u: u}
	return rand.New(f), f
}

// noDraw panics when a number is drawn.
type noDraw struct{}

func (noDraw) Uint64() uint64 { panic("drew a random number") }

func choice(cur int, pay []float64, avail []bool) *Choice {
	if avail == nil {
		avail = make([]bool, len(pay))
		for a := range avail {
			avail[a] = true
		}
	}
	return &Choice{Current: cur, Payoffs: pay, Avail: avail, Join: 0, Peer: -1}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestLogitProbabilities(t *testing.T) {
	e1, e2, e3 := math.Exp(1), math.Exp(2), math.Exp(3)
	tests := []struct {
		name   string
		lambda float64
		pay    []float64
		avail  []bool
		want   []float64
	}{
		{"lambda 1", 1, []float64{1, 2, 3}, nil, []float64{e1 / (e1 + e2 + e3), e2 / (e1 + e2 + e3), e3 / (e1 + e2 + e3)}},
		{"lambda 2 shifts", 2, []float64{0, 0.5, 1}, nil, []float64{1 / (1 + e1 + e2), e1 / (1 + e1 + e2), e2 / (1 + e1 + e2)}},
		{"unavailable gets 0", 1, []float64{1, 2, 3}, []bool{true, true, false}, []float64{e1 / (e1 + e2), e2 / (e1 + e2), 0}},
		{"lambda 0 uniform over available", 0, []float64{5, -7, 100, 3}, []bool{true, true, false, true}, []float64{1. / 3, 1. / 3, 0, 1. / 3}},
		{"large lambda is best response", 1e6, []float64{1, 1.001, 0.5}, nil, []float64{0, 1, 0}},
		{"huge payoffs do not overflow", 50, []float64{1e300, 1e300 - 1e290, -1e300}, nil, []float64{1, 0, 0}},
		{"equal payoffs split", 1e9, []float64{2, 2, 1}, nil, []float64{0.5, 0.5, 0}},
	}
	for _, tc := range tests {
		p := make([]float64, len(tc.pay))
		Probabilities(p, choice(0, tc.pay, tc.avail), tc.lambda)
		sum := 0.0
		for a := range p {
			sum += p[a]
			if !near(p[a], tc.want[a], 1e-12) {
				t.Errorf("%s: P(%d) = %.15g, want %.15g", tc.name, a, p[a], tc.want[a])
			}
		}
		if !near(sum, 1, 1e-12) {
			t.Errorf("%s: probabilities sum to %v", tc.name, sum)
		}
	}
}

// TestLogitChoose checks the inverse-CDF draw: with P = (0.25, 0.5, 0.25)
// u < 0.25 picks 0, u in [0.25, 0.75) picks 1, the rest 2.
func TestLogitChoose(t *testing.T) {
	l := math.Log(2) // λ·(u_1 − u_0) = ln 2: weights 1, 2, 1
	r := &Logit{Lambda: l, prob: make([]float64, 3)}
	for _, tc := range []struct {
		u    float64
		want int
	}{{0, 0}, {0.24, 0}, {0.25, 1}, {0.74, 1}, {0.75, 2}, {0.999, 2}} {
		rng, src := fixedRand(tc.u)
		if got := r.Choose(choice(0, []float64{0, 1, 0}, nil), rng); got != tc.want {
			t.Errorf("u=%v: chose %d, want %d", tc.u, got, tc.want)
		}
		if src.calls != 1 {
			t.Errorf("u=%v: drew %d numbers, want 1", tc.u, src.calls)
		}
	}
	// an unavailable action is never drawn, whatever u
	for _, u := range []float64{0, 0.5, 0.999} {
		rng, _ := fixedRand(u)
		if got := r.Choose(choice(0, []float64{0, 1, 0}, []bool{false, true, true}), rng); got == 0 {
			t.Errorf("u=%v: chose the unavailable action", u)
		}
	}
}

func TestLogitFrequencies(t *testing.T) {
	r := &Logit{Lambda: 1, prob: make([]float64, 3)}
	c := choice(0, []float64{0, 1, 2}, nil)
	want := make([]float64, 3)
	Probabilities(want, c, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	var count [3]int
	for range n {
		count[r.Choose(c, rng)]++
	}
	for a := range count {
		// 5 standard errors
		se := math.Sqrt(want[a] * (1 - want[a]) / n)
		if got := float64(count[a]) / n; math.Abs(got-want[a]) > 5*se {
			t.Errorf("frequency of %d = %v, want %v ± %v", a, got, want[a], 5*se)
		}
	}
}

// TestRothErevLearn checks one update by hand: φ = 0.1, ε = 0.2, q = (1,1,1),
// payoffs (3, 5, 1), action 1 taken and paying 5: R = 5 − 1 = 4,
// q_1 = 0.9 + 4·0.8 = 4.1, q_0 = q_2 = 0.9 + 4·0.2/2 = 1.3.
func TestRothErevLearn(t *testing.T) {
	r := &RothErev{Forgetting: 0.1, Experiment: 0.2, Propensity: []float64{1, 1, 1}}
	r.Learn(1, 5, choice(1, []float64{3, 5, 1}, nil))
	for a, want := range []float64{1.3, 4.1, 1.3} {
		if !near(r.Propensity[a], want, 1e-12) {
			t.Errorf("q_%d = %v, want %v", a, r.Propensity[a], want)
		}
	}
	// The shift ignores unavailable actions: the worst available is 3, so
	// R = 5 − 3 = 2: q_1 = 0.9·4.1 + 1.6 = 5.29, others 0.9·1.3 + 0.2 = 1.37.
	r.Learn(1, 5, choice(1, []float64{3, 5, 1}, []bool{true, true, false}))
	for a, want := range []float64{1.37, 5.29, 1.37} {
		if !near(r.Propensity[a], want, 1e-12) {
			t.Errorf("second update: q_%d = %v, want %v", a, r.Propensity[a], want)
		}
	}
	// The worst action taken gets R = 0: pure forgetting.
	r2 := &RothErev{Forgetting: 0.5, Experiment: 0.2, Propensity: []float64{2, 4}}
	r2.Learn(0, -3, choice(0, []float64{-3, 7}, nil))
	if r2.Propensity[0] != 1 || r2.Propensity[1] != 2 {
		t.Errorf("R = 0 update gave %v, want [1 2]", r2.Propensity)
	}
}

// TestRothErevChoose: actions are drawn with probability q_a/Σq over the
// available actions.
func TestRothErevChoose(t *testing.T) {
	r := &RothErev{Propensity: []float64{1, 2, 1}}
	for _, tc := range []struct {
		u     float64
		avail []bool
		want  int
	}{
		{0, nil, 0}, {0.2499, nil, 0}, {0.25, nil, 1}, {0.7499, nil, 1}, {0.75, nil, 2},
		// without action 1: q = (1, ·, 1), halves
		{0.4999, []bool{true, false, true}, 0}, {0.5, []bool{true, false, true}, 2},
	} {
		rng, src := fixedRand(tc.u)
		if got := r.Choose(choice(0, []float64{0, 0, 0}, tc.avail), rng); got != tc.want {
			t.Errorf("u=%v avail=%v: chose %d, want %d", tc.u, tc.avail, got, tc.want)
		}
		if src.calls != 1 {
			t.Errorf("drew %d numbers, want 1", src.calls)
		}
	}
}

func TestFermi(t *testing.T) {
	for _, tc := range []struct{ beta, d, want float64 }{
		{0, 5, 0.5},
		{1, 0, 0.5},
		{1, math.Log(3), 0.75},
		{2, -math.Log(3) / 2, 0.25},
		{20, 0.1, 1 / (1 + math.Exp(-2))},
		{1e9, 1, 1},
		{1e9, -1, 0},
		{math.Inf(1), 1, 1},
	} {
		got := Fermi(tc.beta, tc.d)
		if !near(got, tc.want, 1e-12) || math.IsNaN(got) {
			t.Errorf("Fermi(%v, %v) = %v, want %v", tc.beta, tc.d, got, tc.want)
		}
	}
}

func TestImitationChoose(t *testing.T) {
	r := &Imitation{Beta: 1}
	p := Fermi(1, math.Log(3)) // 0.75
	tests := []struct {
		name  string
		peer  int
		gain  float64
		u     float64
		avail []bool
		want  int
		draws int
	}{
		{"no peer keeps", -1, 10, 0, nil, 2, 0},
		{"copies below p", 0, math.Log(3), p - 0.01, nil, 0, 1},
		{"keeps at or above p", 0, math.Log(3), p, nil, 2, 1},
		{"peer action unavailable keeps", 0, math.Log(3), 0, []bool{false, true, true}, 2, 1},
		{"current unavailable falls back to best", 1, -100, 0.9, []bool{true, true, false}, 1, 1},
	}
	for _, tc := range tests {
		c := choice(2, []float64{0, 5, 1}, tc.avail)
		c.Peer, c.PeerGain = tc.peer, tc.gain
		rng, src := fixedRand(tc.u)
		if got := r.Choose(c, rng); got != tc.want {
			t.Errorf("%s: chose %d, want %d", tc.name, got, tc.want)
		}
		if src.calls != tc.draws {
			t.Errorf("%s: drew %d numbers, want %d", tc.name, src.calls, tc.draws)
		}
	}
}

func TestBestResponseTies(t *testing.T) {
	tests := []struct {
		name  string
		tie   Tie
		cur   int
		pay   []float64
		avail []bool
		want  int
	}{
		{"unique best", TieStay, 0, []float64{1, 3, 2, 0}, nil, 1},
		{"stay keeps current among best", TieStay, 2, []float64{3, 1, 3, 3}, nil, 2},
		{"stay: lowest index when current not best", TieStay, 1, []float64{0, 1, 3, 3}, nil, 2},
		{"tolerance makes a tie", TieStay, 2, []float64{1, 0, 1 - 1e-12, 0}, nil, 2},
		{"relative tolerance on large payoffs", TieStay, 2, []float64{1e6, 0, 1e6 - 1e-4, 0}, nil, 2},
		{"beyond tolerance is no tie", TieStay, 2, []float64{1, 0, 1 - 1e-6, 0}, nil, 0},
		{"join prefers the bloc", TieJoin, 3, []float64{2, 1, 0, 2}, nil, 0},
		{"join: bloc not best, stay", TieJoin, 3, []float64{1, 2, 0, 2}, nil, 3},
		{"join: bloc unavailable", TieJoin, 1, []float64{2, 2, 0, 2}, []bool{false, true, true, true}, 1},
		{"outside leaves the bloc on a tie", TieOutside, 0, []float64{2, 1, 2, 2}, nil, 2},
		{"outside keeps an outside current", TieOutside, 3, []float64{2, 2, 1, 2}, nil, 3},
		{"outside: bloc strictly best", TieOutside, 3, []float64{3, 2, 1, 2}, nil, 0},
		{"unavailable best is skipped", TieStay, 0, []float64{1, 9, 2, 0}, []bool{true, false, true, true}, 2},
	}
	for _, tc := range tests {
		r := &BestResponse{Tie: tc.tie}
		c := choice(tc.cur, tc.pay, tc.avail)
		if got := r.Choose(c, rand.New(noDraw{})); got != tc.want {
			t.Errorf("%s: chose %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestBestResponseRandomTie(t *testing.T) {
	r := &BestResponse{Tie: TieRandom}
	c := choice(0, []float64{2, 1, 2, 2}, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	var count [4]int
	const n = 30000
	for range n {
		count[r.Choose(c, rng)]++
	}
	if count[1] != 0 {
		t.Errorf("random tie chose a non-best action %d times", count[1])
	}
	for _, a := range []int{0, 2, 3} {
		if f := float64(count[a]) / n; math.Abs(f-1./3) > 0.02 {
			t.Errorf("random tie: frequency of %d = %v, want 1/3 ± 0.02", a, f)
		}
	}
	// a unique best draws one number and returns it
	rng2, src := fixedRand(0.9)
	if got := r.Choose(choice(0, []float64{0, 5, 1}, nil), rng2); got != 1 || src.calls != 1 {
		t.Errorf("unique best under random ties: chose %d with %d draws, want 1 with 1", got, src.calls)
	}
}

// TestForwardLookingValues checks V by hand with δ = 0.9 and payoffs
// (bloc 10, deal 12 of which 3 paid once, alone 8).
func TestForwardLookingValues(t *testing.T) {
	r := &ForwardLooking{Discount: 0.9}
	pay := []float64{10, 12, 8}
	one := []float64{0, 3, 0}
	tests := []struct {
		name    string
		cur, P  int
		want    []float64
		choice_ int
	}{
		// a member leaving with P = 2: V = u + (δ+δ²)(u − o) + δ³/(1−δ)·max(u − o, u_J)
		//   deal:  12 + 1.71·9 + 7.29·10 = 100.29; alone: 8 + 1.71·8 + 7.29·10 = 94.58
		{"member, P=2", 0, 2, []float64{100, 100.29, 94.58}, 1},
		// P = 0: V = o + (u − o)/(1−δ): deal 3 + 90 = 93, alone 80
		{"member, P=0", 0, 0, []float64{100, 93, 80}, 0},
		// a non-member is not excluded whatever P
		{"outsider, P=5", 2, 5, []float64{100, 93, 80}, 0},
		// P = 1 and the deal is worse than the bloc after its first round:
		// deal 12 + 0.9·9 + 0.81/0.1·10 = 101.1
		{"member, P=1", 0, 1, []float64{100, 101.1, 8 + 0.9*8 + 81}, 1},
	}
	for _, tc := range tests {
		c := choice(tc.cur, pay, nil)
		c.OneOff, c.Exclude = one, tc.P
		v := make([]float64, 3)
		r.Values(v, c)
		for a := range v {
			if !near(v[a], tc.want[a], 1e-9) {
				t.Errorf("%s: V(%d) = %.12g, want %.12g", tc.name, a, v[a], tc.want[a])
			}
		}
		if got := r.Choose(c, rand.New(noDraw{})); got != tc.choice_ {
			t.Errorf("%s: chose %d, want %d", tc.name, got, tc.choice_)
		}
	}
	// δ = 0 is myopic: V = u.
	r0 := &ForwardLooking{Discount: 0}
	c := choice(0, pay, nil)
	c.OneOff, c.Exclude = one, 4
	v := make([]float64, 3)
	r0.Values(v, c)
	for a := range v {
		if !near(v[a], pay[a], 1e-12) {
			t.Errorf("δ=0: V(%d) = %v, want %v", a, v[a], pay[a])
		}
	}
}

func TestRevision(t *testing.T) {
	// q = 1 revises without drawing
	if !(revision{q: 1}).Revises(rand.New(noDraw{})) {
		t.Error("q=1 did not revise")
	}
	for _, tc := range []struct {
		q, u float64
		want bool
	}{{0.5, 0.49, true}, {0.5, 0.5, false}, {0.25, 0.24, true}, {0.25, 0.75, false}} {
		rng, src := fixedRand(tc.u)
		if got := (revision{q: tc.q}).Revises(rng); got != tc.want || src.calls != 1 {
			t.Errorf("q=%v u=%v: revises=%v with %d draws, want %v with 1", tc.q, tc.u, got, src.calls, tc.want)
		}
	}
	// frequency
	rng := rand.New(rand.NewPCG(5, 6))
	n, k := 100000, 0
	for range n {
		if (revision{q: 0.3}).Revises(rng) {
			k++
		}
	}
	if f := float64(k) / float64(n); math.Abs(f-0.3) > 0.01 {
		t.Errorf("q=0.3 revised in a fraction %v of rounds", f)
	}
}

func TestNew(t *testing.T) {
	ok := Params{Revision: 0.5, Tie: "stay", Lambda: 1, Forgetting: 0.1, Experiment: 0.05, Initial: 1, Beta: 1, Discount: 0.9}
	for _, name := range RuleNames {
		p := ok
		p.Rule = name
		r, err := New(p, 3)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Name() != name {
			t.Errorf("New(%s).Name() = %s", name, r.Name())
		}
	}
	bad := []struct {
		name string
		edit func(*Params)
	}{
		{"unknown rule", func(p *Params) { p.Rule = "telepathy" }},
		{"revision 0", func(p *Params) { p.Revision = 0 }},
		{"revision > 1", func(p *Params) { p.Revision = 1.5 }},
		{"unknown tie", func(p *Params) { p.Tie = "coin" }},
		{"negative lambda", func(p *Params) { p.Rule, p.Lambda = "logit", -1 }},
		{"NaN lambda", func(p *Params) { p.Rule, p.Lambda = "logit", math.NaN() }},
		{"forgetting > 1", func(p *Params) { p.Rule, p.Forgetting = "roth-erev", 2 }},
		{"experimentation 1", func(p *Params) { p.Rule, p.Experiment = "roth-erev", 1 }},
		{"initial 0", func(p *Params) { p.Rule, p.Initial = "roth-erev", 0 }},
		{"negative beta", func(p *Params) { p.Rule, p.Beta = "imitation", -1 }},
		{"discount 1", func(p *Params) { p.Rule, p.Discount = "forward-looking", 1 }},
	}
	for _, tc := range bad {
		p := ok
		p.Rule = "best-response"
		tc.edit(&p)
		if _, err := New(p, 3); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	// Roth–Erev starts from the initial propensity on every action.
	p := ok
	p.Rule, p.Initial = "roth-erev", 2.5
	r, _ := New(p, 4)
	for a, q := range r.(*RothErev).Propensity {
		if q != 2.5 {
			t.Errorf("initial propensity of %d = %v", a, q)
		}
	}
}

// TestLearnsFromPayoffs: only Roth–Erev's Learn reads the payoffs; the
// engine skips computing them for the others when they do not revise.
// Every other rule's Learn must leave it unchanged.
func TestLearnsFromPayoffs(t *testing.T) {
	p := Params{Revision: 0.5, Tie: "stay", Lambda: 1, Forgetting: 0.1, Experiment: 0.05, Initial: 1, Beta: 1, Discount: 0.9}
	for _, name := range RuleNames {
		p.Rule = name
		r, _ := New(p, 3)
		l, ok := r.(interface{ LearnsFromPayoffs() bool })
		if !ok {
			t.Fatalf("%s has no LearnsFromPayoffs", name)
		}
		if want := name == "roth-erev"; l.LearnsFromPayoffs() != want {
			t.Errorf("%s: LearnsFromPayoffs = %v, want %v", name, !want, want)
		}
		if name == "roth-erev" {
			continue
		}
		before := fmt.Sprintf("%+v", r)
		r.Learn(1, 7, choice(1, []float64{math.NaN(), 7, -1e300}, nil))
		if after := fmt.Sprintf("%+v", r); after != before {
			t.Errorf("%s: Learn changed the rule: %s → %s", name, before, after)
		}
	}
}

func ExampleProbabilities() {
	c := &Choice{Payoffs: []float64{0, math.Log(2), math.Log(2)}, Avail: []bool{true, true, false}}
	p := make([]float64, 3)
	Probabilities(p, c, 1)
	fmt.Printf("%.4f %.4f %.4f\n", p[0], p[1], p[2])
	// Output: 0.3333 0.6667 0.0000
}

func ExampleFermi() {
	fmt.Printf("%.2f %.2f %.2f\n", Fermi(1, math.Log(3)), Fermi(0, 10), Fermi(1, -math.Log(3)))
	// Output: 0.75 0.50 0.25
}
