package results

// This file writes sweep tables whose outcome columns are given, for
// models other than ai-bloc (the analytic test functions of the
// sensitivity analysis) and for code that reads the columns from a
// header.

// RunsHeaderFor returns the runs.csv columns for swept parameters keys
// and outcome columns outs.
func RunsHeaderFor(keys, outs []string) []string {
	h := []string{"run", "point", "replicate", "seed"}
	h = append(h, keys...)
	h = append(h, "status", "error")
	return append(h, outs...)
}

// OutcomesOf returns the outcome columns of a runs.csv header: those
// after "error".
func OutcomesOf(header []string) []string {
	for i, c := range header {
		if c == "error" {
			return header[i+1:]
		}
	}
	return nil
}

// ValuesRow is a runs.csv row whose outcomes are plain numbers.
type ValuesRow struct {
	Run, Point, Replicate int
	Seed                  uint64
	Params                []float64
	Err                   string    // empty when the run succeeded
	Vals                  []float64 // one per outcome column; ignored when Err is set
}

// AppendValuesRow appends r as a runs.csv row (with its newline), no
// being the number of outcome columns.
func AppendValuesRow(b []byte, r *ValuesRow, no int) []byte {
	b = appendRunStart(b, r.Run, r.Point, r.Replicate, r.Seed, r.Params)
	if r.Err != "" {
		return appendRunError(b, r.Err, no)
	}
	b = append(b, "ok,"...)
	for _, v := range r.Vals {
		b = append(b, ',')
		b = AppendFloat(b, v)
	}
	return append(b, '\n')
}
