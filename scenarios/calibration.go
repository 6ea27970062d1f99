package scenarios

// Calibration of the default world's endowments from public figures.
//
// The raw figures live in data/calibration.csv (embedded below); Calibrate turns
// them into world shares, one per factor, for the two superpowers and the
// modelled middle powers. docs/calibration.md cites the original source of every
// figure, states every rule below in prose and tabulates the result.
//
// Rules, in one place (each is applied by the function named in brackets):
//
//   - talent [calibTalent]: MacroPolo share of top-tier AI researchers by
//     workplace. 2022 figures are used directly (US 0.42, CN 0.28). 2019 figures
//     (UK, Canada and the "Europe" aggregate) are carried to the 2022 basis by
//     the factor (1 − Σ2022)/(1 − Σ2019) over the nations that have both years
//     (US and CN: 0.30/0.30 = 1, so they carry over unchanged). A regional
//     aggregate is split among its modelled members (see Regional splits) by
//     researchers (all fields). Nations in no aggregate share the residual
//     1 − Σ(figures and aggregates) in the same way. A nation without a
//     researcher count gets one imputed from its R&D spending (GDP × R&D
//     intensity) at the lowest researchers-per-dollar ratio among middle powers.
//   - compute [calibCompute]: Epoch share of H100-equivalents in AI GPU clusters,
//     direct. Missing: GDP × the lowest share/GDP ratio among middle powers.
//   - capital [calibCapital]: AI Index private AI investment 2024 divided by the
//     AI Index world total for 2024 (WORLD row, US$150.8B). Missing 2024: the
//     2013–24 total × the lowest 2024/total ratio among middle powers with both;
//     else R&D spending × the lowest investment/R&D-spending ratio among middle
//     powers with a 2024 figure.
//   - hardware [calibHardware]: (1−λ)·fab + λ·litho with λ = calibLithoWeight.
//     fab is the SEMI fab-capacity share (direct, or a regional SEMI aggregate
//     split by R&D spending); a nation in no SEMI region, when SEMI's recorded
//     regions close at 100%, has none (the floor applies); otherwise R&D
//     spending × the lowest fab/R&D ratio among middle powers. litho is the
//     share of the lithography-equipment market (ASML, Netherlands), else 0.
//   - energy [calibEnergy]: low-carbon data-centre power. Data-centre GW (IEA;
//     regional aggregates split by GDP; missing: GDP × the lowest GW/GDP ratio
//     among middle powers with a figure) × low-carbon electricity share (OWID),
//     divided by the world total estimated as world GW × the GW-weighted mean
//     low-carbon share of the modelled nations (the rest of the world is assumed
//     to have that mean).
//   - market: GDP 2024 / world GDP 2024 (WDI, WORLD row, US$111.3T).
//
// Regional splits: a recorded aggregate (e.g. SEMI "Europe+Middle East 9%")
// gives its modelled members calibRegionCoverage (0.5) of its value, or all of
// it when the aggregate is exactly its members (members_exact, e.g. IEA
// "Japan+Korea"); members with their own figure keep it and the rest of that
// amount is split in proportion to the stated weight.
//
// Imputation: every missing figure is imputed from a proxy that every nation
// has, at the LOWEST figure-to-proxy ratio observed among the middle powers
// (kind "nation") that have the figure. Sources list the leaders, so a nation
// missing from one is usually small in it; the conservative ratio never makes an
// imputed nation look stronger per unit of proxy than every measured one.
// Superpowers are excluded from the reference sets (their intensities are
// extreme). Every value not read off a nation's own figure (regional split,
// residual pool, ratio imputation, floor) is flagged in Imputed.
//
// Floor: any share below calibFloor (0.0005) is raised to it and flagged, so no
// factor is zero (with complementary production a zero factor zeroes output).

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed data/calibration.csv
var calibCSV []byte

// CalibFactors is the factor order of every endowment array.
var CalibFactors = [5]string{"talent", "compute", "capital", "hardware", "energy"}

// Factor indices into CalibFactors.
const (
	calibTalentIdx = iota
	calibComputeIdx
	calibCapitalIdx
	calibHardwareIdx
	calibEnergyIdx
)

