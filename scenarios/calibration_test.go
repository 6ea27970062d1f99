package scenarios

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func calibByID(t *testing.T, ns []CalibratedNation) map[string]CalibratedNation {
	t.Helper()
	m := map[string]CalibratedNation{}
	for _, n := range ns {
		m[n.ID] = n
	}
	return m
}

func calibFactorIdx(t *testing.T, name string) int {
	t.Helper()
	for i, f := range CalibFactors {
		if f == name {
			return i
		}
	}
	t.Fatalf("unknown factor %q", name)
	return -1
}

// Hand-computed values of the default calibration.
func TestCalibDefaultHandValues(t *testing.T) {
	ns, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	m := calibByID(t, ns)
	// R&D spending (US$B) of SEMI's Europe+Middle East members: GDP × R&D% × 10.
	eume := 3.16*2.18*10 + 4.69*3.15*10 + 3.70*2.68*10 + 1.214*2.27*10 + 0.542*6.35*10 + 1.25*0.64*10 + 0.552*1.49*10
	cases := []struct {
		id, factor string
		want, tol  float64
		imputed    bool
	}{
		{"US", "compute", 0.732, 1e-9, false},                              // Epoch 73.2%
		{"CN", "compute", 0.122, 1e-9, false},                              // Epoch 12.2%
		{"US", "talent", 0.42, 1e-9, false},                                // MacroPolo 2022
		{"CN", "talent", 0.28, 1e-9, false},                                // MacroPolo 2022
		{"GB", "talent", 0.04, 1e-9, false},                                // 2019 4% × (1−.42−.28)/(1−.59−.11) = × 1
		{"CA", "talent", 0.06, 1e-9, false},                                // 2019 6% × 1
		{"FR", "talent", 0.10 * 0.5 * 367 / (367 + 494 + 117), 1e-9, true}, // Europe 10% × 0.5 split by researchers
		{"US", "capital", 109.1 / 150.8, 1e-9, false},
		{"FR", "capital", 2.62 / 150.8, 1e-9, false},
		{"IN", "capital", 11.1 * (4.5 / 28.2) / 150.8, 1e-9, true},                            // total × GB's 2024/total (lowest)
		{"JP", "capital", 4.19 * 3.44 * 10 * (1.97 / (4.69 * 3.15 * 10)) / 150.8, 1e-9, true}, // R&D × DE's ratio
		{"JP", "hardware", 0.96 * 0.15, 1e-9, false},
		{"KR", "hardware", 0.96 * 0.16, 1e-9, false},
		{"NL", "hardware", 0.96*0.09*0.5*(1.214*2.27*10)/eume + 0.04*0.941, 1e-9, true},
		{"IN", "hardware", calibFloor, 0, true}, // outside SEMI's regions, which close at 100%
		{"SA", "energy", calibFloor, 0, true},   // 0.2% low-carbon: below the floor
	}
	for _, c := range cases {
		n, ok := m[c.id]
		if !ok {
			t.Fatalf("%s missing", c.id)
		}
		f := calibFactorIdx(t, c.factor)
		if got := n.Endowment[f]; math.Abs(got-c.want) > c.tol {
			t.Errorf("%s %s = %.6f, want %.6f ± %g (%s)", c.id, c.factor, got, c.want, c.tol, n.Notes[f])
		}
		if n.Imputed[f] != c.imputed {
			t.Errorf("%s %s imputed = %v, want %v", c.id, c.factor, n.Imputed[f], c.imputed)
		}
	}
	// Energy: FR/US = (87.8% × FR's GW) / (40.5% × 53.7 GW), FR's GW = 11.9 × 0.5 × 3.16/(3.16+4.69+1.214).
	frGW := 11.9 * 0.5 * 3.16 / (3.16 + 4.69 + 1.214)
	e := calibFactorIdx(t, "energy")
	if got, want := m["FR"].Endowment[e]/m["US"].Endowment[e], 0.878*frGW/(0.405*53.7); math.Abs(got-want) > 1e-9 {
		t.Errorf("energy FR/US = %.6f, want %.6f", got, want)
	}
	for id, want := range map[string]float64{"US": 29.30 / 111.3, "IN": 3.76 / 111.3, "NL": 1.214 / 111.3} {
		if got := m[id].Market; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s market = %.6f, want %.6f", id, got, want)
		}
	}
}

