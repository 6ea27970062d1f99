package plot

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/results"
)

// synth describes a synthetic sweep directory for tests.
type synth struct {
	params   []string    // swept keys
	values   [][]float64 // values of each parameter
	reps     int
	nations  []string
	rounds   int
	recorded int                        // points with series (the first ones)
	mean     func(vs []float64) float64 // mean_bloc_size at a point
	skip     func(vs []float64) bool    // point absent from points.csv
	fail     func(vs []float64) bool    // every run at the point errs
	manifest bool                       // write manifest.json
	design   string                     // manifest's design
	noQuant  bool                       // points.csv without quantile columns (older sweeps)
}

func defaultSynth() synth {
	return synth{
		params:   []string{"superpowers.US.export_controls", "bloc.threat_credibility"},
		values:   [][]float64{{0, 0.25, 0.5, 0.75, 1}, {0, 0.5, 0.8, 1}},
		reps:     3,
		nations:  []string{"BR", "DE", "FR", "IN", "JP", "KR"},
		rounds:   30,
		recorded: 3,
		mean:     func(vs []float64) float64 { return 6 * vs[0] * vs[1] },
		manifest: true,
	}
}

func fmtF(v float64) string { return string(results.AppendFloat(nil, v)) }

// points enumerates the grid, the first parameter varying slowest.
func (s synth) points() [][]float64 {
	out := [][]float64{{}}
	for _, vals := range s.values {
		var next [][]float64
		for _, p := range out {
			for _, v := range vals {
				next = append(next, append(append([]float64{}, p...), v))
			}
		}
		out = next
	}
	return out
}

