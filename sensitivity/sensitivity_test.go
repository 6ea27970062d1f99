package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestJoeKuoTable(t *testing.T) {
	if MaxDims() < 100 {
		t.Fatalf("MaxDims = %d, want at least 100", MaxDims())
	}
	for d, v := range directions() {
		for j, x := range v {
			// v_j = m_j·2^(31−j) with m_j odd: bit 31−j is set and no lower bit.
			if x>>(31-j)&1 != 1 || x&(1<<(31-j)-1) != 0 {
				t.Fatalf("dimension %d: direction number %d = %#x is not an odd m_j scaled by 2^(31−j)", d+1, j, x)
			}
		}
	}
	// Known values: dimension 2 (s = 1, a = 0, m_1 = 1) has direction
	// numbers v_1 = 1/2, v_2 = v_1 ⊕ v_1/2 = 3/4, v_3 = 3/4 ⊕ 3/8 = 5/8, so
	// in natural order its points are 0, 1/2, 3/4, 1/4, 5/8, 1/8, 3/8, 7/8
	// (the Gray-code order of SciPy visits the same set).
	s, _ := NewSequence(2)
	want := []float64{0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875}
	p := make([]float64, 2)
	for i, w := range want {
		if got := s.Point(uint32(i), p)[1]; got != w {
			t.Errorf("point %d dimension 2 = %v, want %v", i, got, w)
		}
	}
}

// Every 2^m prefix puts one point into each of the 2^m strata of every
// coordinate, and one into each of the 2^m cells of every elementary
// 2-D interval of shape 2^a × 2^(m−a) for the first pairs.
func TestSobolStratification(t *testing.T) {
	const m = 10
	n := 1 << m
	s, _ := NewSequence(MaxDims())
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = s.Point(uint32(i), make([]float64, s.Dims))
	}
	for d := range s.Dims {
		seen := make([]bool, n)
		for _, p := range pts {
			k := int(p[d] * float64(n))
			if seen[k] {
				t.Fatalf("dimension %d: stratum %d holds two of the first %d points", d+1, k, n)
			}
			seen[k] = true
		}
	}
}

func TestSaltelliRefusesNotPowerOfTwo(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000, 1023} {
		_, err := Saltelli(n, 3)
		if err == nil || !strings.Contains(err.Error(), "not a power of two") {
			t.Errorf("Saltelli(%d) error = %v, want a power-of-two refusal", n, err)
		}
	}
	rows, err := Saltelli(8, 3)
	if err != nil || len(rows) != 8*5 {
		t.Fatalf("Saltelli(8, 3): %d rows, %v; want 40", len(rows), err)
	}
	// AB_j equals A except in column j, which equals B's.
	for i := 0; i < len(rows); i += 5 {
		a, b := rows[i].Unit, rows[i+1].Unit
		for j := range 3 {
			ab := rows[i+2+j]
			if ab.Block != BlockAB || ab.Factor != j || ab.Sample != i/5 {
				t.Fatalf("row %d is %s of sample %d", i+2+j, ab.Label(), ab.Sample)
			}
			for c := range 3 {
				want := a[c]
				if c == j {
					want = b[c]
				}
				if ab.Unit[c] != want {
					t.Fatalf("sample %d AB_%d column %d = %v, want %v", i/5, j+1, c+1, ab.Unit[c], want)
				}
			}
		}
	}
}

// evalSaltelli evaluates f over a Saltelli design and returns its matrix.
func evalSaltelli(t testing.TB, n, d int, f func(u []float64) float64) *Matrix {
	rows, err := Saltelli(n, d)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(rows))
	for k, r := range rows {
		y[k] = f(r.Unit)
	}
	m, warn, err := NewMatrix(rows, y, d)
	if err != nil || len(warn) > 0 {
		t.Fatalf("NewMatrix: %v %v", err, warn)
	}
	return m
}