// calibSynthetic is a small world exercising every imputation rule:
// carry of 2019 talent, residual talent pool, researcher imputation, capital
// from totals and from R&D, compute from GDP, hardware by ratio (SEMI shares
// do not close), a members_exact region split and the floor.
func calibSynthetic() []CalibRaw {
	f := func(kv ...any) map[string]float64 {
		m := map[string]float64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(float64)
		}
		return m
	}
	return []CalibRaw{
		{Kind: CalibKindWorld, ID: "WORLD", Figures: f(CalibColGDP, 100.0, CalibColDCGW, 100.0, CalibColAIInv2024, 100.0)},
		{Kind: CalibKindSuperpower, ID: "SP", Figures: f(CalibColGDP, 30.0, CalibColRD, 2.0, CalibColLowCarbon, 50.0,
			CalibColTalentWork2022, 40.0, CalibColTalentWork2019, 50.0, CalibColResearchers, 1000.0,
			CalibColAIInv2024, 50.0, CalibColAIInvTotal, 200.0, CalibColGPUShare, 60.0, CalibColDCGW, 40.0, CalibColFabShare, 30.0)},
		{Kind: CalibKindNation, ID: "MA", Figures: f(CalibColGDP, 10.0, CalibColRD, 2.0, CalibColLowCarbon, 50.0,
			CalibColTalentWork2019, 10.0, CalibColResearchers, 100.0, CalibColAIInv2024, 4.0, CalibColAIInvTotal, 20.0,
			CalibColGPUShare, 5.0, CalibColDCGW, 10.0, CalibColFabShare, 20.0)},
		{Kind: CalibKindNation, ID: "MB", Figures: f(CalibColGDP, 10.0, CalibColRD, 1.0, CalibColLowCarbon, 100.0,
			CalibColResearchers, 50.0, CalibColAIInv2024, 1.0, CalibColAIInvTotal, 10.0, CalibColGPUShare, 2.0)},
		{Kind: CalibKindNation, ID: "MC", Figures: f(CalibColGDP, 5.0, CalibColRD, 2.0, CalibColLowCarbon, 20.0)},
		{Kind: CalibKindNation, ID: "MD", Figures: f(CalibColGDP, 5.0, CalibColRD, 1.0, CalibColLowCarbon, 0.0,
			CalibColResearchers, 25.0, CalibColAIInvTotal, 30.0)},
		{Kind: CalibKindRegion, ID: "RG", Members: []string{"MD", "MC"}, MembersExact: true, Figures: f(CalibColDCGW, 8.0)},
	}
}

func TestCalibImputationSynthetic(t *testing.T) {
	ns, err := Calibrate(calibSynthetic())
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{ns[0].ID, ns[1].ID, ns[2].ID, ns[3].ID, ns[4].ID}; !reflect.DeepEqual(got, []string{"MA", "MB", "MC", "MD", "SP"}) {
		t.Fatalf("order %v", got)
	}
	m := calibByID(t, ns)
	// Data-centre GW: SP 40, MA 10, MC 4 and MD 4 (RG 8 split by GDP 5:5),
	// MB 10 × min(MA 1.0, MC 0.8, MD 0.8) = 8. Mean low-carbon weighted by GW:
	meanLC := (40*0.5 + 10*0.5 + 8*1.0 + 4*0.2 + 4*0) / 66.0
	const tol = 1e-12
	cases := []struct {
		id, factor string
		want       float64
		imputed    bool
	}{
		{"SP", "talent", 0.40, false},
		{"MA", "talent", 0.10 * (1 - 0.40) / (1 - 0.50), false}, // 2019 carried × 1.2
		// residual 1 − 0.40 − 0.12 = 0.48, × 0.5, split by researchers MB 50, MC 50 (imputed: R&D 100 × min(0.5, 0.5)), MD 25
		{"MB", "talent", 0.24 * 50 / 125, true},
		{"MC", "talent", 0.24 * 50 / 125, true},
		{"MD", "talent", 0.24 * 25 / 125, true},
		{"MA", "compute", 0.05, false},
		{"MC", "compute", 5 * (2.0 / 10) / 100, true}, // GDP × MB's share/GDP (lowest)
		{"SP", "capital", 0.50, false},
		{"MC", "capital", 100 * (1.0 / 100) / 100, true}, // R&D spend 100 × MB's 0.01
		{"MD", "capital", 30 * (1.0 / 10) / 100, true},   // total 30 × MB's 0.1
		{"SP", "hardware", 0.96 * 0.30, false},
		{"MA", "hardware", 0.96 * 0.20, false},
		{"MB", "hardware", 0.96 * 100 * (0.20 / 200), true}, // R&D 100 × MA's fab/R&D
		{"MD", "hardware", 0.96 * 50 * (0.20 / 200), true},
		{"SP", "energy", 0.5 * 40 / (meanLC * 100), false},
		{"MB", "energy", 1.0 * 8 / (meanLC * 100), true},
		{"MC", "energy", 0.2 * 4 / (meanLC * 100), true},
		{"MD", "energy", calibFloor, true}, // zero low-carbon → floor
	}
	for _, c := range cases {
		f := calibFactorIdx(t, c.factor)
		n := m[c.id]
		if got := n.Endowment[f]; math.Abs(got-c.want) > tol {
			t.Errorf("%s %s = %.9f, want %.9f (%s)", c.id, c.factor, got, c.want, n.Notes[f])
		}
		if n.Imputed[f] != c.imputed {
			t.Errorf("%s %s imputed = %v, want %v (%s)", c.id, c.factor, n.Imputed[f], c.imputed, n.Notes[f])
		}
	}
	if !m["SP"].Superpower || m["MA"].Superpower {
		t.Error("superpower flags wrong")
	}
	if !strings.Contains(m["MC"].Notes[calibTalentIdx], "researchers imputed") {
		t.Errorf("MC talent note lacks the researcher imputation: %q", m["MC"].Notes[calibTalentIdx])
	}
}

