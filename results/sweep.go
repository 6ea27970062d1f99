package results

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/sim"
)

// Sweep tables:
//
//	runs.csv            one row per run: design columns, parameters, outcomes
//	points.csv          one row per parameter point: mean, sd, 95% CI and quantiles of every
//	                    outcome, P(final bloc ≥ k) with Wilson bounds (points.go)
//	series_rounds.csv   rounds.csv rows of the recorded points' runs
//	series_nations.csv  nations.csv rows of the recorded points' runs
//
// docs/outputs.md documents every column.

// OutcomeColumns returns the names of the numeric per-run outcomes, in
// runs.csv order, for superpowers sids (sorted).
func OutcomeColumns(sids []string) []string {
	c := []string{"rounds", "final_bloc_size", "mean_bloc_size", "settle_round", "credible_rounds",
		"max_threat", "mean_terms", "final_divergence_own", "final_divergence_usable", "final_theil",
		"mean_welfare", "final_welfare", "final_bloc_capability"}
	for _, s := range sids {
		c = append(c, "final_controls_"+s)
	}
	for _, s := range sids {
		c = append(c, "final_utility_"+s)
	}
	return c
}

// RunsHeader returns the runs.csv columns for swept parameters keys (in
// sweep order) and superpowers sids (sorted).
func RunsHeader(keys, sids []string) []string {
	h := []string{"run", "point", "replicate", "seed"}
	h = append(h, keys...)
	h = append(h, "status", "error")
	return append(h, OutcomeColumns(sids)...)
}

// SeriesRoundsHeader and SeriesNationsHeader are the series tables'
// columns: run, point, replicate, then those of rounds.csv / nations.csv.
func SeriesRoundsHeader(sids []string) []string {
	return append([]string{"run", "point", "replicate"}, RoundsHeader(sids)...)
}

// SeriesNationsHeader is the series_nations.csv header.
func SeriesNationsHeader() []string {
	return append([]string{"run", "point", "replicate"}, NationsHeader...)
}

// HeaderLine joins columns into a CSV header line (with its newline).
// Column names needing quotes (a comma or quote in a key) are quoted.
func HeaderLine(cols []string) []byte {
	var b []byte
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCell(b, c)
	}
	return append(b, '\n')
}

func appendCell(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	return appendQuoted(b, s)
}

func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// RunRow is one row of runs.csv.
type RunRow struct {
	Run, Point, Replicate int
	Seed                  uint64
	Params                []float64    // values of the swept parameters, in sweep order
	Err                   string       // empty when the run succeeded
	Out                   *sim.Outcome // nil when the run failed before finishing
}

// AppendRunRow appends r as a runs.csv row (with its newline). A failed
// run's outcome cells are empty; its error message is quoted and put on
// one line. S is the number of superpowers.
func AppendRunRow(b []byte, r *RunRow, S int) []byte {
	b = appendRunStart(b, r.Run, r.Point, r.Replicate, r.Seed, r.Params)
	n := len(OutcomeColumns(nil)) + 2*S
	if r.Err != "" || r.Out == nil {
		msg := r.Err
		if msg == "" {
			msg = "no outcome"
		}
		return appendRunError(b, msg, n)
	}
	o := r.Out
	b = append(b, "ok,,"...)
	b = strconv.AppendInt(b, int64(o.Rounds), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(o.FinalBlocSize), 10)
	b = append(b, ',')
	b = appendF(b, o.MeanBlocSize, ',')
	if o.SettleRound >= 0 {
		b = strconv.AppendInt(b, int64(o.SettleRound), 10)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(o.CredibleRounds), 10)
	b = append(b, ',')
	for _, v := range []float64{o.MaxThreat, o.MeanTerms, o.FinalDivOwn, o.FinalDivUsable, o.FinalTheil,
		o.MeanWelfare, o.FinalWelfare, o.FinalKB} {
		b = appendF(b, v, ',')
	}
	for _, v := range o.FinalControls {
		b = appendF(b, v, ',')
	}
	for _, v := range o.FinalUtility {
		b = appendF(b, v, ',')
	}
	b[len(b)-1] = '\n'
	return b
}

// CheckOutcome returns an error naming the first outcome that is NaN or
// infinite, so that such a run is recorded as failed.
func CheckOutcome(o *sim.Outcome, sids []string) error {
	vals := []float64{o.MeanBlocSize, o.MaxThreat, o.MeanTerms, o.FinalDivOwn, o.FinalDivUsable,
		o.FinalTheil, o.MeanWelfare, o.FinalWelfare, o.FinalKB}
	names := []string{"mean_bloc_size", "max_threat", "mean_terms", "final_divergence_own",
		"final_divergence_usable", "final_theil", "mean_welfare", "final_welfare", "final_bloc_capability"}
	for i, s := range sids {
		vals = append(vals, o.FinalControls[i], o.FinalUtility[i])
		names = append(names, "final_controls_"+s, "final_utility_"+s)
	}
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("outcome %s is %v", names[i], v)
		}
	}
	return nil
}

// SplitRow splits one CSV line (without its newline) into cells,
// unquoting quoted cells. It reads what AppendRunRow writes.
func SplitRow(line []byte) ([]string, error) {
	var cells []string
	for i := 0; ; {
		if i < len(line) && line[i] == '"' {
			var sb strings.Builder
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return nil, fmt.Errorf("results: unterminated quote in %q", line)
				}
				sb.Write(line[j : j+k])
				j += k + 1
				if j < len(line) && line[j] == '"' {
					sb.WriteByte('"')
					j++
					continue
				}
				break
			}
			cells = append(cells, sb.String())
			if j == len(line) {
				return cells, nil
			}
			if line[j] != ',' {
				return nil, fmt.Errorf("results: text after a closing quote in %q", line)
			}
			i = j + 1
			continue
		}
		k := bytes.IndexByte(line[i:], ',')
		if k < 0 {
			return append(cells, string(line[i:])), nil
		}
		cells = append(cells, string(line[i:i+k]))
		i += k + 1
	}
}

// appendRunStart appends the cells every runs.csv row starts with: run,
// point, replicate, seed and the swept values.
func appendRunStart(b []byte, run, point, rep int, seed uint64, params []float64) []byte {
	b = strconv.AppendInt(b, int64(run), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(point), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(rep), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, seed, 10)
	b = append(b, ',')
	for _, v := range params {
		b = appendF(b, v, ',')
	}
	return b
}

// appendRunError ends a failed run's row: its status, the message quoted
// on one line, and n empty outcome cells.
func appendRunError(b []byte, msg string, n int) []byte {
	b = append(b, "error,"...)
	b = appendQuoted(b, strings.Join(strings.Fields(msg), " "))
	for range n {
		b = append(b, ',')
	}
	return append(b, '\n')
}