func TestIshigami(t *testing.T) {
	const a, b = 7, 0.1
	m := evalSaltelli(t, 8192, 3, func(u []float64) float64 {
		x := func(i int) float64 { return -math.Pi + 2*math.Pi*u[i] }
		return Ishigami(x(0), x(1), x(2), a, b)
	})
	res := Sobol(m, Options{Seed: 1})
	s1, st := IshigamiIndices(a, b)
	// Published values (Sobol' & Levitan 1999; SALib's test suite).
	for i, w := range []float64{0.3139, 0.4424, 0} {
		if math.Abs(s1[i]-w) > 5e-5 {
			t.Fatalf("analytic S1[%d] = %v, want %v", i, s1[i], w)
		}
	}
	for i, w := range []float64{0.5576, 0.4424, 0.2437} {
		if math.Abs(st[i]-w) > 5e-5 {
			t.Fatalf("analytic ST[%d] = %v, want %v", i, st[i], w)
		}
	}
	for i := range 3 {
		check := func(name string, iv Interval, want float64) {
			if math.Abs(iv.Est-want) > 0.03 {
				t.Errorf("%s x%d = %.4f, want %.4f ± 0.03", name, i+1, iv.Est, want)
			}
			if !(iv.Low <= want && want <= iv.High) {
				t.Errorf("%s x%d interval [%.4f, %.4f] does not cover %.4f", name, i+1, iv.Low, iv.High, want)
			}
		}
		check("S1", res.S1[i], s1[i])
		check("ST", res.ST[i], st[i])
	}
}

func TestSobolG(t *testing.T) {
	a := []float64{78, 12, 0.5, 2, 97, 33}
	m := evalSaltelli(t, 4096, len(a), func(u []float64) float64 { return SobolG(u, a) })
	res := Sobol(m, Options{Seed: 1, Resamples: 100})
	s1, _ := SobolGIndices(a)
	for i := range a {
		if d := math.Abs(res.S1[i].Est - s1[i]); d > 0.01 {
			t.Errorf("S1 x%d = %.4f, analytic %.4f: off by %.4f > 0.01", i+1, res.S1[i].Est, s1[i], d)
		}
	}
}

func TestConvergencePrefix(t *testing.T) {
	a := []float64{0, 1, 9}
	m := evalSaltelli(t, 1024, 3, func(u []float64) float64 { return SobolG(u, a) })
	if m.Prefix(128).N() != 128 {
		t.Fatal("Prefix(128) does not hold 128 samples")
	}
	// The full design estimates better than its eighth.
	s1, _ := SobolGIndices(a)
	err := func(m *Matrix) float64 {
		r := Sobol(m, Options{Resamples: -1})
		var e float64
		for i := range a {
			e += math.Abs(r.S1[i].Est - s1[i])
		}
		return e
	}
	if e8, e1 := err(m.Prefix(128)), err(m); !(e1 < e8) {
		t.Errorf("error at N = 1024 (%.4f) is not below that at N = 128 (%.4f)", e1, e8)
	}
}

func TestConstantOutput(t *testing.T) {
	m := evalSaltelli(t, 64, 2, func([]float64) float64 { return 3 })
	res := Sobol(m, Options{})
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "constant") {
		t.Errorf("warnings = %q, want one saying the output is constant", res.Warnings)
	}
	for i := range 2 {
		if res.S1[i].Defined() || res.ST[i].Defined() {
			t.Errorf("factor %d: S1 %v, ST %v defined for a constant output", i+1, res.S1[i], res.ST[i])
		}
	}
	rows, _ := Morris(10, 4, 2, rand.New(rand.NewPCG(1, 2)))
	y := make([]float64, len(rows))
	mr, err := MorrisEffects(rows, y, 2, Options{})
	if err != nil || len(mr.Warnings) == 0 || mr.MuStar[0].Defined() {
		t.Errorf("Morris on a constant output: %v, %q, μ* %v; want undefined with a warning", err, mr.Warnings, mr.MuStar[0])
	}
}