// With a second fab region closing SEMI's shares at 100%, nations outside
// every region get the floor instead of a ratio imputation.
func TestCalibHardwareClosure(t *testing.T) {
	raw := calibSynthetic()
	raw = append(raw, CalibRaw{Kind: CalibKindOther, ID: "ZZ", Figures: map[string]float64{CalibColFabShare: 50}})
	ns, err := Calibrate(raw)
	if err != nil {
		t.Fatal(err)
	}
	m := calibByID(t, ns)
	h := calibHardwareIdx
	for _, id := range []string{"MB", "MC", "MD"} {
		if m[id].Endowment[h] != calibFloor || !m[id].Imputed[h] {
			t.Errorf("%s hardware = %v (imputed %v), want floor", id, m[id].Endowment[h], m[id].Imputed[h])
		}
	}
}

func TestCalibInvariants(t *testing.T) {
	ns, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"AE", "BR", "CA", "CN", "DE", "FR", "GB", "IL", "IN", "JP", "KR", "NL", "SA", "SG", "US"}
	var ids []string
	var sums [5]float64
	var market float64
	for _, n := range ns {
		ids = append(ids, n.ID)
		if n.Superpower != (n.ID == "US" || n.ID == "CN") {
			t.Errorf("%s superpower = %v", n.ID, n.Superpower)
		}
		if n.Market <= 0 || n.Market > 1 {
			t.Errorf("%s market %v outside (0,1]", n.ID, n.Market)
		}
		market += n.Market
		for f, v := range n.Endowment {
			if v < calibFloor || v > 1 || math.IsNaN(v) {
				t.Errorf("%s %s = %v outside [floor,1]", n.ID, CalibFactors[f], v)
			}
			if n.Notes[f] == "" {
				t.Errorf("%s %s has no note", n.ID, CalibFactors[f])
			}
			sums[f] += v
		}
	}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	for f, s := range sums {
		if s > 1 {
			t.Errorf("%s shares sum to %v > 1", CalibFactors[f], s)
		}
	}
	if market > 1 {
		t.Errorf("market shares sum to %v > 1", market)
	}
	// Values read off a nation's own figure are not flagged.
	for _, id := range []string{"US", "CN"} {
		for f := range CalibFactors {
			if calibByID(t, ns)[id].Imputed[f] {
				t.Errorf("%s %s flagged imputed", id, CalibFactors[f])
			}
		}
	}
}

