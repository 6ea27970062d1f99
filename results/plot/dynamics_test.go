package plot

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dynNations are the middle powers of the synthetic moving run.
var dynNations = []string{"BR", "DE", "FR", "IN", "JP", "KR"}

// dynMembers are the bloc's members in round r of the synthetic moving
// run: DE and FR from the start, then one more every six rounds, and JP
// leaving at round 20.
func dynMembers(r int) []string {
	ms := []string{"DE", "FR"}
	for i, n := range []string{"IN", "JP", "KR"} {
		if r >= 6*(i+1) && !(n == "JP" && r >= 20) {
			ms = append(ms, n)
		}
	}
	slices.Sort(ms)
	return ms
}

// writeDynamicsRun writes a synthetic single run of the moving world
// (rounds 0..rounds, four a year): rounds.csv with alternative ratios and
// threats, nations.csv with the payoff parts, endowments.csv whose
// compute and capital shares compound towards US, KR and JP and whose
// talent moves a little, and a manifest whose scenario sets the threat
// threshold to 1.2 and the window to 5 rounds.
func writeDynamicsRun(tb testing.TB, dir string, rounds int) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	const theta = 1.2
	var rb, nb, eb strings.Builder
	rb.WriteString("round,year,bloc_size,members,divergence_usable,terms_total,alternative_ratio_CN,alternative_ratio_US,threat_CN,threat_US\n")
	nb.WriteString("round,nation,action,usable_capability,payoff,pay_stack,pay_club,pay_imports,pay_costs,pay_deal,pay_subsidy\n")
	eb.WriteString("round,actor,talent,compute,capital,hardware,energy\n")
	actors := append([]string{"CN", "US"}, dynNations...)
	// Growth rate of each actor's compute and capital per round.
	growth := []float64{0.01, 0.02, -0.03, 0, 0.01, -0.02, 0.015, 0.025}
	base := []float64{0.2, 0.5, 0.02, 0.08, 0.06, 0.03, 0.05, 0.06}
	for r := 0; r <= rounds; r++ {
		ms := dynMembers(r)
		zCN := 2 + math.Sin(float64(r)/3)
		zUS := 0.5 + 0.04*float64(r)
		threat := func(z float64) float64 { return 0.6 / (1 + math.Exp(-8*(z-theta))) }
		rb.WriteString(strings.Join([]string{itoa(r), fmtF(float64(r) / 4), itoa(len(ms)), strings.Join(ms, ";"),
			fmtF(40 - float64(r)/2), fmtF(0.1 * zUS), fmtF(zCN), fmtF(zUS), fmtF(threat(zCN)), fmtF(threat(zUS))}, ",") + "\n")
		for i, n := range dynNations {
			in := slices.Contains(ms, n)
			action, club, deal, sub := "alone", 0.0, 0.0, 0.0
			switch {
			case in:
				action, club = "bloc", 0.05*float64(i+1)
			case n == "BR":
				action, deal, sub = "deal-US", 0.04, 0.01
			}
			parts := []float64{0.1 * float64(i+1), club, 0.02 * float64(i+1), -0.03 - 0.02*boolF(in), deal, sub}
			pay := 0.0
			for _, p := range parts {
				pay += p
			}
			row := []string{itoa(r), n, action, fmtF(float64(i + 1)), fmtF(pay)}
			for _, p := range parts {
				row = append(row, fmtF(p))
			}
			nb.WriteString(strings.Join(row, ",") + "\n")
		}
		// Shares: base × e^{g r}, normalised; talent moves from BR to
		// DE; hardware and energy stay.
		w := make([]float64, len(actors))
		sum := 0.0
		for a := range actors {
			w[a] = base[a] * math.Exp(growth[a]*float64(r))
			sum += w[a]
		}
		for a, id := range actors {
			talent := base[a]
			switch id {
			case "BR":
				talent -= 0.0004 * float64(r)
			case "DE":
				talent += 0.0004 * float64(r)
			}
			eb.WriteString(strings.Join([]string{itoa(r), id, fmtF(talent), fmtF(w[a] / sum), fmtF(w[len(actors)-1-a] / sum), fmtF(base[a]), fmtF(base[a])}, ",") + "\n")
		}
	}
	for name, s := range map[string]string{"rounds.csv": rb.String(), "nations.csv": nb.String(), "endowments.csv": eb.String(),
		"manifest.json": `{"command": "run", "resolved": "[bloc]\nthreat_threshold = 1.2\n[world]\nwindow = 5\n[superpowers.US]\n[superpowers.CN]\n[nations.BR]\nmarket = 0.02\n"}` + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func itoa(i int) string { return fmtF(float64(i)) }

// dropColumns rewrites the CSV file at path without the columns for
// which drop holds (no cell of these synthetic tables holds a comma).
func dropColumns(tb testing.TB, path string, drop func(name string) bool) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	header := strings.Split(lines[0], ",")
	var out strings.Builder
	for _, l := range lines {
		var keep []string
		for j, c := range strings.Split(l, ",") {
			if !drop(header[j]) {
				keep = append(keep, c)
			}
		}
		out.WriteString(strings.Join(keep, ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// loadDynamicsRun writes a 24-round run (writeDynamicsRun) and loads it
// with its time axis.
func loadDynamicsRun(t *testing.T) (*dataset, *timeAxis) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	writeDynamicsRun(t, dir, 24)
	res, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := newTimeAxis(res.rounds)
	if err != nil {
		t.Fatal(err)
	}
	return res, tm
}

func TestEndowments(t *testing.T) {
	res, tm := loadDynamicsRun(t)
	e, err := readEndowments(res, tm)
	if err != nil {
		t.Fatal(err)
	}
	// Talent moves, compute and capital are drawn always, hardware and
	// energy stay.
	if want := []string{"talent", "compute", "capital"}; !slices.Equal(e.factors, want) {
		t.Errorf("factors drawn: %v, want %v", e.factors, want)
	}
	wantLabels := append([]string{"CN", "US", "bloc members (sum)"}, dynNations...)
	if !slices.Equal(e.labels, wantLabels) || e.thick != 3 {
		t.Errorf("labels %v (thick %d), want %v (thick 3)", e.labels, e.thick, wantLabels)
	}
	for f, k := range e.curves {
		if got := k[0].xs[8]; got != 2 {
			t.Errorf("%s: x of round 8 = %v, want year 2", e.factors[f], got)
		}
		if !e.log[f] {
			t.Errorf("%s: linear scale for positive shares", e.factors[f])
		}
	}
	// The bloc's line is the sum of that round's members' shares.
	compute := e.curves[1]
	for r := 0; r <= 24; r++ {
		want := 0.0
		for _, m := range dynMembers(r) {
			want += compute[3+slices.Index(dynNations, m)].ys[r]
		}
		if got := compute[2].ys[r]; math.Abs(got-want) > 1e-12 {
			t.Errorf("round %d: bloc's compute share %v, want %v (members %v)", r, got, want, dynMembers(r))
		}
	}
	// Shares of a factor sum to 1 in every round, and compute moves.
	for r := 0; r <= 24; r++ {
		s := compute[0].ys[r] + compute[1].ys[r]
		for _, k := range compute[3:] {
			s += k.ys[r]
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("round %d: compute shares sum to %v", r, s)
		}
	}
	if us := compute[1].ys; !(us[24] > us[0]) {
		t.Errorf("US compute share %v → %v: want it to grow", us[0], us[24])
	}
}

func TestPayoffBreakdown(t *testing.T) {
	res, _ := loadDynamicsRun(t)
	if res.threshold != 1.2 || res.window != 5 {
		t.Fatalf("threshold %v, window %d from the manifest; want 1.2 and 5", res.threshold, res.window)
	}
	b, err := readPayoffs(res)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"pay_stack", "pay_club", "pay_imports", "pay_costs", "pay_deal", "pay_subsidy"}; !slices.Equal(b.parts, want) {
		t.Errorf("parts %v, want %v", b.parts, want)
	}
	if b.lastTitle != "Round 24, year 6" || b.meanTitle != "Mean over rounds 20–24 (the last 5)" {
		t.Errorf("titles %q, %q", b.lastTitle, b.meanTitle)
	}
	// JP (index 4) left the bloc at round 20: no club good at the end;
	// in the window it is out throughout. KR (5) is in throughout.
	jp, kr := slices.Index(b.nations, "JP"), slices.Index(b.nations, "KR")
	if b.last[jp][1] != 0 || b.mean[jp][1] != 0 {
		t.Errorf("JP club part: last %v, mean %v; want 0", b.last[jp][1], b.mean[jp][1])
	}
	if math.Abs(b.mean[kr][1]-0.3) > 1e-12 || math.Abs(b.mean[kr][3]+0.05) > 1e-12 {
		t.Errorf("KR mean club %v and costs %v; want 0.3 and -0.05", b.mean[kr][1], b.mean[kr][3])
	}
	// The parts sum to the payoff, and the bar runs from the negative
	// parts' sum to the positive parts' sum.
	h := &hbars{b: b, vals: b.last, total: b.lastTotal}
	for i, n := range b.nations {
		s := 0.0
		for _, v := range b.last[i] {
			s += v
		}
		if math.Abs(s-b.lastTotal[i]) > 1e-12 {
			t.Errorf("%s: parts sum to %v, payoff %v", n, s, b.lastTotal[i])
		}
		neg, pos := h.extent(i)
		if math.Abs(neg-b.last[i][3]) > 1e-12 || math.Abs(pos+neg-s) > 1e-12 {
			t.Errorf("%s: bar from %v to %v; costs %v, payoff %v", n, neg, pos, b.last[i][3], s)
		}
	}
}

func TestAlternative(t *testing.T) {
	res, tm := loadDynamicsRun(t)
	a, err := readAlternative(res, tm)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.sps, []string{"CN", "US"}) || a.threat == nil || a.threshold != 1.2 || a.log {
		t.Errorf("superpowers %v, threat panel %v, threshold %v, log %v; want CN, US, a threat panel, 1.2, linear", a.sps, a.threat != nil, a.threshold, a.log)
	}
	if got := a.ratio[1].ys[10]; math.Abs(got-0.9) > 1e-12 {
		t.Errorf("US ratio at round 10 = %v, want 0.9", got)
	}
	// A ratio capped at 10¹² (the superpower's stack gives nothing)
	// switches to a log scale.
	p := filepath.Join(res.dir, "rounds.csv")
	data, _ := os.ReadFile(p)
	lines := strings.SplitAfter(string(data), "\n")
	f := strings.Split(lines[3], ",")
	f[6] = "1000000000000"
	lines[3] = strings.Join(f, ",")
	writeFile(t, p, strings.Join(lines, ""))
	if res, err = load(res.dir); err != nil {
		t.Fatal(err)
	}
	if a, err = readAlternative(res, tm); err != nil {
		t.Fatal(err)
	}
	if !a.log {
		t.Error("ratios spanning 12 orders of magnitude on a linear scale")
	}
}

// TestDynamicsMissing checks results written before the moving world
// was recorded: the figures are skipped, or refused when asked for.
func TestDynamicsMissing(t *testing.T) {
	// Results as written before version 2 of the model: no
	// endowments.csv, no pay_ or alternative_ratio_ columns.
	dir := filepath.Join(t.TempDir(), "old")
	writeRun(t, dir, []string{"BR", "DE"}, 5)
	dropColumns(t, filepath.Join(dir, "nations.csv"), func(h string) bool { return strings.HasPrefix(h, "pay_") })
	dropColumns(t, filepath.Join(dir, "rounds.csv"), func(h string) bool { return strings.HasPrefix(h, "alternative_ratio_") })
	files, err := Dir(dir, Options{Formats: []string{"svg"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, k := range runOnly {
			if strings.HasSuffix(f, k+".svg") {
				t.Errorf("%s drawn from results without its data", f)
			}
		}
	}
	for k, want := range map[string]string{"endowments": "no endowments.csv", "payoffs": "no pay_ columns", "alternative": "no alternative_ratio_ columns"} {
		_, err := Dir(dir, Options{Kinds: []string{"series", k}})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "older minilateral") {
			t.Errorf("asked for %s: error %v, want one containing %q", k, err, want)
		}
	}
	// Endowments alone missing: the other two still drawn.
	dyn := filepath.Join(t.TempDir(), "dyn")
	writeDynamicsRun(t, dyn, 8)
	os.Remove(filepath.Join(dyn, "endowments.csv"))
	files, err = Dir(dyn, Options{Formats: []string{"svg"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if slices.Contains(names, "endowments.svg") || !slices.Contains(names, "payoffs.svg") || !slices.Contains(names, "alternative.svg") {
		t.Errorf("files %v: want payoffs and alternative, no endowments", names)
	}
	// A sweep has none of them.
	sweep := filepath.Join(t.TempDir(), "sweep")
	defaultSynth().write(t, sweep)
	for _, k := range runOnly {
		_, err := Dir(sweep, Options{Kinds: []string{k}})
		if err == nil || !strings.Contains(err.Error(), "needs a single run") {
			t.Errorf("%s of a sweep: error %v", k, err)
		}
	}
}

// TestSpanLog checks the choice of scale for endowment shares: log for
// positive shares spanning a factor of ten, linear for a zero share or a
// narrow span (where a log axis would have no labelled tick).
func TestSpanLog(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		vs   []float64
		want bool
	}{
		{[]float64{0.001, 0.73, 0.2}, true},
		{[]float64{0.05, 0.5}, true},
		{[]float64{0.2, 0.5, 0.3}, false},
		{[]float64{0, 0.001, 0.73}, false},
		{[]float64{nan, 0.001, 0.73}, true},
		{[]float64{nan}, false},
		{nil, false},
	} {
		if got := spanLog(c.vs); got != c.want {
			t.Errorf("spanLog(%v) = %v, want %v", c.vs, got, c.want)
		}
	}
}