func (s synth) write(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	outcomes := []string{"final_bloc_size", "mean_bloc_size", "mean_terms"}
	var pts, runs, sr, sn strings.Builder
	pts.WriteString("point," + strings.Join(s.params, ",") + ",n")
	for _, o := range outcomes {
		fmt.Fprintf(&pts, ",%s_mean,%s_sd,%s_ci_low,%s_ci_high", o, o, o, o)
		if !s.noQuant {
			fmt.Fprintf(&pts, ",%s_p10,%s_median,%s_p90", o, o, o)
		}
	}
	if !s.noQuant {
		for k := 1; k <= len(s.nations); k++ {
			fmt.Fprintf(&pts, ",p_final_bloc_ge_%d,p_final_bloc_ge_%d_low,p_final_bloc_ge_%d_high", k, k, k)
		}
	}
	pts.WriteString("\n")
	runs.WriteString("run,point,replicate,seed," + strings.Join(s.params, ",") + ",status,error,rounds,final_bloc_size,mean_bloc_size,mean_terms\n")
	rh := strings.Join(results.RoundsHeader([]string{"CN", "US"}), ",")
	sr.WriteString("run,point,replicate," + rh + "\n")
	sn.WriteString("run,point,replicate," + strings.Join(results.NationsHeader, ",") + "\n")
	run := 0
	empty := ",,,,,,,"
	if s.noQuant {
		empty = ",,,,"
	}
	for pi, vs := range s.points() {
		if s.skip != nil && s.skip(vs) {
			run += s.reps
			continue
		}
		pv := make([]string, len(vs))
		for i, v := range vs {
			pv[i] = fmtF(v)
		}
		mu := s.mean(vs)
		var sizes []float64
		for r := range s.reps {
			if s.fail != nil && s.fail(vs) {
				fmt.Fprintf(&runs, "%d,%d,%d,%d,%s,error,\"engine: boom, at round 3\",,,,\n", run, pi, r, 1000+run, strings.Join(pv, ","))
				run++
				continue
			}
			size := math.Round(math.Max(0, math.Min(float64(len(s.nations)), mu+rng.NormFloat64())))
			sizes = append(sizes, size)
			fmt.Fprintf(&runs, "%d,%d,%d,%d,%s,ok,,%d,%s,%s,%s\n", run, pi, r, 1000+run, strings.Join(pv, ","), s.rounds, fmtF(size), fmtF(mu+0.1*float64(r)), fmtF(0.01*mu))
			if pi < s.recorded {
				for round := 0; round <= s.rounds; round++ {
					b := math.Min(size, float64(round)/3)
					cells := make([]string, len(results.RoundsHeader([]string{"CN", "US"})))
					for i := range cells {
						cells[i] = "0"
					}
					h := results.RoundsHeader([]string{"CN", "US"})
					for i, name := range h {
						switch name {
						case "round":
							cells[i] = strconv.Itoa(round)
						case "year":
							cells[i] = fmtF(float64(round) / 4)
						case "bloc_size":
							cells[i] = fmtF(b)
						case "members":
							cells[i] = ""
						case "divergence_usable":
							cells[i] = fmtF(2 + math.Exp(-float64(round)/10)*(1+float64(pi)) + 0.05*float64(r))
						case "terms_total":
							cells[i] = fmtF(0.01 * b * (1 + 0.1*float64(r)))
						}
					}
					fmt.Fprintf(&sr, "%d,%d,%d,%s\n", run, pi, r, strings.Join(cells, ","))
					for ni, n := range s.nations {
						act := "alone"
						switch {
						case float64(ni) < b:
							act = "bloc"
						case ni%2 == 0 && round > 2:
							act = "deal-US"
						case round > 5:
							act = "deal-CN"
						}
						fmt.Fprintf(&sn, "%d,%d,%d,%d,%s,%s,%s,%s,%s,0,%s,0,0.1,0.2,0.5,0,0.1,0,0,0\n", run, pi, r, round, n, act, fmtF(0.1*float64(ni+1)), fmtF(1+0.2*float64(ni)+boolF(act == "bloc")), fmtF(1+0.1*float64(ni)+0.5*boolF(act == "bloc")), fmtF(0.1*float64(ni+1)))
					}
				}
			}
			run++
		}
		fmt.Fprintf(&pts, "%d,%s,%d", pi, strings.Join(pv, ","), len(sizes))
		for oi := range outcomes {
			if len(sizes) == 0 {
				pts.WriteString(empty)
				continue
			}
			m := mu + 0.1*float64(oi)
			if oi == 0 {
				m = 0
				for _, x := range sizes {
					m += x
				}
				m /= float64(len(sizes))
			}
			if math.IsNaN(m) {
				pts.WriteString(empty)
				continue
			}
			fmt.Fprintf(&pts, ",%s,0.5,%s,%s", fmtF(m), fmtF(m-0.4), fmtF(m+0.4))
			if !s.noQuant {
				fmt.Fprintf(&pts, ",%s,%s,%s", fmtF(m-1.2), fmtF(m), fmtF(m+1.1))
			}
		}
		for k := 1; k <= len(s.nations) && !s.noQuant; k++ {
			if len(sizes) == 0 {
				pts.WriteString(",,,")
				continue
			}
			hit := 0
			for _, x := range sizes {
				if x >= float64(k) {
					hit++
				}
			}
			lo, hi := results.Wilson(hit, len(sizes))
			fmt.Fprintf(&pts, ",%s,%s,%s", fmtF(float64(hit)/float64(len(sizes))), fmtF(lo), fmtF(hi))
		}
		pts.WriteString("\n")
	}
	files := map[string]string{"points.csv": pts.String(), "runs.csv": runs.String()}
	if s.recorded > 0 {
		files["series_rounds.csv"] = sr.String()
		files["series_nations.csv"] = sn.String()
	}
	if s.manifest {
		vals := map[string][]float64{}
		for i, p := range s.params {
			vals[p] = s.values[i]
		}
		m := map[string]any{"command": "sweep", "scenario": "synthetic", "extra": map[string]any{"parameters": s.params, "values": vals, "design": s.design}}
		b, _ := json.MarshalIndent(m, "", "  ")
		files["manifest.json"] = string(b) + "\n"
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func boolF(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// writeRun writes a synthetic single-run directory.
func writeRun(tb testing.TB, dir string, nations []string, rounds int) {
	tb.Helper()
	s := synth{params: nil, values: nil, reps: 1, nations: nations, rounds: rounds, recorded: 1, mean: func([]float64) float64 { return 3 }}
	tmp := tb.TempDir()
	s.write(tb, tmp)
	// Strip the run, point and replicate columns from the series tables.
	for src, dst := range map[string]string{"series_rounds.csv": "rounds.csv", "series_nations.csv": "nations.csv"} {
		b, err := os.ReadFile(filepath.Join(tmp, src))
		if err != nil {
			tb.Fatal(err)
		}
		var out strings.Builder
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if line == "" {
				continue
			}
			parts := strings.SplitN(line, ",", 4)
			out.WriteString(parts[3])
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), []byte(out.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"command": "run"}`+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestLook(t *testing.T) {
	if os.Getenv("PLOT_LOOK") == "" {
		t.Skip("set PLOT_LOOK=DIR to write sample figures there")
	}
	dir := os.Getenv("PLOT_LOOK")
	s := defaultSynth()
	s.values[1] = []float64{0, 0.2, 0.3, 0.8, 1}
	s.skip = func(vs []float64) bool { return vs[0] == 0.25 && vs[1] == 0.8 }
	s.fail = func(vs []float64) bool { return vs[0] == 0.5 && vs[1] == 0.3 }
	s.write(t, filepath.Join(dir, "sweep"))
	files, err := Dir(filepath.Join(dir, "sweep"), Options{Formats: []string{"png"}})
	if err != nil {
		t.Fatal(err)
	}
	writeRun(t, filepath.Join(dir, "run"), []string{"BR", "DE", "FR", "IN", "JP", "KR"}, 40)
	f2, err := Dir(filepath.Join(dir, "run"), Options{Formats: []string{"png"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(files, f2)
	vals := make([]float64, 101)
	for i := range vals {
		vals[i] = float64(i) / 100
	}
	big := defaultSynth()
	big.values = [][]float64{vals, vals}
	big.reps, big.recorded = 2, 0
	big.write(t, filepath.Join(dir, "big"))
	if _, err := Dir(filepath.Join(dir, "big"), Options{Formats: []string{"png", "svg"}}); err != nil {
		t.Fatal(err)
	}
}
