package sensitivity

// This file implements the Morris elementary-effects estimators.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// MorrisResult holds the elementary-effect statistics of D factors.
type MorrisResult struct {
	R        int       // trajectories used
	Mu       []float64 // mean elementary effect
	MuStar   []Interval
	Sigma    []float64 // standard deviation of the elementary effects
	Warnings []string
}

// MorrisEffects computes μ, μ* (with a bootstrap interval over
// trajectories) and σ from the outputs y of Morris design rows. A
// trajectory with a missing output is dropped, with a warning. Elementary
// effects are in units of the output per whole unit-cube range of the
// factor.
func MorrisEffects(rows []Row, y []float64, d int, opt Options) (*MorrisResult, error) {
	if len(rows) != len(y) {
		panic("sensitivity: MorrisEffects: rows and outputs differ in length")
	}
	r := 0
	for _, row := range rows {
		if row.Block != BlockStep {
			return nil, fmt.Errorf("sensitivity: block %s is not part of a Morris design", row.Label())
		}
		r = max(r, row.Sample+1)
	}
	// Place rows by trajectory and step.
	at := make([]int, r*(d+1))
	for i := range at {
		at[i] = -1
	}
	for k, row := range rows {
		if row.Step < 0 || row.Step > d {
			return nil, fmt.Errorf("sensitivity: row %d: step %d of a design with %d factors", k, row.Step, d)
		}
		p := row.Sample*(d+1) + row.Step
		if at[p] >= 0 {
			return nil, fmt.Errorf("sensitivity: trajectory %d has step %d twice", row.Sample, row.Step)
		}
		at[p] = k
	}
	ee := make([][]float64, d) // per factor, per kept trajectory
	var warn []string
	dropped := 0
	constant := true
	first := math.NaN()
	for t := range r {
		ok := true
		for s := range d + 1 {
			k := at[t*(d+1)+s]
			if k < 0 {
				return nil, fmt.Errorf("sensitivity: trajectory %d lacks step %d", t, s)
			}
			if math.IsNaN(y[k]) || math.IsInf(y[k], 0) {
				ok = false
			}
		}
		if !ok {
			dropped++
			continue
		}
		moved := make([]bool, d)
		for s := 1; s <= d; s++ {
			prev, cur := rows[at[t*(d+1)+s-1]], rows[at[t*(d+1)+s]]
			j := cur.Factor
			if j < 0 || j >= d || moved[j] {
				return nil, fmt.Errorf("sensitivity: trajectory %d step %d moves factor %d, which is not a factor or moved before", t, s, j+1)
			}
			moved[j] = true
			delta := cur.Unit[j] - prev.Unit[j]
			if delta == 0 {
				return nil, fmt.Errorf("sensitivity: trajectory %d step %d does not move factor %d", t, s, j+1)
			}
			y0, y1 := y[at[t*(d+1)+s-1]], y[at[t*(d+1)+s]]
			for _, v := range []float64{y0, y1} {
				if math.IsNaN(first) {
					first = v
				}
				constant = constant && v == first
			}
			ee[j] = append(ee[j], (y1-y0)/delta)
		}
	}
	kept := r - dropped
	if dropped > 0 {
		warn = append(warn, fmt.Sprintf("%d of %d trajectories dropped: a run of theirs failed or has no value", dropped, r))
	}
	res := &MorrisResult{R: kept, Mu: make([]float64, d), MuStar: make([]Interval, d), Sigma: make([]float64, d)}
	if kept < 2 || constant {
		if kept < 2 {
			warn = append(warn, fmt.Sprintf("%d complete trajectories: too few to estimate effects", kept))
		} else {
			warn = append(warn, "the output is constant: its elementary effects are all zero and its ranking is undefined")
		}
		for j := range d {
			res.Mu[j], res.Sigma[j], res.MuStar[j] = math.NaN(), math.NaN(), undefined
		}
		res.Warnings = warn
		return res, nil
	}
	res.Warnings = warn
	B := opt.resamples()
	lv := opt.level()
	for j := range d {
		e := ee[j]
		var m, ms float64
		for _, v := range e {
			m += v
			ms += math.Abs(v)
		}
		m /= float64(len(e))
		ms /= float64(len(e))
		var ss float64
		for _, v := range e {
			ss += (v - m) * (v - m)
		}
		res.Mu[j], res.Sigma[j] = m, math.Sqrt(ss/float64(len(e)-1))
		boot := make([]float64, B)
		for b := range B {
			rng := rand.New(rand.NewPCG(opt.Seed, uint64(j)<<32|uint64(b)))
			var s float64
			for range e {
				s += math.Abs(e[rng.IntN(len(e))])
			}
			boot[b] = s / float64(len(e))
		}
		res.MuStar[j] = interval(ms, boot, lv)
	}
	return res, nil
}

// Rank returns the factors ordered by decreasing μ* (ties by index).
func (m *MorrisResult) Rank() []int {
	idx := make([]int, len(m.Mu))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := m.MuStar[a].Est, m.MuStar[b].Est
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	return idx
}