// Assumptions of the calibration (documented in docs/calibration.md).
const (
	// calibFloor is the smallest share any factor may have (no zero endowments).
	calibFloor = 0.0005
	// calibRegionCoverage is the fraction of a regional aggregate assumed to be
	// held by its modelled members when the aggregate also covers other
	// nations (e.g. FR+DE+NL within MacroPolo's "Europe").
	calibRegionCoverage = 0.5
	// calibLithoWeight is lithography's weight in the hardware factor: the
	// lithography-equipment market (US$24.4B in 2024) is about 4% of world
	// semiconductor sales (about US$630B in 2024, SIA).
	calibLithoWeight = 0.04
	// calibClosureTol: a source's recorded shares "close" when they sum to at
	// least 100 − calibClosureTol percent.
	calibClosureTol = 0.5
)

// Kinds of CSV rows.
const (
	CalibKindSuperpower = "superpower"
	CalibKindNation     = "nation"
	CalibKindRegion     = "region"
	CalibKindOther      = "other"
	CalibKindWorld      = "world"
)

// Figure columns used by Calibrate (other numeric columns are kept in
// CalibRaw.Figures but not used).
const (
	CalibColTalentWork2022 = "talent_work_2022_pct"
	CalibColTalentWork2019 = "talent_work_2019_pct"
	CalibColResearchers    = "researchers_k"
	CalibColAIInv2024      = "ai_inv_2024_usd_b"
	CalibColAIInvTotal     = "ai_inv_2013_24_usd_b"
	CalibColGPUShare       = "gpu_share_pct"
	CalibColDCGW           = "dc_gw_2024"
	CalibColFabShare       = "fab_share_pct"
	CalibColLithoShare     = "litho_share_pct"
	CalibColLowCarbon      = "lowcarbon_2022_pct"
	CalibColGDP            = "gdp_2024_usd_t"
	CalibColRD             = "rd_pct_gdp"
)

// Text (non-numeric) columns of the CSV.
const (
	calibColKind         = "kind"
	calibColID           = "id"
	calibColName         = "name"
	calibColMembers      = "members"
	calibColMembersExact = "members_exact"
	calibColNote         = "note"
)

// CalibratedNation is one actor's calibrated endowment.
type CalibratedNation struct {
	ID, Name   string
	Superpower bool       // true for US and CN (kind "superpower" in the CSV)
	Endowment  [5]float64 // world shares in [0,1], order CalibFactors
	Market     float64    // share of world GDP 2024, in [0,1]
	Imputed    [5]bool    // true where the factor value was imputed, not read off a figure
	Notes      [5]string  // one short phrase per factor: which figure/rule gave it
}

// CalibRaw is one row of the calibration CSV: a nation's, an aggregate's or the
// world's raw figures.
type CalibRaw struct {
	Kind         string   // CalibKindSuperpower, CalibKindNation, CalibKindRegion, CalibKindOther or CalibKindWorld
	ID           string   // ISO 3166-1 alpha-2 for nations; free upper-case label for regions and WORLD
	Name         string   // display name
	Members      []string // regions: IDs of the modelled nations the aggregate contains
	MembersExact bool     // regions: the aggregate is exactly Members (no other nation in it)
	// Figures maps a column name (e.g. CalibColGDP) to its value, in the
	// column's unit; a missing figure is absent from the map.
	Figures map[string]float64
	Note    string
	Line    int // 1-based line in the CSV (0 for rows built in code)
}

// Fig returns the figure in column col and whether it is present.
func (r CalibRaw) Fig(col string) (float64, bool) {
	v, ok := r.Figures[col]
	return v, ok
}

