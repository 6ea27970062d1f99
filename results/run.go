package results

import (
	"fmt"
	"strconv"

	"github.com/minilateral/minilateral/sim"
)

// RunWriter streams one run's tables:
//
//	rounds.csv      one row per round (round 0 is the initial state)
//	nations.csv     one row per nation per round
//	offers.csv      one row per subsidy offered in a round (header only
//	                when no superpower buys members)
//	endowments.csv  one row per actor (superpowers, then nations) per round
type RunWriter struct {
	rounds, nations, offers, endowments *File
	buf                                 []byte
}

// RunTables are the base names of the tables a RunWriter writes, in the
// order 'minilateral run' lists them.
var RunTables = []string{"rounds", "nations", "offers", "endowments"}

// roundsPerSuperpower are the rounds.csv columns with one entry per
// superpower, in the order of their values in AppendRoundRow.
var roundsPerSuperpower = []string{"threat", "controls", "utility", "terms", "frontier", "offers",
	"market_value", "alternative_ratio", "terms_alone"}

// RoundsHeader returns the rounds.csv columns for superpowers sids.
func RoundsHeader(sids []string) []string {
	h := []string{"round", "year", "bloc_size", "members", "bloc_capability"}
	for _, col := range roundsPerSuperpower {
		for _, s := range sids {
			h = append(h, col+"_"+s)
		}
	}
	return append(h, "threat_max", "terms_total", "bloc_market", "pooling_gain", "pooling_gain_complementarity",
		"divergence_own", "divergence_usable", "theil", "theil_between", "theil_within", "welfare", "churn", "open_weight")
}

// NationsHeader is the nations.csv header.
var NationsHeader = []string{"round", "nation", "action", "own_capability", "usable_capability", "payoff", "excluded",
	"stock", "claim", "margin_alone", "margin_deal",
	"pay_stack", "pay_club", "pay_imports", "pay_costs", "pay_deal", "pay_subsidy"}

// NewRunWriter creates the temporary files in dir (which must exist).
func NewRunWriter(dir string, b *sim.Bloc) (*RunWriter, error) {
	r, err := Create(dir, "rounds.csv")
	if err != nil {
		return nil, err
	}
	n, err := Create(dir, "nations.csv")
	if err != nil {
		r.Abort()
		return nil, err
	}
	o, err := Create(dir, "offers.csv")
	if err != nil {
		r.Abort()
		n.Abort()
		return nil, err
	}
	e, err := Create(dir, "endowments.csv")
	if err != nil {
		r.Abort()
		n.Abort()
		o.Abort()
		return nil, err
	}
	r.Row(RoundsHeader(b.SIDs)...)
	n.Row(NationsHeader...)
	o.Row(OffersHeader...)
	e.Row(EndowmentsHeader()...)
	return &RunWriter{rounds: r, nations: n, offers: o, endowments: e}, nil
}

// Round appends the state after the run's latest round.
func (w *RunWriter) Round(r *sim.Run) {
	w.buf = AppendRoundRow(w.buf[:0], r)
	w.rounds.Write(w.buf)
	w.buf = AppendNationRows(w.buf[:0], nil, r)
	w.nations.Write(w.buf)
	w.buf = AppendOfferRows(w.buf[:0], nil, r)
	w.offers.Write(w.buf)
	w.buf = AppendEndowmentRows(w.buf[:0], nil, r)
	w.endowments.Write(w.buf)
}

// AppendRoundRow appends the rounds.csv row (with its newline) of the
// state after the run's latest round.
func AppendRoundRow(f []byte, r *sim.Run) []byte {
	b := r.Bloc
	m := &b.Metrics
	f = strconv.AppendInt(f, int64(m.Round), 10)
	f = append(f, ',')
	f = appendF(f, m.Year, ',')
	f = strconv.AppendInt(f, int64(m.BlocSize), 10)
	f = append(f, ',')
	first := true
	for i, id := range b.NIDs {
		if b.Action(i) == 0 && b.Join() == 0 {
			if !first {
				f = append(f, ';')
			}
			f = append(f, id...)
			first = false
		}
	}
	f = append(f, ',')
	f = appendF(f, m.KB, ',')
	for _, xs := range [...][]float64{m.Threat, m.Controls, m.Utility, m.Terms, m.Frontier, m.Offers,
		m.MarketValue, m.AltRatio, m.TermsAlone} {
		for _, v := range xs {
			f = appendF(f, v, ',')
		}
	}
	pmax, tot := 0.0, 0.0
	for s := range m.Threat {
		pmax = max(pmax, m.Threat[s])
		tot += m.Terms[s]
	}
	f = appendF(f, pmax, ',')
	f = appendF(f, tot, ',')
	f = appendF(f, m.BlocMarket, ',')
	f = appendF(f, m.PoolingGain, ',')
	f = appendF(f, m.PoolingGainCRS, ',')
	f = appendF(f, m.DivOwn, ',')
	f = appendF(f, m.DivUsable, ',')
	f = appendF(f, m.Theil, ',')
	f = appendF(f, m.TheilBetween, ',')
	f = appendF(f, m.TheilWithin, ',')
	f = appendF(f, m.Welfare, ',')
	f = strconv.AppendInt(f, int64(m.Churn), 10)
	f = append(f, ',')
	return appendF(f, m.OpenWeight, '\n')
}

// AppendNationRows appends the nations.csv rows (one per nation, each
// with its newline) of the state after the run's latest round; prefix,
// when not empty, starts every row (it must end with a comma).
func AppendNationRows(n []byte, prefix []byte, r *sim.Run) []byte {
	b := r.Bloc
	m := &b.Metrics
	acts := b.Actions()
	for i, id := range b.NIDs {
		n = append(n, prefix...)
		n = strconv.AppendInt(n, int64(m.Round), 10)
		n = append(n, ',')
		n = append(n, id...)
		n = append(n, ',')
		n = append(n, acts[b.Action(i)]...)
		n = append(n, ',')
		n = appendF(n, b.OwnStack(i), ',')
		n = appendF(n, b.Usable(i), ',')
		n = appendF(n, b.Realised(i), ',')
		n = strconv.AppendInt(n, int64(b.Excluded(i)), 10)
		n = append(n, ',')
		n = appendF(n, b.Stock(i), ',')
		n = appendF(n, b.Claim(i), ',')
		ma, md := b.Margins(i)
		n = appendF(n, ma, ',')
		n = appendF(n, md, ',')
		pb := b.PayBreakdown(i)
		for _, v := range [...]float64{pb.Stack, pb.Club, pb.Imports, pb.Costs, pb.Deal} {
			n = appendF(n, v, ',')
		}
		n = appendF(n, pb.Subsidy, '\n')
	}
	return n
}

func appendF(b []byte, v float64, sep byte) []byte {
	return append(AppendFloat(b, v), sep)
}

// Commit renames the tables into place and records their checksums.
func (w *RunWriter) Commit(m *Manifest) error {
	for _, f := range []*File{w.rounds, w.nations, w.offers, w.endowments} {
		sum, err := f.Commit()
		if err != nil {
			w.Abort()
			return fmt.Errorf("results: %s: %w", f.Name, err)
		}
		m.Outputs[f.Name] = sum
	}
	return nil
}

// Abort removes whatever temporary files remain.
func (w *RunWriter) Abort() {
	w.rounds.Abort()
	w.nations.Abort()
	w.offers.Abort()
	w.endowments.Abort()
}
