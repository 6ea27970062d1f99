package results

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestAgainstR checks Quantile7 and Wilson against values computed by R
// 4.2.2: quantile(x, c(.1, .5, .9)) (type 7) on 300 samples, bit for bit,
// and prop.test(x, n, correct = FALSE)'s interval on 510 (x, n), to
// 1e-15 (R solves the score equation in another algebraic form).
// testdata/r_reference.R regenerates testdata/r_reference.csv.
func TestAgainstR(t *testing.T) {
	f, err := os.Open("testdata/r_reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var nq, nw int
	for i, r := range rows[1:] {
		switch r[0] {
		case "q":
			var x []float64
			for _, s := range strings.Split(r[1], ";") {
				x = append(x, num(s))
			}
			for j, p := range []float64{0.1, 0.5, 0.9} {
				if got, want := Quantile7(p, x), num(r[2+j]); got != want {
					t.Errorf("line %d: Quantile7(%v, %v) = %v, R gives %v", i+2, p, x, got, want)
				}
			}
			nq++
		case "w":
			x, n := int(num(r[1])), int(num(r[2]))
			low, high := Wilson(x, n)
			if math.Abs(low-num(r[3])) > 1e-15 || math.Abs(high-num(r[4])) > 1e-15 {
				t.Errorf("line %d: Wilson(%d, %d) = [%v, %v], R gives [%s, %s]", i+2, x, n, low, high, r[3], r[4])
			}
			nw++
		}
	}
	if nq != 300 || nw != 510 {
		t.Errorf("read %d quantile and %d Wilson rows, want 300 and 510", nq, nw)
	}
}