// LoadCalibRaw parses a calibration CSV: '#' comment lines, a header row, then
// one row per entity. Columns kind, id, name, members, members_exact and note are
// text (members space-separated; members_exact "1" or "0"/empty); every other
// column is a non-negative number or empty (missing).
func LoadCalibRaw(r io.Reader) ([]CalibRaw, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("scenarios: calibration CSV: no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("scenarios: calibration CSV: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		if h == "" {
			line, _ := cr.FieldPos(i)
			return nil, fmt.Errorf("scenarios: calibration CSV line %d, column %d: empty column name", line, i+1)
		}
		if _, dup := col[h]; dup {
			line, _ := cr.FieldPos(i)
			return nil, fmt.Errorf("scenarios: calibration CSV line %d, column %d: duplicate column %q", line, i+1, h)
		}
		col[h] = i
	}
	for _, need := range []string{calibColKind, calibColID} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("scenarios: calibration CSV: header lacks column %q", need)
		}
	}
	text := map[string]bool{calibColKind: true, calibColID: true, calibColName: true,
		calibColMembers: true, calibColMembersExact: true, calibColNote: true}

	var out []CalibRaw
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("scenarios: calibration CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		errAt := func(i int, format string, a ...any) error {
			l, _ := cr.FieldPos(i)
			return fmt.Errorf("scenarios: calibration CSV line %d, column %d (%s): %s",
				l, i+1, header[i], fmt.Sprintf(format, a...))
		}
		row := CalibRaw{Line: line, Figures: map[string]float64{}}
		for i, cell := range rec {
			cell = strings.TrimSpace(cell)
			name := header[i]
			switch {
			case name == calibColKind:
				switch cell {
				case CalibKindSuperpower, CalibKindNation, CalibKindRegion, CalibKindOther, CalibKindWorld:
				default:
					return nil, errAt(i, "unknown kind %q", cell)
				}
				row.Kind = cell
			case name == calibColID:
				if cell == "" {
					return nil, errAt(i, "empty id")
				}
				if prev, dup := seen[cell]; dup {
					return nil, errAt(i, "duplicate id %q (first on line %d)", cell, prev)
				}
				seen[cell] = line
				row.ID = cell
			case name == calibColName:
				row.Name = cell
			case name == calibColMembers:
				row.Members = strings.Fields(cell)
			case name == calibColMembersExact:
				switch cell {
				case "", "0":
				case "1":
					row.MembersExact = true
				default:
					return nil, errAt(i, "members_exact must be 0, 1 or empty, got %q", cell)
				}
			case name == calibColNote:
				row.Note = cell
			case text[name]:
			default:
				if cell == "" {
					continue
				}
				v, perr := strconv.ParseFloat(cell, 64)
				if perr != nil {
					return nil, errAt(i, "invalid number %q", cell)
				}
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					return nil, errAt(i, "figure %q must be finite and non-negative", cell)
				}
				row.Figures[name] = v
			}
		}
		if row.Name == "" {
			row.Name = row.ID
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, errors.New("scenarios: calibration CSV: no data rows")
	}
	return out, nil
}

// DefaultCalibration calibrates the default world from the embedded
// data/calibration.csv.
func DefaultCalibration() ([]CalibratedNation, error) {
	raw, err := LoadCalibRaw(bytes.NewReader(calibCSV))
	if err != nil {
		return nil, err
	}
	return Calibrate(raw)
}

// calibVal is one derived value with its provenance.
type calibVal struct {
	v       float64
	imputed bool
	note    string
}

// calibWorld holds the input partitioned and checked.
type calibWorld struct {
	nations []*CalibRaw // superpowers and middle powers, sorted by ID
	regions []*CalibRaw // sorted by ID
	others  []*CalibRaw // sorted by ID
	world   *CalibRaw
	byID    map[string]*CalibRaw
	rdSpend map[string]float64 // US$B: GDP × R&D intensity
}

func (w *calibWorld) middle(n *CalibRaw) bool { return n.Kind == CalibKindNation }

