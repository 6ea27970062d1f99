package results

import (
	"fmt"

	"github.com/minilateral/minilateral/sim"
)

// RunWriter streams one run's per-round and per-nation tables:
//
//	rounds.csv   one row per round (round 0 is the initial state)
//	nations.csv  one row per nation per round
type RunWriter struct {
	rounds, nations *File
	ids             []string
}

// RoundsHeader returns the rounds.csv columns for superpowers sids.
func RoundsHeader(sids []string) []string {
	h := []string{"round", "bloc_size", "members", "bloc_capability"}
	for _, col := range []string{"threat", "controls", "utility", "terms", "frontier", "offers"} {
		for _, s := range sids {
			h = append(h, col+"_"+s)
		}
	}
	return append(h, "threat_max", "terms_total", "divergence_own", "divergence_usable", "theil", "welfare", "churn", "open_weight")
}

// NationsHeader is the nations.csv header.
var NationsHeader = []string{"round", "nation", "action", "own_capability", "usable_capability", "payoff", "excluded"}

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
	r.Row(RoundsHeader(b.SIDs)...)
	n.Row(NationsHeader...)
	return &RunWriter{rounds: r, nations: n, ids: b.NIDs}, nil
}

// Round appends the state after the run's latest round.
func (w *RunWriter) Round(r *sim.Run) {
	b := r.Bloc
	m := &b.Metrics
	f := w.rounds
	f.Int(m.Round, ',')
	f.Int(m.BlocSize, ',')
	first := true
	for i, id := range b.NIDs {
		if b.Action(i) == 0 && b.Join() == 0 {
			if !first {
				f.w.WriteByte(';')
			}
			f.w.WriteString(id)
			first = false
		}
	}
	f.w.WriteByte(',')
	f.Float(m.KB, ',')
	for _, xs := range [][]float64{m.Threat, m.Controls, m.Utility, m.Terms, m.Frontier, m.Offers} {
		for _, v := range xs {
			f.Float(v, ',')
		}
	}
	pmax, tot := 0.0, 0.0
	for s := range m.Threat {
		pmax = max(pmax, m.Threat[s])
		tot += m.Terms[s]
	}
	f.Float(pmax, ',')
	f.Float(tot, ',')
	f.Float(m.DivOwn, ',')
	f.Float(m.DivUsable, ',')
	f.Float(m.Theil, ',')
	f.Float(m.Welfare, ',')
	f.Int(m.Churn, ',')
	f.Float(m.OpenWeight, '\n')

	n := w.nations
	acts := b.Actions()
	for i, id := range w.ids {
		n.Int(m.Round, ',')
		n.String(id, ',')
		n.String(acts[b.Action(i)], ',')
		n.Float(b.OwnStack(i), ',')
		n.Float(b.Usable(i), ',')
		n.Float(b.Realised(i), ',')
		n.Int(b.Excluded(i), '\n')
	}
}

// Commit renames both tables into place and records their checksums.
func (w *RunWriter) Commit(m *Manifest) error {
	for _, f := range []*File{w.rounds, w.nations} {
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
}
