package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/palette"
)

// viridisStops are matplotlib's viridis at 0, 0.1, …, 1.
var viridisStops = [...]color.NRGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x24, 0x75, 0xff}, {0x41, 0x44, 0x87, 0xff},
	{0x35, 0x5f, 0x8d, 0xff}, {0x2a, 0x78, 0x8e, 0xff}, {0x21, 0x91, 0x8c, 0xff},
	{0x22, 0xa8, 0x84, 0xff}, {0x44, 0xbf, 0x70, 0xff}, {0x7a, 0xd1, 0x51, 0xff},
	{0xbd, 0xdf, 0x26, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
}

// viridisAt returns the viridis colour at t in [0, 1] (clamped).
func viridisAt(t float64) color.NRGBA {
	if !(t > 0) {
		return viridisStops[0]
	}
	if t >= 1 {
		return viridisStops[len(viridisStops)-1]
	}
	f := t * float64(len(viridisStops)-1)
	i := int(f)
	u := f - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// viridis is a palette.ColorMap over [min, max].
type viridis struct {
	min, max, alpha float64
}

var _ palette.ColorMap = (*viridis)(nil)

func newViridis(min, max float64) *viridis { return &viridis{min: min, max: max, alpha: 1} }

func (v *viridis) At(x float64) (color.Color, error) {
	switch {
	case math.IsNaN(x):
		return nil, palette.ErrNaN
	case x < v.min:
		return nil, palette.ErrUnderflow
	case x > v.max:
		return nil, palette.ErrOverflow
	}
	t := 0.0
	if v.max > v.min {
		t = (x - v.min) / (v.max - v.min)
	}
	c := viridisAt(t)
	c.A = uint8(math.Round(255 * v.alpha))
	return c, nil
}
func (v *viridis) Max() float64       { return v.max }
func (v *viridis) SetMax(x float64)   { v.max = x }
func (v *viridis) Min() float64       { return v.min }
func (v *viridis) SetMin(x float64)   { v.min = x }
func (v *viridis) Alpha() float64     { return v.alpha }
func (v *viridis) SetAlpha(a float64) { v.alpha = a }
func (v *viridis) Palette(n int) palette.Palette {
	cs := make([]color.Color, n)
	for i := range cs {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		cs[i] = viridisAt(t)
	}
	return palette.Palette(paletteColors(cs))
}

type paletteColors []color.Color

func (p paletteColors) Colors() []color.Color { return p }

// Okabe–Ito colours, safe for the common forms of colour blindness.
var (
	okBlack     = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	okOrange    = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	okSky       = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	okGreen     = color.NRGBA{0x00, 0x9e, 0x73, 0xff}
	okYellow    = color.NRGBA{0xf0, 0xe4, 0x42, 0xff}
	okBlue      = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	okVermilion = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	okPurple    = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}

	noDataFill  = color.NRGBA{0xe0, 0xe0, 0xe0, 0xff}
	noDataHatch = color.NRGBA{0x80, 0x80, 0x80, 0xff}
	aloneGrey   = color.NRGBA{0xc8, 0xc8, 0xc8, 0xff}
)

// seriesColour returns the colour of the i-th of n ordered series
// (parameter values): viridis, stopping short of its pale yellow end.
func seriesColour(i, n int) color.NRGBA {
	if n <= 1 {
		return viridisAt(0.25)
	}
	return viridisAt(0.85 * float64(i) / float64(n-1))
}

// actionColour returns the colour of a nation's action in the membership
// raster: the bloc green, a deal with the US blue, with China vermilion,
// staying alone grey; other deals take the remaining Okabe–Ito colours.
func actionColour(action string, other int) color.NRGBA {
	switch action {
	case "bloc":
		return okGreen
	case "deal-US":
		return okBlue
	case "deal-CN":
		return okVermilion
	case "alone":
		return aloneGrey
	}
	rest := []color.NRGBA{okOrange, okPurple, okSky, okYellow, okBlack}
	return rest[other%len(rest)]
}

// actionLabel is an action's name in legends.
func actionLabel(a string) string {
	switch a {
	case "bloc":
		return "in the bloc"
	case "alone":
		return "alone"
	case "deal-CN":
		return "deal with China"
	}
	if s, ok := strings.CutPrefix(a, "deal-"); ok {
		return "deal with " + s
	}
	return a
}