// Calibrate turns raw figures into endowments (see the rules at the top of
// this file). The input must contain exactly one world row (with GDP, data-centre
// GW and private AI investment) and, for every superpower and nation, GDP, R&D
// intensity and the low-carbon electricity share. The output holds the
// superpowers and nations, sorted by ID; it is a pure function of the input.
func Calibrate(raw []CalibRaw) ([]CalibratedNation, error) {
	w, err := calibPartition(raw)
	if err != nil {
		return nil, err
	}
	var res [5]map[string]calibVal
	steps := [5]func(*calibWorld) (map[string]calibVal, error){
		calibTalent, calibCompute, calibCapital, calibHardware, calibEnergy,
	}
	for f, step := range steps {
		if res[f], err = step(w); err != nil {
			return nil, err
		}
	}
	worldGDP := w.world.Figures[CalibColGDP]
	out := make([]CalibratedNation, 0, len(w.nations))
	var sums [5]float64
	var marketSum float64
	for _, n := range w.nations {
		cn := CalibratedNation{ID: n.ID, Name: n.Name, Superpower: n.Kind == CalibKindSuperpower}
		for f := range CalibFactors {
			v := res[f][n.ID]
			if v.v < calibFloor {
				v.note += fmt.Sprintf("; floor %.4f", calibFloor)
				v.v = calibFloor
				v.imputed = true
			}
			if v.v > 1 || math.IsNaN(v.v) {
				return nil, fmt.Errorf("scenarios: calibrate: %s %s share %v outside [0,1]", n.ID, CalibFactors[f], v.v)
			}
			cn.Endowment[f], cn.Imputed[f], cn.Notes[f] = v.v, v.imputed, v.note
			sums[f] += v.v
		}
		cn.Market = n.Figures[CalibColGDP] / worldGDP
		if cn.Market > 1 {
			return nil, fmt.Errorf("scenarios: calibrate: %s GDP exceeds world GDP", n.ID)
		}
		marketSum += cn.Market
		out = append(out, cn)
	}
	for f, s := range sums {
		if s > 1+1e-9 {
			return nil, fmt.Errorf("scenarios: calibrate: %s shares sum to %.4f > 1", CalibFactors[f], s)
		}
	}
	if marketSum > 1+1e-9 {
		return nil, fmt.Errorf("scenarios: calibrate: GDP shares sum to %.4f > 1", marketSum)
	}
	return out, nil
}

// calibPartition checks the rows and sorts them by kind and ID.
func calibPartition(raw []CalibRaw) (*calibWorld, error) {
	w := &calibWorld{byID: map[string]*CalibRaw{}, rdSpend: map[string]float64{}}
	for i := range raw {
		r := &raw[i]
		where := func() string {
			if r.Line > 0 {
				return fmt.Sprintf("%q (line %d)", r.ID, r.Line)
			}
			return fmt.Sprintf("%q", r.ID)
		}
		if r.ID == "" {
			return nil, fmt.Errorf("scenarios: calibrate: row %d has no id", i+1)
		}
		if _, dup := w.byID[r.ID]; dup {
			return nil, fmt.Errorf("scenarios: calibrate: duplicate id %s", where())
		}
		w.byID[r.ID] = r
		switch r.Kind {
		case CalibKindSuperpower, CalibKindNation:
			if !calibISO2(r.ID) {
				return nil, fmt.Errorf("scenarios: calibrate: nation id %s is not an ISO 3166-1 alpha-2 code", where())
			}
			for _, c := range []string{CalibColGDP, CalibColRD, CalibColLowCarbon} {
				if _, ok := r.Fig(c); !ok {
					return nil, fmt.Errorf("scenarios: calibrate: nation %s lacks required figure %s", where(), c)
				}
			}
			if r.Figures[CalibColGDP] <= 0 {
				return nil, fmt.Errorf("scenarios: calibrate: nation %s has non-positive GDP", where())
			}
			w.nations = append(w.nations, r)
			w.rdSpend[r.ID] = r.Figures[CalibColGDP] * r.Figures[CalibColRD] * 10 // US$T × % → US$B
		case CalibKindRegion:
			w.regions = append(w.regions, r)
		case CalibKindOther:
			w.others = append(w.others, r)
		case CalibKindWorld:
			if w.world != nil {
				return nil, fmt.Errorf("scenarios: calibrate: second world row %s", where())
			}
			w.world = r
		default:
			return nil, fmt.Errorf("scenarios: calibrate: row %s has unknown kind %q", where(), r.Kind)
		}
	}
	if len(w.nations) == 0 {
		return nil, errors.New("scenarios: calibrate: no superpower or nation rows")
	}
	if w.world == nil {
		return nil, errors.New("scenarios: calibrate: no world row")
	}
	for _, c := range []string{CalibColGDP, CalibColDCGW, CalibColAIInv2024} {
		if v, ok := w.world.Fig(c); !ok || v <= 0 {
			return nil, fmt.Errorf("scenarios: calibrate: world row lacks a positive %s", c)
		}
	}
	for _, g := range w.regions {
		if len(g.Members) == 0 {
			return nil, fmt.Errorf("scenarios: calibrate: region %q has no members", g.ID)
		}
	}
	for _, g := range w.regions {
		for _, m := range g.Members {
			n, ok := w.byID[m]
			if !ok || (n.Kind != CalibKindNation && n.Kind != CalibKindSuperpower) {
				return nil, fmt.Errorf("scenarios: calibrate: region %q lists %q, which is not a nation row", g.ID, m)
			}
		}
	}
	byID := func(s []*CalibRaw) { sort.Slice(s, func(i, j int) bool { return s[i].ID < s[j].ID }) }
	byID(w.nations)
	byID(w.regions)
	byID(w.others)
	return w, nil
}

