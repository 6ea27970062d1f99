package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/minilateral/minilateral/results/plot"
	"github.com/minilateral/minilateral/sensitivity/study"
)

// This file connects the sensitivity and discover commands to their
// figures (sensitivity.go and discover.go declare the hooks).
func init() {
	plotSensitivity = func(rep *study.Report, stdout io.Writer) error {
		var files []string
		for _, o := range rep.Outcomes {
			var f plot.Figure
			var name string
			if s := o.Sobol; s != nil {
				ser := []plot.IndexSeries{{Name: "S1 (first order)"}, {Name: "ST (total)"}}
				for j := range rep.Names {
					ser[0].Est, ser[0].Low, ser[0].High = append(ser[0].Est, s.S1[j].Est), append(ser[0].Low, s.S1[j].Low), append(ser[0].High, s.S1[j].High)
					ser[1].Est, ser[1].Low, ser[1].High = append(ser[1].Est, s.ST[j].Est), append(ser[1].Low, s.ST[j].Low), append(ser[1].High, s.ST[j].High)
				}
				f = plot.IndexBars(fmt.Sprintf("Sobol' indices of %s (N = %d, 95%% bootstrap intervals)", o.Outcome, s.N), "index", rep.Names, ser)
				name = "sobol_" + o.Outcome
			} else {
				m := o.Morris
				var lo, hi, est []float64
				for j := range rep.Names {
					est, lo, hi = append(est, m.MuStar[j].Est), append(lo, m.MuStar[j].Low), append(hi, m.MuStar[j].High)
				}
				bars := plot.IndexBars(fmt.Sprintf("Morris μ* of %s (r = %d, 95%% bootstrap intervals)", o.Outcome, m.R), "μ*", rep.Names,
					[]plot.IndexSeries{{Name: "μ*", Est: est, Low: lo, High: hi}})
				fs, err := bars.Write(rep.Dir, "morris_mustar_"+o.Outcome, nil, 0)
				if err != nil {
					return err
				}
				files = append(files, fs...)
				f = plot.MorrisPlane(fmt.Sprintf("Morris screening of %s (r = %d)", o.Outcome, m.R), rep.Names, est, lo, hi, m.Sigma)
				name = "morris_" + o.Outcome
			}
			fs, err := f.Write(rep.Dir, name, nil, 0)
			if err != nil {
				return err
			}
			files = append(files, fs...)
		}
		fmt.Fprintf(stdout, "figures: %s\n", strings.Join(files, " "))
		return nil
	}
	plotDiscovery = func(d *study.Discovery, out string, stdout io.Writer) error {
		var cov, dens []float64
		for _, b := range d.Prim.Trajectory {
			cov, dens = append(cov, b.Coverage), append(dens, b.Density)
		}
		f := plot.PrimTrajectory(fmt.Sprintf("PRIM: %s %s", d.Outcome, d.Where), cov, dens, d.Prim.Chosen)
		files, err := f.Write(out, "prim_trajectory", nil, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "figures: %s\n", strings.Join(files, " "))
		return nil
	}
}
