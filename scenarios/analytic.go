package scenarios

// This file holds the analytic test models of the sensitivity analysis:
// functions whose Sobol' indices are known exactly, bundled so that users
// can check the estimators themselves (docs/sensitivity.md).

import "fmt"

// Analytic test model names (the scenario's model key).
const (
	ModelIshigami = "ishigami"
	ModelSobolG   = "sobol-g"
)

// Ishigami is the Ishigami–Homma function y = sin x1 + a·sin² x2 +
// b·x3⁴·sin x1 with inputs in [−π, π].
type Ishigami struct {
	A  float64 `toml:"a" range:"-1e6,1e6" doc:"a, weight of sin² x2 (7 in the classic test)"`
	B  float64 `toml:"b" range:"-1e6,1e6" doc:"b, weight of x3⁴·sin x1 (0.1 in the classic test)"`
	X1 float64 `toml:"x1" range:"-3.141592653589793,3.141592653589793" doc:"input x1 in [−π, π]"`
	X2 float64 `toml:"x2" range:"-3.141592653589793,3.141592653589793" doc:"input x2 in [−π, π]"`
	X3 float64 `toml:"x3" range:"-3.141592653589793,3.141592653589793" doc:"input x3 in [−π, π]"`
}

// SobolG is Sobol's G function y = ∏_i (|4x_i − 2| + a_i)/(1 + a_i) over
// eight inputs in [0, 1]. An input left at 0.25 contributes the factor 1,
// so a G function of fewer inputs is the one whose other inputs are not
// varied.
type SobolG struct {
	A1 float64 `toml:"a1" range:"0,1e9" doc:"a_1 (small: x1 matters)"`
	A2 float64 `toml:"a2" range:"0,1e9" doc:"a_2"`
	A3 float64 `toml:"a3" range:"0,1e9" doc:"a_3"`
	A4 float64 `toml:"a4" range:"0,1e9" doc:"a_4"`
	A5 float64 `toml:"a5" range:"0,1e9" doc:"a_5"`
	A6 float64 `toml:"a6" range:"0,1e9" doc:"a_6"`
	A7 float64 `toml:"a7" range:"0,1e9" doc:"a_7"`
	A8 float64 `toml:"a8" range:"0,1e9" doc:"a_8"`
	X1 float64 `toml:"x1" range:"0,1" doc:"input x1"`
	X2 float64 `toml:"x2" range:"0,1" doc:"input x2"`
	X3 float64 `toml:"x3" range:"0,1" doc:"input x3"`
	X4 float64 `toml:"x4" range:"0,1" doc:"input x4"`
	X5 float64 `toml:"x5" range:"0,1" doc:"input x5"`
	X6 float64 `toml:"x6" range:"0,1" doc:"input x6"`
	X7 float64 `toml:"x7" range:"0,1" doc:"input x7"`
	X8 float64 `toml:"x8" range:"0,1" doc:"input x8"`
}

// As and Xs return the G function's constants and inputs.
func (g *SobolG) As() []float64 {
	return []float64{g.A1, g.A2, g.A3, g.A4, g.A5, g.A6, g.A7, g.A8}
}

// Xs returns the G function's inputs.
func (g *SobolG) Xs() []float64 {
	return []float64{g.X1, g.X2, g.X3, g.X4, g.X5, g.X6, g.X7, g.X8}
}

func defaultIshigami() Ishigami { return Ishigami{A: 7, B: 0.1} }

func defaultSobolG() SobolG {
	return SobolG{A1: 0, A2: 1, A3: 4.5, A4: 9, A5: 99, A6: 99, A7: 99, A8: 99,
		X1: 0.25, X2: 0.25, X3: 0.25, X4: 0.25, X5: 0.25, X6: 0.25, X7: 0.25, X8: 0.25}
}

func init() {
	RegisterModel(ModelIshigami, validateAnalytic)
	RegisterModel(ModelSobolG, validateAnalytic)
}

// validateAnalytic rejects nations and superpowers; the ranges of the
// inputs and constants are checked by Validate from their tags.
func validateAnalytic(s *Scenario) []KeyError {
	var errs keyErrors
	checkNoNations(s, &errs)
	if len(errs) > 0 {
		for i := range errs {
			errs[i].Msg = fmt.Sprintf("%s (an analytic test function has only its inputs x1, x2, … and constants)", errs[i].Msg)
		}
	}
	return errs
}