func calibISO2(id string) bool {
	return len(id) == 2 && id[0] >= 'A' && id[0] <= 'Z' && id[1] >= 'A' && id[1] <= 'Z'
}

// calibMinRatio returns the lowest num/den over middle powers (kind nation)
// for which both are present and den > 0, and the ID that attains it (first
// by ID on ties).
func calibMinRatio(w *calibWorld, what string, num, den func(*CalibRaw) (float64, bool)) (float64, string, error) {
	best, bestID := math.Inf(1), ""
	for _, n := range w.nations {
		if !w.middle(n) {
			continue
		}
		a, ok1 := num(n)
		b, ok2 := den(n)
		if !ok1 || !ok2 || b <= 0 {
			continue
		}
		// Ratios equal up to rounding (e.g. from a split by the same proxy)
		// tie, and the first ID wins.
		if r := a / b; r < best*(1-1e-9) {
			best, bestID = r, n.ID
		}
	}
	if bestID == "" {
		return 0, "", fmt.Errorf("scenarios: calibrate: cannot impute %s: no middle power has both figures", what)
	}
	return best, bestID, nil
}

// calibRegionCov is the fraction of aggregate g assumed held by its modelled members.
func calibRegionCov(g *CalibRaw) float64 {
	if g.MembersExact {
		return 1
	}
	return calibRegionCoverage
}

// calibSplit splits amount among ids in proportion to weight (equal shares if
// all weights are zero) and returns the parts in the order of ids.
func calibSplit(amount float64, ids []string, weight func(string) float64) []float64 {
	parts := make([]float64, len(ids))
	var tot float64
	for _, id := range ids {
		tot += weight(id)
	}
	for i, id := range ids {
		if tot > 0 {
			parts[i] = amount * weight(id) / tot
		} else {
			parts[i] = amount / float64(len(ids))
		}
	}
	return parts
}

// calibSplitRegions derives values for the members of each region that has a
// value (val returns it in the factor's unit, plus a label for the note): the
// region's value × coverage, less the members' own values in have, is split
// among the remaining members by weight. A nation in two regions that both
// have a value is an error.
func calibSplitRegions(w *calibWorld, val func(*CalibRaw) (float64, string, bool), have map[string]float64,
	weight func(string) float64, weightName string) (map[string]calibVal, error) {
	out := map[string]calibVal{}
	owner := map[string]string{}
	for _, g := range w.regions {
		gv, label, ok := val(g)
		if !ok {
			continue
		}
		cov := calibRegionCov(g)
		pool := gv * cov
		var open []string
		for _, m := range g.Members {
			if prev, dup := owner[m]; dup {
				return nil, fmt.Errorf("scenarios: calibrate: %s is in two regions with the same figure (%s, %s)", m, prev, g.ID)
			}
			owner[m] = g.ID
			if v, ok := have[m]; ok {
				pool -= v
			} else {
				open = append(open, m)
			}
		}
		sort.Strings(open)
		pool = math.Max(pool, 0)
		for i, v := range calibSplit(pool, open, weight) {
			out[open[i]] = calibVal{v: v, imputed: true,
				note: fmt.Sprintf("%s %s × %g split by %s", g.ID, label, cov, weightName)}
		}
	}
	return out, nil
}

