package sensitivity

// This file implements PRIM, the patient rule induction method of
// Friedman & Fisher (1999), as used for scenario discovery.

import (
	"fmt"
	"math"
	"slices"
)

// PrimOptions control PRIM.
type PrimOptions struct {
	Alpha   float64 // share of the box's points peeled (or pasted) per step (default 0.05)
	MinMass float64 // smallest share of all points a box may keep (default 0.05)
}

func (o PrimOptions) alpha() float64   { return inUnit(o.Alpha, 0.05) }
func (o PrimOptions) minMass() float64 { return inUnit(o.MinMass, 0.05) }

// Box is a hyper-rectangle Low[j] ≤ x_j ≤ High[j] and what it holds.
type Box struct {
	Low, High []float64
	Coverage  float64 // share of all cases of interest inside the box
	Density   float64 // share of the box's points that are cases of interest
	Mass      float64 // share of all points inside the box
	N         int     // points inside
	Pasted    bool    // the box came from pasting the last peeled box
}

// Restricted reports whether the box limits parameter j more than the
// data's range [lo, hi] does.
func (b *Box) Restricted(j int, lo, hi float64) bool { return b.Low[j] > lo || b.High[j] < hi }

// PrimResult is the peeling trajectory and the chosen box.
type PrimResult struct {
	Trajectory []Box // from the whole data set on; a pasted box last, if pasting helped
	Chosen     int   // index in Trajectory of the first box with the highest density (ties: larger mass)
	Lo, Hi     []float64
}

// Prim runs PRIM on points x (n rows of d values) with cases of interest
// y: peeling, from the box holding every point, the α-share slice of
// one parameter's lowest or highest values that most raises the box's
// density, until the next peel would leave less than the minimum mass;
// then pasting, growing the last box by α-share slices while that raises
// its density.
func Prim(x [][]float64, y []bool, opt PrimOptions) (*PrimResult, error) {
	n := len(x)
	if n == 0 || n != len(y) {
		return nil, fmt.Errorf("sensitivity: PRIM needs points and one case flag per point (%d points, %d flags)", n, len(y))
	}
	d := len(x[0])
	total := 0
	for _, v := range y {
		if v {
			total++
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("sensitivity: no point is a case of interest: nothing to discover")
	}
	res := &PrimResult{Lo: make([]float64, d), Hi: make([]float64, d)}
	for j := range d {
		res.Lo[j], res.Hi[j] = math.Inf(1), math.Inf(-1)
		for _, p := range x {
			res.Lo[j] = min(res.Lo[j], p[j])
			res.Hi[j] = max(res.Hi[j], p[j])
		}
	}
	alpha, minMass := opt.alpha(), opt.minMass()
	box := Box{Low: slices.Clone(res.Lo), High: slices.Clone(res.Hi)}
	inside := make([]int, n)
	for i := range inside {
		inside[i] = i
	}
	stat := func(b *Box, idx []int) {
		c := 0
		for _, i := range idx {
			if y[i] {
				c++
			}
		}
		b.N = len(idx)
		b.Mass = float64(len(idx)) / float64(n)
		b.Coverage = float64(c) / float64(total)
		b.Density = 0
		if len(idx) > 0 {
			b.Density = float64(c) / float64(len(idx))
		}
	}
	stat(&box, inside)
	res.Trajectory = append(res.Trajectory, cloneBox(box))
	vals := make([]float64, 0, n)
	for {
		best, bestDens := -1, math.Inf(-1)
		var bestLimit float64
		bestLow := false
		for j := range d {
			vals = vals[:0]
			for _, i := range inside {
				vals = append(vals, x[i][j])
			}
			slices.Sort(vals)
			k := max(1, int(math.Floor(alpha*float64(len(vals)))))
			for _, low := range []bool{true, false} {
				// New limit: the smallest value with at least k points below
				// (low) or the largest with at least k above (high), so that
				// tied values are peeled together.
				var lim float64
				var keep int
				if low {
					v := vals[k-1]
					p, _ := slices.BinarySearch(vals, math.Nextafter(v, math.Inf(1)))
					if p >= len(vals) {
						continue
					}
					lim, keep = vals[p], len(vals)-p
				} else {
					v := vals[len(vals)-k]
					p, _ := slices.BinarySearch(vals, v) // first index ≥ v
					if p == 0 {
						continue
					}
					lim, keep = vals[p-1], p
				}
				if float64(keep)/float64(n) < minMass {
					continue
				}
				c := 0
				for _, i := range inside {
					xv := x[i][j]
					if (low && xv >= lim) || (!low && xv <= lim) {
						if y[i] {
							c++
						}
					}
				}
				dens := float64(c) / float64(keep)
				if dens > bestDens {
					best, bestDens, bestLimit, bestLow = j, dens, lim, low
				}
			}
		}
		if best < 0 {
			break
		}
		if bestLow {
			box.Low[best] = bestLimit
		} else {
			box.High[best] = bestLimit
		}
		inside = slices.DeleteFunc(inside, func(i int) bool { return !in(&box, x[i]) })
		stat(&box, inside)
		res.Trajectory = append(res.Trajectory, cloneBox(box))
	}
	if pasted, ok := paste(x, y, box, alpha, stat); ok {
		pasted.Pasted = true
		res.Trajectory = append(res.Trajectory, pasted)
	}
	res.Chosen = 0
	for i, b := range res.Trajectory {
		c := res.Trajectory[res.Chosen]
		if b.Density > c.Density || b.Density == c.Density && b.Mass > c.Mass {
			res.Chosen = i
		}
	}
	return res, nil
}

func in(b *Box, p []float64) bool {
	for j, v := range p {
		if v < b.Low[j] || v > b.High[j] {
			return false
		}
	}
	return true
}

func cloneBox(b Box) Box {
	b.Low, b.High = slices.Clone(b.Low), slices.Clone(b.High)
	return b
}

// paste grows box by α-share slices of points just outside one of its
// limits while that raises its density.
func paste(x [][]float64, y []bool, box Box, alpha float64, stat func(*Box, []int)) (Box, bool) {
	box = cloneBox(box)
	pasted := false
	members := func(b *Box) []int {
		var idx []int
		for i, p := range x {
			if in(b, p) {
				idx = append(idx, i)
			}
		}
		return idx
	}
	for {
		cur := members(&box)
		stat(&box, cur)
		k := max(1, int(math.Floor(alpha*float64(len(cur)))))
		best := box
		found := false
		for j := range box.Low {
			for _, low := range []bool{true, false} {
				// Candidates: points inside every other limit, outside this one.
				var out []float64
				for _, p := range x {
					v := p[j]
					if (low && v >= box.Low[j]) || (!low && v <= box.High[j]) {
						continue
					}
					p2 := box
					if !inOthers(&p2, p, j) {
						continue
					}
					out = append(out, v)
				}
				if len(out) == 0 {
					continue
				}
				slices.Sort(out)
				c := cloneBox(box)
				if low {
					c.Low[j] = out[max(0, len(out)-k)]
				} else {
					c.High[j] = out[min(len(out)-1, k-1)]
				}
				stat(&c, members(&c))
				if c.Density > best.Density {
					best, found = c, true
				}
			}
		}
		if !found {
			return box, pasted
		}
		box, pasted = best, true
	}
}

func inOthers(b *Box, p []float64, skip int) bool {
	for j, v := range p {
		if j != skip && (v < b.Low[j] || v > b.High[j]) {
			return false
		}
	}
	return true
}
