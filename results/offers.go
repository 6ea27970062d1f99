package results

import (
	"strconv"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/sim"
)

// OffersHeader is the offers.csv header: one row per subsidy a strategic
// superpower offered a nation in a round (D1), with the gain in the
// superpower's utility from the nation holding the deal that justified
// it, and whether the nation held the deal after the round.
var OffersHeader = []string{"round", "superpower", "nation", "subsidy", "utility_gain", "accepted"}

// EndowmentsHeader returns the endowments.csv header: the round, the
// actor (a superpower or nation id), then one column per factor in
// agents.FactorNames order.
func EndowmentsHeader() []string {
	return append([]string{"round", "actor"}, agents.FactorNames[:]...)
}

// AppendOfferRows appends the offers.csv rows (each with its newline) of
// the run's latest round: one per superpower s and nation i with a
// non-zero offer, superpowers in id order, then nations in id order. The
// round is the one rounds.csv records (the offers were made in its
// Begin); accepted is whether i holds the deal with s after the round.
// prefix, when not empty, starts every row (it must end with a comma).
func AppendOfferRows(f []byte, prefix []byte, r *sim.Run) []byte {
	b := r.Bloc
	t := int64(b.Metrics.Round)
	for s, sid := range b.SIDs {
		deal := 1 + s // the deal with s (see Model.Actions)
		for i, nid := range b.NIDs {
			o := b.Offer(s, i)
			if o == 0 {
				continue
			}
			f = append(f, prefix...)
			f = strconv.AppendInt(f, t, 10)
			f = append(f, ',')
			f = append(f, sid...)
			f = append(f, ',')
			f = append(f, nid...)
			f = append(f, ',')
			f = appendF(f, o, ',')
			f = appendF(f, b.OfferGain(s, i), ',')
			f = strconv.AppendBool(f, b.Action(i) == deal)
			f = append(f, '\n')
		}
	}
	return f
}

// AppendEndowmentRows appends the endowments.csv rows (each with its
// newline) of the state after the run's latest round: every actor's
// endowment shares, superpowers in id order, then nations in id order.
// They are read afresh each round: reinvestment moves them. prefix, when
// not empty, starts every row (it must end with a comma).
func AppendEndowmentRows(f []byte, prefix []byte, r *sim.Run) []byte {
	b := r.Bloc
	t := int64(b.Metrics.Round)
	for s, id := range b.SIDs {
		f = appendEndowmentRow(f, prefix, t, id, b.SuperpowerEndowment(s))
	}
	for i, id := range b.NIDs {
		f = appendEndowmentRow(f, prefix, t, id, b.NationEndowment(i))
	}
	return f
}

func appendEndowmentRow(f, prefix []byte, t int64, id string, e [agents.NumFactors]float64) []byte {
	f = append(f, prefix...)
	f = strconv.AppendInt(f, t, 10)
	f = append(f, ',')
	f = append(f, id...)
	for _, v := range e {
		f = append(f, ',')
		f = AppendFloat(f, v)
	}
	return append(f, '\n')
}