// calibTalent: MacroPolo top-tier AI researchers by workplace.
func calibTalent(w *calibWorld) (map[string]calibVal, error) {
	all := append(append([]*CalibRaw{}, w.nations...), w.others...)

	// Carry 2019 shares to the 2022 basis over the entities with both years.
	var s22, s19 float64
	both := 0
	for _, n := range all {
		a, ok1 := n.Fig(CalibColTalentWork2022)
		b, ok2 := n.Fig(CalibColTalentWork2019)
		if ok1 && ok2 {
			s22, s19, both = s22+a/100, s19+b/100, both+1
		}
	}
	carry := 1.0
	if both > 0 {
		if s19 >= 1 || s22 > 1 {
			return nil, errors.New("scenarios: calibrate: talent shares present in both years sum to 100% or more")
		}
		carry = (1 - s22) / (1 - s19)
	}
	// share returns an entity's 2022-basis share and a label.
	share := func(r *CalibRaw) (float64, string, bool) {
		if v, ok := r.Fig(CalibColTalentWork2022); ok {
			return v / 100, fmt.Sprintf("2022 %g%%", v), true
		}
		if v, ok := r.Fig(CalibColTalentWork2019); ok {
			return v / 100 * carry, fmt.Sprintf("2019 %g%% × %.2f", v, carry), true
		}
		return 0, "", false
	}

	// Researchers (all fields), imputed from R&D spending where missing.
	researchers := map[string]float64{}
	resNote := map[string]string{}
	for _, n := range w.nations {
		if v, ok := n.Fig(CalibColResearchers); ok {
			researchers[n.ID] = v
			continue
		}
		ratio, ref, err := calibMinRatio(w, "researchers",
			func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColResearchers) },
			func(m *CalibRaw) (float64, bool) { return w.rdSpend[m.ID], true })
		if err != nil {
			return nil, err
		}
		researchers[n.ID] = w.rdSpend[n.ID] * ratio
		resNote[n.ID] = fmt.Sprintf("; researchers imputed: R&D spend × %.3f k/US$B (%s) = %.0fk",
			ratio, ref, researchers[n.ID])
	}
	weight := func(id string) float64 { return researchers[id] }

	out := map[string]calibVal{}
	have := map[string]float64{}
	used := 0.0 // world share accounted for by figures and aggregates
	for _, n := range all {
		if v, label, ok := share(n); ok {
			used += v
			if n.Kind != CalibKindOther {
				have[n.ID] = v
				out[n.ID] = calibVal{v: v, note: "MacroPolo workplace " + label}
			}
		}
	}
	for _, g := range w.regions {
		if v, _, ok := share(g); ok {
			used += v
		}
	}
	split, err := calibSplitRegions(w, share, have, weight, "researchers")
	if err != nil {
		return nil, err
	}
	for id, v := range split {
		v.note = "MacroPolo " + v.note
		out[id] = v
	}
	// Residual pool for the nations in no aggregate.
	residual := math.Max(1-used, 0)
	var rest []string
	for _, n := range w.nations {
		if _, ok := out[n.ID]; !ok {
			rest = append(rest, n.ID)
		}
	}
	for i, v := range calibSplit(residual*calibRegionCoverage, rest, weight) {
		out[rest[i]] = calibVal{v: v, imputed: true,
			note: fmt.Sprintf("MacroPolo residual %.2f × %g split by researchers", residual, calibRegionCoverage)}
	}
	for id, note := range resNote {
		if v := out[id]; v.imputed {
			v.note += note
			out[id] = v
		}
	}
	return out, nil
}

// calibCompute: Epoch GPU-cluster share.
func calibCompute(w *calibWorld) (map[string]calibVal, error) {
	out := map[string]calibVal{}
	var ratio float64
	var ref string
	for _, n := range w.nations {
		if v, ok := n.Fig(CalibColGPUShare); ok {
			out[n.ID] = calibVal{v: v / 100, note: "Epoch GPU-cluster share"}
			continue
		}
		if ref == "" {
			var err error
			ratio, ref, err = calibMinRatio(w, "compute",
				func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColGPUShare) },
				func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColGDP) })
			if err != nil {
				return nil, err
			}
		}
		out[n.ID] = calibVal{v: n.Figures[CalibColGDP] * ratio / 100, imputed: true,
			note: fmt.Sprintf("GDP × %s's GPU share/GDP", ref)}
	}
	return out, nil
}