func TestCalibDeterminism(t *testing.T) {
	a, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	b, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two default calibrations differ")
	}
	raw, err := LoadCalibRaw(strings.NewReader(string(calibCSV)))
	if err != nil {
		t.Fatal(err)
	}
	rev := make([]CalibRaw, len(raw))
	for i := range raw {
		rev[len(raw)-1-i] = raw[i]
	}
	c, err := Calibrate(rev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, c) {
		t.Fatal("calibration depends on row order")
	}
	if CalibTOML(a) != CalibTOML(c) {
		t.Fatal("TOML depends on row order")
	}
}

func TestLoadCalibRawEmbedded(t *testing.T) {
	raw, err := LoadCalibRaw(strings.NewReader(string(calibCSV)))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	var fab float64
	for _, r := range raw {
		kinds[r.Kind]++
		fab += r.Figures[CalibColFabShare]
	}
	if kinds[CalibKindSuperpower] != 2 || kinds[CalibKindNation] != 13 || kinds[CalibKindWorld] != 1 || kinds[CalibKindRegion] != 5 {
		t.Errorf("row kinds %v", kinds)
	}
	if math.Abs(fab-100) > 1e-9 {
		t.Errorf("SEMI fab shares recorded sum to %v, want 100", fab)
	}
	us := raw[0]
	if v, ok := us.Fig(CalibColGPUShare); us.ID != "US" || !ok || v != 73.2 || us.Line < 2 {
		t.Errorf("first row %+v", us)
	}
	if _, ok := raw[2].Fig(CalibColAIInv2024); raw[2].ID != "IN" || ok {
		t.Errorf("IN 2024 investment should be missing")
	}
}