func TestSobolBootstrapIndependentOfWorkers(t *testing.T) {
	m := evalSaltelli(t, 256, 3, func(u []float64) float64 { return SobolG(u, []float64{0, 1, 9}) })
	r1 := Sobol(m, Options{Seed: 9, Workers: 1, Resamples: 200})
	r4 := Sobol(m, Options{Seed: 9, Workers: 4, Resamples: 200})
	if !slices.Equal(r1.S1, r4.S1) || !slices.Equal(r1.ST, r4.ST) {
		t.Errorf("1 worker: %v %v; 4 workers: %v %v", r1.S1, r1.ST, r4.S1, r4.ST)
	}
}

func TestMorrisG(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	rows, err := Morris(20, 4, len(a), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20*9 {
		t.Fatalf("%d rows, want 180", len(rows))
	}
	y := make([]float64, len(rows))
	for k, r := range rows {
		for _, u := range r.Unit {
			if u < 0 || u > 1 {
				t.Fatalf("row %d leaves the unit cube: %v", k, r.Unit)
			}
		}
		y[k] = SobolG(r.Unit, a)
	}
	res, err := MorrisEffects(rows, y, len(a), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rank()[:4]; !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("μ* ranking starts %v, want x1 > x2 > x3 > x4 (μ* = %v)", got, res.MuStar)
	}
	for j := 4; j < 8; j++ {
		if r := res.MuStar[j].Est / res.MuStar[0].Est; r >= 0.05 {
			t.Errorf("μ* x%d is %.1f%% of x1's, want under 5%%", j+1, 100*r)
		}
	}
	for j, iv := range res.MuStar {
		if !(iv.Low <= iv.Est && iv.Est <= iv.High) {
			t.Errorf("μ* x%d = %v outside its interval", j+1, iv)
		}
	}
}

func TestMorrisRefuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct{ r, p, d int }{{1, 4, 3}, {10, 3, 3}, {10, 0, 3}, {10, 4, 0}} {
		if _, err := Morris(c.r, c.p, c.d, rng); err == nil {
			t.Errorf("Morris(r=%d, p=%d, d=%d) accepted", c.r, c.p, c.d)
		}
	}
}

func TestPrimPlantedBox(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, d = 4000, 5
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		x[i] = make([]float64, d)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
		y[i] = x[i][0] > 0.7 && x[i][1] < 0.3
	}
	res, err := Prim(x, y, PrimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := res.Trajectory[res.Chosen]
	if b.Density <= 0.9 {
		t.Errorf("chosen box density %.3f, want above 0.9", b.Density)
	}
	for j := range d {
		r := b.Restricted(j, res.Lo[j], res.Hi[j])
		if r != (j < 2) {
			t.Errorf("x%d restricted = %v: box [%v, %v]", j+1, r, b.Low[j], b.High[j])
		}
	}
	if math.Abs(b.Low[0]-0.7) > 0.06 || math.Abs(b.High[1]-0.3) > 0.06 {
		t.Errorf("box x1 ≥ %.3f, x2 ≤ %.3f; want 0.7 and 0.3 within 0.06", b.Low[0], b.High[1])
	}
	// The trajectory's coverage never rises while peeling.
	for i := 1; i < len(res.Trajectory); i++ {
		if p, c := res.Trajectory[i-1], res.Trajectory[i]; !c.Pasted && c.Coverage > p.Coverage {
			t.Errorf("box %d coverage %.3f above box %d's %.3f", i, c.Coverage, i-1, p.Coverage)
		}
	}
}

func TestPrimNoCases(t *testing.T) {
	if _, err := Prim([][]float64{{1}, {2}}, []bool{false, false}, PrimOptions{}); err == nil {
		t.Error("PRIM with no case of interest accepted")
	}
}

func BenchmarkSobolIndices(b *testing.B) {
	// 2^17 samples of 6 factors: 2^17·8 = 1,048,576 rows.
	const n, d = 1 << 17, 6
	rng := rand.New(rand.NewPCG(1, 1))
	m := &Matrix{D: d, Vals: make([]float64, n*(d+2))}
	for i := range m.Vals {
		m.Vals[i] = rng.NormFloat64()
	}
	b.ResetTimer()
	for b.Loop() {
		Sobol(m, Options{Seed: 1, Resamples: 1000})
	}
}