// calibCapital: AI Index private AI investment / world total.
func calibCapital(w *calibWorld) (map[string]calibVal, error) {
	world := w.world.Figures[CalibColAIInv2024]
	out := map[string]calibVal{}
	var totRatio, rdRatio float64
	var totRef, rdRef string
	for _, n := range w.nations {
		if v, ok := n.Fig(CalibColAIInv2024); ok {
			out[n.ID] = calibVal{v: v / world, note: fmt.Sprintf("AI Index 2024 US$%gB / US$%gB", v, world)}
			continue
		}
		if t, ok := n.Fig(CalibColAIInvTotal); ok {
			if totRef == "" {
				var err error
				totRatio, totRef, err = calibMinRatio(w, "capital from 2013-24 totals",
					func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColAIInv2024) },
					func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColAIInvTotal) })
				if err != nil {
					return nil, err
				}
			}
			out[n.ID] = calibVal{v: t * totRatio / world, imputed: true,
				note: fmt.Sprintf("2013-24 total US$%gB × %.4f (%s) / US$%gB", t, totRatio, totRef, world)}
			continue
		}
		if rdRef == "" {
			var err error
			rdRatio, rdRef, err = calibMinRatio(w, "capital from R&D spending",
				func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColAIInv2024) },
				func(m *CalibRaw) (float64, bool) { return w.rdSpend[m.ID], true })
			if err != nil {
				return nil, err
			}
		}
		out[n.ID] = calibVal{v: w.rdSpend[n.ID] * rdRatio / world, imputed: true,
			note: fmt.Sprintf("R&D spend US$%.1fB × %.4f (%s) / US$%gB", w.rdSpend[n.ID], rdRatio, rdRef, world)}
	}
	return out, nil
}

// calibHardware: SEMI fab capacity blended with lithography.
func calibHardware(w *calibWorld) (map[string]calibVal, error) {
	fab := map[string]calibVal{}
	have := map[string]float64{}
	closure := 0.0 // % of world capacity in recorded shares
	for _, n := range w.nations {
		if v, ok := n.Fig(CalibColFabShare); ok {
			fab[n.ID] = calibVal{v: v / 100, note: fmt.Sprintf("SEMI fab %g%%", v)}
			have[n.ID] = v / 100
			closure += v
		}
	}
	for _, r := range append(append([]*CalibRaw{}, w.others...), w.regions...) {
		if v, ok := r.Fig(CalibColFabShare); ok {
			closure += v
		}
	}
	split, err := calibSplitRegions(w,
		func(g *CalibRaw) (float64, string, bool) {
			v, ok := g.Fig(CalibColFabShare)
			return v / 100, fmt.Sprintf("%g%%", v), ok
		},
		have, func(id string) float64 { return w.rdSpend[id] }, "R&D spend")
	if err != nil {
		return nil, err
	}
	for id, v := range split {
		v.note = "SEMI fab " + v.note
		fab[id] = v
	}
	closed := closure >= 100-calibClosureTol
	var ratio float64
	var ref string
	for _, n := range w.nations {
		if _, ok := fab[n.ID]; ok {
			continue
		}
		if closed {
			fab[n.ID] = calibVal{v: 0, imputed: true, note: "in no SEMI region (regions close at 100%)"}
			continue
		}
		if ref == "" {
			ratio, ref, err = calibMinRatio(w, "fab capacity",
				func(m *CalibRaw) (float64, bool) {
					if v, ok := fab[m.ID]; ok {
						return v.v, true
					}
					return 0, false
				},
				func(m *CalibRaw) (float64, bool) { return w.rdSpend[m.ID], true })
			if err != nil {
				return nil, err
			}
		}
		fab[n.ID] = calibVal{v: w.rdSpend[n.ID] * ratio, imputed: true,
			note: fmt.Sprintf("R&D spend × %s's fab/R&D", ref)}
	}
	out := map[string]calibVal{}
	for _, n := range w.nations {
		f := fab[n.ID]
		v := calibVal{v: (1 - calibLithoWeight) * f.v, imputed: f.imputed, note: f.note}
		if f.v > 0 {
			v.note += fmt.Sprintf(" × %.2f", 1-calibLithoWeight)
		}
		if l, ok := n.Fig(CalibColLithoShare); ok {
			v.v += calibLithoWeight * l / 100
			v.note += fmt.Sprintf(" + litho %g%% × %.2f", l, calibLithoWeight)
		}
		out[n.ID] = v
	}
	return out, nil
}