func TestLoadCalibRawErrors(t *testing.T) {
	const head = "kind,id,name,members,members_exact,gdp_2024_usd_t,note\n"
	cases := []struct {
		name, csv string
		want      []string // substrings of the error
	}{
		{"bad number", "# comment\n" + head + "nation,FR,France,,,3.1,\nnation,DE,Germany,,,4.x,\n",
			[]string{"scenarios:", "line 4", "column 6", "gdp_2024_usd_t", `"4.x"`}},
		{"negative", head + "nation,FR,France,,,-1,\n", []string{"line 2", "column 6", "non-negative"}},
		{"NaN", head + "nation,FR,France,,,NaN,\n", []string{"line 2", "column 6"}},
		{"unknown kind", head + "state,FR,France,,,1,\n", []string{"line 2", "column 1", "unknown kind"}},
		{"duplicate id", head + "nation,FR,France,,,1,\nnation,FR,France,,,1,\n", []string{"line 3", "column 2", "duplicate id", "line 2"}},
		{"field count", head + "nation,FR,France,,1,\n", []string{"scenarios:", "line 2"}},
		{"members_exact", head + "region,EU,EU,FR,yes,,\n", []string{"line 2", "column 5"}},
		{"no id column", "kind,name\nnation,France\n", []string{"id"}},
		{"empty", "# only a comment\n", []string{"no header"}},
		{"no rows", head, []string{"no data rows"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadCalibRaw(strings.NewReader(c.csv))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestCalibrateErrors(t *testing.T) {
	mod := func(fn func([]CalibRaw) []CalibRaw) []CalibRaw { return fn(calibSynthetic()) }
	cases := []struct {
		name string
		raw  []CalibRaw
		want string
	}{
		{"no world", mod(func(r []CalibRaw) []CalibRaw { return r[1:] }), "no world row"},
		{"missing GDP", mod(func(r []CalibRaw) []CalibRaw { delete(r[2].Figures, CalibColGDP); return r }), "gdp_2024_usd_t"},
		{"not ISO", mod(func(r []CalibRaw) []CalibRaw { r[2].ID = "Mab"; return r }), "ISO 3166-1"},
		{"unknown member", mod(func(r []CalibRaw) []CalibRaw { r[6].Members = []string{"QQ"}; return r }), "QQ"},
		{"sum over 1", mod(func(r []CalibRaw) []CalibRaw { r[2].Figures[CalibColGPUShare] = 50; return r }), "compute shares sum"},
		{"too much GW", mod(func(r []CalibRaw) []CalibRaw { r[0].Figures[CalibColDCGW] = 50; return r }), "exceeds the world"},
		{"no reference", mod(func(r []CalibRaw) []CalibRaw {
			for i := range r {
				if r[i].Kind == CalibKindNation {
					delete(r[i].Figures, CalibColAIInv2024)
				}
			}
			return r
		}), "cannot impute"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Calibrate(c.raw)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "scenarios: ") {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestCalibTOMLRoundTrip(t *testing.T) {
	ns, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	text := CalibTOML(ns)
	var doc map[string]any
	if _, err := toml.Decode(text, &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, text)
	}
	num := func(v any) float64 {
		switch x := v.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		}
		t.Fatalf("not a number: %#v", v)
		return 0
	}
	for _, n := range ns {
		table := "nations"
		if n.Superpower {
			table = "superpowers"
		}
		top, _ := doc[table].(map[string]any)
		nt, ok := top[n.ID].(map[string]any)
		if !ok {
			t.Fatalf("%s.%s missing", table, n.ID)
		}
		if got := num(nt["market"]); math.Abs(got-n.Market) > 5e-5 {
			t.Errorf("%s market %v, want %v", n.ID, got, n.Market)
		}
		end, ok := nt["endowment"].(map[string]any)
		if !ok || len(end) != len(CalibFactors) {
			t.Fatalf("%s endowment %v", n.ID, nt["endowment"])
		}
		for f, name := range CalibFactors {
			if got := num(end[name]); math.Abs(got-n.Endowment[f]) > 5e-5 {
				t.Errorf("%s %s %v, want %v", n.ID, name, got, n.Endowment[f])
			}
		}
	}
	if !strings.Contains(text, "[superpowers.US.endowment]\ntalent = 0.4200\ncompute = 0.7320\n") {
		t.Errorf("unexpected TOML layout:\n%s", text)
	}
}

// calibMarkdownTable renders the docs/calibration.md table: 4 decimals,
// imputed values marked with an asterisk.
func calibMarkdownTable(ns []CalibratedNation) string {
	var b strings.Builder
	b.WriteString("| ID | Nation | talent | compute | capital | hardware | energy | market |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|\n")
	s := append([]CalibratedNation(nil), ns...)
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Superpower != s[j].Superpower {
			return s[i].Superpower
		}
		return s[i].ID < s[j].ID
	})
	for _, n := range s {
		fmt.Fprintf(&b, "| %s | %s |", n.ID, n.Name)
		for f := range CalibFactors {
			mark := ""
			if n.Imputed[f] {
				mark = "*"
			}
			fmt.Fprintf(&b, " %.4f%s |", n.Endowment[f], mark)
		}
		fmt.Fprintf(&b, " %.4f |\n", n.Market)
	}
	var sums [6]float64
	for _, n := range ns {
		for f, v := range n.Endowment {
			sums[f] += v
		}
		sums[5] += n.Market
	}
	fmt.Fprintf(&b, "| Σ | all %d (rest of world = 1 − Σ) |", len(ns))
	for _, v := range sums {
		fmt.Fprintf(&b, " %.4f |", v)
	}
	b.WriteString("\n")
	return b.String()
}

// The table in docs/calibration.md must be the code's output.
func TestCalibDocTable(t *testing.T) {
	ns, err := DefaultCalibration()
	if err != nil {
		t.Fatal(err)
	}
	want := calibMarkdownTable(ns)
	doc, err := os.ReadFile("../docs/calibration.md")
	if err != nil {
		t.Skipf("docs/calibration.md not readable: %v", err)
	}
	const begin, end = "<!-- calib-table:begin -->\n", "<!-- calib-table:end -->"
	s := string(doc)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("docs/calibration.md lacks the %q … %q markers", begin, end)
	}
	if got := s[i+len(begin) : j]; got != want {
		t.Errorf("docs/calibration.md table is stale; regenerate it:\n%s", want)
	}
}

func ExampleDefaultCalibration() {
	ns, err := DefaultCalibration()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range ns {
		switch n.ID {
		case "US", "FR", "IN":
			fmt.Printf("%s talent=%.4f compute=%.4f energy=%.4f market=%.4f imputed=%v\n",
				n.ID, n.Endowment[0], n.Endowment[1], n.Endowment[4], n.Market, n.Imputed)
		}
	}
	// Output:
	// FR talent=0.0188 compute=0.0097 energy=0.0373 market=0.0284 imputed=[true false false true true]
	// IN talent=0.0093 compute=0.0029 energy=0.0169 market=0.0338 imputed=[true false true true false]
	// US talent=0.4200 compute=0.7320 energy=0.4449 market=0.2633 imputed=[false false false false false]
}