// paramLabels names the parameters most often swept, with symbol and unit.
var paramLabels = map[string]string{
	"bloc.threat_credibility":   "threat credibility ceiling c (probability)",
	"bloc.pooling_share":        "pooling share κ (share of endowment)",
	"bloc.non_rivalry":          "non-rivalry of the pooled stack ν (0–1)",
	"bloc.contribution":         "contribution cost c₀ (per member per round)",
	"bloc.coordination":         "coordination cost χ (per member pair per round)",
	"bloc.bargaining_power":     "bloc bargaining power β (0–1)",
	"bloc.threat_threshold":     "threat threshold θ (K_B / F)",
	"bloc.threat_steepness":     "threat steepness k",
	"bloc.exclusion_rounds":     "exclusion after leaving P (rounds)",
	"bloc.standards_leverage":   "standards leverage ς",
	"world.control_bite":        "bite of export controls ξ (share of compute)",
	"world.open_weight":         "open-weight level o (share of frontier)",
	"world.import_value":        "value of imported capability ω (0–1)",
	"world.partner_feed":        "partner feed φ (share of endowment)",
	"world.depreciation":        "depreciation d (per round)",
	"world.scale":               "returns to scale γ",
	"world.rho":                 "CES exponent ρ",
	"decisions.revision":        "revision probability q (per round)",
	"decisions.lambda":          "logit rationality λ",
	"decisions.experimentation": "experimentation ε (probability)",
}

// superpowerFields names the per-superpower parameters.
var superpowerFields = map[string]string{
	"export_controls":   "export controls x (stringency, 0–1)",
	"model_restriction": "model restriction a (0–1)",
	"ally_waiver":       "ally waiver (share waived)",
	"deal_waiver":       "deal waiver (share waived)",
	"deal_transfer":     "deal transfer (per round)",
	"budget":            "divide-and-rule budget (per round)",
	"market":            "market share m (share of world GDP)",
	"adapt_step":        "adaptation step (per round)",
}

// paramLabel returns an axis label for a dotted parameter key: a name, a
// symbol and the unit, with the key itself for unknown parameters.
func paramLabel(key string) string {
	if l, ok := paramLabels[key]; ok {
		return capitalise(l)
	}
	parts := strings.Split(key, ".")
	if len(parts) == 3 && parts[0] == "superpowers" {
		if l, ok := superpowerFields[parts[2]]; ok {
			return parts[1] + " " + l
		}
	}
	return key
}

// shortParam is a compact parameter name for legends and titles.
func shortParam(key string) string {
	l := paramLabel(key)
	if i := strings.Index(l, " ("); i > 0 {
		return l[:i]
	}
	return l
}

// outcomeLabels names the sweep outcomes and the rounds.csv columns.
var outcomeLabels = map[string]string{
	"rounds":                  "rounds played",
	"final_bloc_size":         "bloc size at the end (members)",
	"mean_bloc_size":          "mean bloc size, last W rounds (members)",
	"settle_round":            "settling round",
	"credible_rounds":         "rounds with a credible threat",
	"max_threat":              "highest threat credibility (probability)",
	"mean_terms":              "terms extracted (per round)",
	"final_divergence_own":    "divergence at the end (frontier / mean own stack)",
	"final_divergence_usable": "divergence at the end (frontier / mean usable)",
	"final_theil":             "Theil index of capability at the end",
	"mean_welfare":            "middle-power welfare (per round)",
	"final_welfare":           "middle-power welfare at the end",
	"final_bloc_capability":   "bloc capability K_B at the end",
	"bloc_size":               "bloc size (members)",
	"bloc_capability":         "bloc capability K_B",
	"threat_max":              "threat credibility (probability)",
	"terms_total":             "terms extracted (per round)",
	"divergence_own":          "divergence (frontier / mean own stack)",
	"divergence_usable":       "divergence (frontier / mean usable)",
	"theil":                   "Theil index of capability",
	"welfare":                 "middle-power welfare",
	"churn":                   "nations changing action (per round)",
	"open_weight":             "open-weight capability",
}

// outcomeLabel returns an axis label for an outcome or rounds.csv column.
func outcomeLabel(o string) string {
	if l, ok := outcomeLabels[o]; ok {
		return capitalise(l)
	}
	for _, p := range []struct{ prefix, label string }{
		{"final_controls_", "%s export controls at the end"},
		{"final_utility_", "%s utility at the end"},
		{"threat_", "threat credibility against %s"},
		{"controls_", "%s export controls"},
		{"utility_", "%s utility"},
		{"terms_", "terms extracted from %s"},
		{"frontier_", "%s frontier capability"},
		{"offers_", "%s divide-and-rule offers"},
	} {
		if s, ok := strings.CutPrefix(o, p.prefix); ok {
			return capitalise(fmt.Sprintf(p.label, s))
		}
	}
	return o
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fmtVal formats a parameter value compactly.
func fmtVal(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