// calibEnergy: low-carbon data-centre power as a world share.
func calibEnergy(w *calibWorld) (map[string]calibVal, error) {
	dc := map[string]calibVal{}
	have := map[string]float64{}
	for _, n := range w.nations {
		if v, ok := n.Fig(CalibColDCGW); ok {
			dc[n.ID] = calibVal{v: v, note: fmt.Sprintf("IEA %g GW", v)}
			have[n.ID] = v
		}
	}
	split, err := calibSplitRegions(w,
		func(g *CalibRaw) (float64, string, bool) {
			v, ok := g.Fig(CalibColDCGW)
			return v, fmt.Sprintf("%g GW", v), ok
		},
		have, func(id string) float64 { return w.byID[id].Figures[CalibColGDP] }, "GDP")
	if err != nil {
		return nil, err
	}
	for id, v := range split {
		v.note = "IEA " + v.note + fmt.Sprintf(" → %.2f GW", v.v)
		dc[id] = v
	}
	var ratio float64
	var ref string
	for _, n := range w.nations {
		if _, ok := dc[n.ID]; ok {
			continue
		}
		if ref == "" {
			ratio, ref, err = calibMinRatio(w, "data-centre capacity",
				func(m *CalibRaw) (float64, bool) {
					if v, ok := dc[m.ID]; ok {
						return v.v, true
					}
					return 0, false
				},
				func(m *CalibRaw) (float64, bool) { return m.Fig(CalibColGDP) })
			if err != nil {
				return nil, err
			}
		}
		g := n.Figures[CalibColGDP] * ratio
		dc[n.ID] = calibVal{v: g, imputed: true,
			note: fmt.Sprintf("GDP × %.3f GW/US$T (%s) → %.2f GW", ratio, ref, g)}
	}
	worldGW := w.world.Figures[CalibColDCGW]
	var sumGW, sumLC float64
	for _, n := range w.nations {
		sumGW += dc[n.ID].v
		sumLC += dc[n.ID].v * n.Figures[CalibColLowCarbon] / 100
	}
	if sumGW > worldGW {
		return nil, fmt.Errorf("scenarios: calibrate: modelled data-centre capacity %.1f GW exceeds the world's %.1f GW", sumGW, worldGW)
	}
	if sumGW <= 0 {
		return nil, errors.New("scenarios: calibrate: no data-centre capacity")
	}
	meanLC := sumLC / sumGW
	out := map[string]calibVal{}
	for _, n := range w.nations {
		d := dc[n.ID]
		lc := n.Figures[CalibColLowCarbon]
		v := 0.0
		if meanLC > 0 {
			v = lc / 100 * d.v / (meanLC * worldGW)
		}
		out[n.ID] = calibVal{v: v, imputed: d.imputed,
			note: fmt.Sprintf("OWID low-carbon %g%% × %s / (%.3f × %g GW)", lc, d.note, meanLC, worldGW)}
	}
	return out, nil
}

// CalibTOML renders the endowments and market shares as TOML, one block per
// nation sorted by ID: [superpowers.US] / [nations.IN] with market, then the
// .endowment sub-table with one key per factor. Values use %.4f.
func CalibTOML(ns []CalibratedNation) string {
	s := append([]CalibratedNation(nil), ns...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].ID < s[j].ID })
	var b strings.Builder
	b.WriteString("# Calibrated endowments (world shares), generated by scenarios.CalibTOML.\n")
	for _, n := range s {
		table := "nations"
		if n.Superpower {
			table = "superpowers"
		}
		fmt.Fprintf(&b, "\n[%s.%s]\nmarket = %.4f\n\n[%s.%s.endowment]\n", table, n.ID, n.Market, table, n.ID)
		for f, name := range CalibFactors {
			fmt.Fprintf(&b, "%s = %.4f\n", name, n.Endowment[f])
		}
	}
	return b.String()
}
