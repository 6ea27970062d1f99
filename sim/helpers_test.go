package sim

import (
	"hash/fnv"
	"math"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// parse builds a scenario from TOML text, failing the test on error.
func parse(tb testing.TB, src string) *scenarios.Scenario {
	tb.Helper()
	s, err := scenarios.Parse("test.toml", []byte(src))
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return s
}

// set applies key=value pairs to s, failing the test on error.
func set(tb testing.TB, s *scenarios.Scenario, kv ...string) *scenarios.Scenario {
	tb.Helper()
	if len(kv)%2 != 0 {
		tb.Fatal("set: odd number of arguments")
	}
	for i := 0; i < len(kv); i += 2 {
		if err := scenarios.Set(s, kv[i], kv[i+1]); err != nil {
			tb.Fatalf("set %s=%s: %v", kv[i], kv[i+1], err)
		}
	}
	if err := s.Validate(); err != nil {
		tb.Fatalf("validate after set: %v", err)
	}
	return s
}

// newRun builds a run of s with stream (seed, stream).
func newRun(tb testing.TB, s *scenarios.Scenario, stream uint64) *Run {
	tb.Helper()
	r, err := New(s, Stream(s.Seed, stream))
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return r
}

// fingerprint accumulates the bits of every output of a run.
type fingerprint struct {
	h      interface{ Write([]byte) (int, error) }
	sum    func() uint64
	rounds int
}

func newFingerprint() *fingerprint {
	h := fnv.New64a()
	return &fingerprint{h: h, sum: h.Sum64}
}

func (f *fingerprint) u64(v uint64) {
	var b [8]byte
	for k := range b {
		b[k] = byte(v >> (8 * k))
	}
	f.h.Write(b[:])
}

func (f *fingerprint) f64(vs ...float64) {
	for _, v := range vs {
		f.u64(math.Float64bits(v))
	}
}

func (f *fingerprint) int(vs ...int) {
	for _, v := range vs {
		f.u64(uint64(int64(v)))
	}
}

// round records the metrics and per-nation values after a round.
func (f *fingerprint) round(r *Run) {
	f.settled(r)
	b := r.Bloc
	for i := range b.N {
		ma, md := b.Margins(i)
		f.f64(ma, md)
	}
}

// settled records what a round settled, reading nothing that the next
// round's state is computed for (no Margins, no Payoff).
func (f *fingerprint) settled(r *Run) {
	f.rounds++
	m := &r.Bloc.Metrics
	f.int(m.Round, m.BlocSize, m.Churn)
	f.f64(m.KB, m.DivOwn, m.DivUsable, m.Theil, m.Welfare, m.OpenWeight)
	f.f64(m.Threat...)
	f.f64(m.Terms...)
	f.f64(m.Controls...)
	f.f64(m.Utility...)
	f.f64(m.Frontier...)
	f.f64(m.Offers...)
	f.f64(m.MarketValue...)
	f.f64(m.AltRatio...)
	f.f64(m.TermsAlone...)
	f.f64(m.Year, m.BlocMarket, m.PoolingGain, m.PoolingGainCRS)
	b := r.Bloc
	for i := range b.N {
		f.int(b.Action(i), b.Excluded(i))
		f.f64(b.Realised(i), b.Usable(i), b.OwnStack(i), b.Stock(i), b.Claim(i))
	}
}

// outcome records the per-run outcome.
func (f *fingerprint) outcome(o *Outcome) {
	f.int(o.Rounds, o.FinalBlocSize, o.SettleRound, o.CredibleRounds)
	f.f64(o.MeanBlocSize, o.MaxThreat, o.MeanTerms, o.FinalDivOwn, o.FinalDivUsable, o.FinalTheil,
		o.MeanWelfare, o.FinalWelfare, o.FinalKB)
	f.f64(o.FinalControls...)
	f.f64(o.FinalUtility...)
}

// runPrint plays a whole run and returns the fingerprint of all its
// outputs, with the outcome.
func runPrint(tb testing.TB, s *scenarios.Scenario, stream uint64) (uint64, *Outcome) {
	tb.Helper()
	r := newRun(tb, s, stream)
	f := newFingerprint()
	o := r.RunAll(f.round)
	f.outcome(o)
	return f.sum(), o
}

// meanSize is the mean over streams of the per-run mean bloc size.
func meanSize(tb testing.TB, s *scenarios.Scenario, streams int) float64 {
	tb.Helper()
	tot := 0.0
	for k := range streams {
		r := newRun(tb, s, uint64(k))
		tot += r.RunAll(nil).MeanBlocSize
	}
	return tot / float64(streams)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func approx(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// still switches the world's moving parts off (M9, M10, M12): no
// reinvestment, no shocks, no coalitional moves. Properties 1–4 and 6 are
// stated for a still world (docs/model.md, section 8).
func still(s *scenarios.Scenario) *scenarios.Scenario {
	s.World.Reinvestment, s.World.TalentMobility = 0, 0
	s.World.Shocks.OpenRate, s.World.Shocks.AffinitySigma = 0, 0
	s.Decisions.CoalitionRate = 0
	for _, sp := range s.Superpowers {
		sp.ControlUpRate, sp.ControlDownRate = 0, 0
	}
	return s
}

// stillBaseline is the bundled baseline with its moving parts off.
func stillBaseline(tb testing.TB) *scenarios.Scenario { return still(baseline(tb)) }
