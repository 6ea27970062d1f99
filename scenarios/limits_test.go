package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Measured bounds on refusing a hostile sweep table: generous (a refusal
// takes about a millisecond and a few hundred kB), but far below what an
// input that allocates or loops in proportion to the design would take.
const (
	refuseTime  = time.Second
	refuseAlloc = 50 << 20
)

// measure runs fn and returns the time it took and the bytes it
// allocated (runtime.MemStats.TotalAlloc, every allocation counted, freed
// or not).
func measure(fn func()) (time.Duration, uint64) {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&b)
	return d, b.TotalAlloc - a.TotalAlloc
}

// hostileSweeps are sweep tables a careless or hostile user might write.
// mark is the text of the line the error must name; key the key.
var hostileSweeps = []struct {
	name, sweep, mark, key string
}{
	{"steps 2e9 (issue 13)", grid("steps = 2000000000"), "steps = 2000000000", "sweep.parameter.steps"},
	{"steps max int64", grid("steps = 9223372036854775807"), "steps = 9223372036854775807", "sweep.parameter.steps"},
	{"steps min int64", grid("steps = -9223372036854775808"), "steps = -9223372036854775808", "sweep.parameter.steps"},
	{"steps too big for int64", grid("steps = 9223372036854775808"), "steps = 9223372036854775808", ""},
	{"steps nan", grid("steps = nan"), "steps = nan", "sweep.parameter.steps"},
	{"steps inf", grid("steps = inf"), "steps = inf", "sweep.parameter.steps"},
	{"steps 1e400", grid("steps = 1e400"), "steps = 1e400", ""},
	{"steps 1e6 on two parameters × 20", "[sweep]\nreplications = 20\n" + grid("steps = 1000000") + string(grid2("steps = 1000000")),
		"replications = 20", "sweep.replications"},
	{"whole-number range, too many steps", "[[sweep.parameter]]\nkey = \"bloc.exclusion_rounds\"\nfrom = 0\nto = 1000\nsteps = 1000000000\n",
		"steps = 1000000000", "sweep.parameter.steps"},
	{"switch, too many steps", "[[sweep.parameter]]\nkey = \"bloc.threat\"\nfrom = 0\nto = 1\nsteps = 9223372036854775807\n",
		"steps = 9223372036854775807", "sweep.parameter.steps"},
	{"samples 1e12 (issue 13)", lhs("samples = 1000000000000"), "samples = 1000000000000", "sweep.samples"},
	{"samples max int64", lhs("samples = 9223372036854775807"), "samples = 9223372036854775807", "sweep.samples"},
	{"samples min int64", lhs("samples = -9223372036854775808"), "samples = -9223372036854775808", "sweep.samples"},
	{"samples nan", lhs("samples = nan"), "samples = nan", "sweep.samples"},
	{"samples inf", lhs("samples = -inf"), "samples = -inf", "sweep.samples"},
	{"replications 2e12 (issue 13)", "[sweep]\nreplications = 2000000000000\n", "replications = 2000000000000", "sweep.replications"},
	{"replications max int64", "[sweep]\nreplications = 9223372036854775807\n", "replications = 9223372036854775807", "sweep.replications"},
	{"replications min int64", "[sweep]\nreplications = -9223372036854775808\n", "replications = -9223372036854775808", "sweep.replications"},
	{"replications nan", "[sweep]\nreplications = nan\n", "replications = nan", "sweep.replications"},
	{"replications inf", "[sweep]\nreplications = inf\n", "replications = inf", "sweep.replications"},
	{"replications × samples", lhs("samples = 1000000000\nreplications = 1000000000"), "samples = 1000000000", "sweep.samples"},
	{"seed nan", "[sweep]\nseed = nan\n", "seed = nan", "sweep.seed"},
	{"seed inf", "[sweep]\nseed = inf\n", "seed = inf", "sweep.seed"},
	{"seed min int64", "[sweep]\nseed = -9223372036854775808\n", "seed = -9223372036854775808", "sweep.seed"},
	{"from nan", grid2("steps = 3").Replace("from = 0", "from = nan"), "from = nan", "sweep.parameter.from"},
	{"from -inf", grid2("steps = 3").Replace("from = 0", "from = -inf"), "from = -inf", "sweep.parameter.from"},
	{"to nan", grid2("steps = 3").Replace("to = 1", "to = nan"), "to = nan", "sweep.parameter.to"},
	{"to inf", grid2("steps = 3").Replace("to = 1", "to = inf"), "to = inf", "sweep.parameter.to"},
	{"from min float", grid2("steps = 3").Replace("from = 0", "from = -1.7976931348623157e308"), "from = -1.7976931348623157e308", "sweep.parameter.from"},
	{"values nan", "[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nvalues = [0, nan]\n", "values = [0, nan]", "sweep.parameter.values"},
	{"values inf", "[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nvalues = [inf]\n", "values = [inf]", "sweep.parameter.values"},
	{"values -inf", "[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nvalues = [-inf]\n", "values = [-inf]", "sweep.parameter.values"},
	{"record nan", "[sweep]\nrecord = [nan]\n", "record = [nan]", "sweep.record"},
	{"record inf", "[sweep]\nrecord = [inf]\n", "record = [inf]", "sweep.record"},
	{"record max int64", "[sweep]\nrecord = [9223372036854775807]\n", "record = [9223372036854775807]", "sweep.record"},
	{"record min int64", "[sweep]\nrecord = [-9223372036854775808]\n", "record = [-9223372036854775808]", "sweep.record"},
}

type tomlText string

func (t tomlText) Replace(old, new string) string { return strings.Replace(string(t), old, new, 1) }

func grid(steps string) string {
	return "[[sweep.parameter]]\nkey = \"superpowers.US.export_controls\"\nfrom = 0\nto = 1\n" + steps + "\n"
}

func grid2(steps string) tomlText {
	return tomlText("[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nfrom = 0\nto = 1\n" + steps + "\n")
}

func lhs(samples string) string {
	return "[sweep]\ndesign = \"lhs\"\n" + samples + "\n" + grid2("").Replace("\n\n", "\n")
}

// TestHostileSweepRefused loads each hostile sweep table: it must be
// refused, naming the key and its line, within refuseTime and
// refuseAlloc.
func TestHostileSweepRefused(t *testing.T) {
	for _, tc := range hostileSweeps {
		t.Run(tc.name, func(t *testing.T) {
			src := sweepWorld + tc.sweep
			line := 0
			for i, l := range strings.Split(src, "\n") {
				if l == tc.mark {
					line = i + 1
					break
				}
			}
			if line == 0 {
				t.Fatalf("mark %q not in the test input", tc.mark)
			}
			var err error
			d, alloc := measure(func() { _, err = Parse("hostile.toml", []byte(src)) })
			if err == nil {
				t.Fatalf("accepted:\n%s", tc.sweep)
			}
			want := fmt.Sprintf(`hostile\.toml:%d[:: ]`, line)
			if tc.key != "" {
				want = fmt.Sprintf(`hostile\.toml:%d(:\d+)?: %s:`, line, regexp.QuoteMeta(tc.key))
			}
			if !regexp.MustCompile(want).MatchString(err.Error()) {
				t.Errorf("error %q does not name %q", err, want)
			}
			if d > refuseTime || alloc > refuseAlloc {
				t.Errorf("refused in %v after allocating %d bytes; want under %v and %d bytes", d, alloc, refuseTime, refuseAlloc)
			}
		})
	}
}

// TestDesignSizeSaturates checks that DesignSize never overflows.
func TestDesignSizeSaturates(t *testing.T) {
	big := int64(math.MaxInt64)
	f := func(v float64) *float64 { return &v }
	s := Default()
	s.Sweep.Replications = &big
	s.Sweep.Parameters = []SweepParam{{From: f(0), To: f(1), Steps: &big}, {From: f(0), To: f(1), Steps: &big}}
	if p, r := s.DesignSize(); p != math.MaxInt64 || r != math.MaxInt64 {
		t.Errorf("DesignSize = %d, %d; want saturated", p, r)
	}
	three, four := int64(3), int64(4)
	s.Sweep.Replications = &four
	s.Sweep.Parameters = []SweepParam{{From: f(0), To: f(1), Steps: &three}, {Values: []float64{1, 2}}}
	if p, r := s.DesignSize(); p != 6 || r != 24 {
		t.Errorf("DesignSize = %d, %d; want 6, 24", p, r)
	}
}

// TestGridAtMatchesGrid checks the lazy values against the list.
func TestGridAtMatchesGrid(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, n := range []int64{1, 2, 3, 7, 21, 100} {
		p := SweepParam{From: f(-0.3), To: f(0.7), Steps: &n}
		g := p.Grid()
		if int64(len(g)) != p.GridLen() {
			t.Fatalf("%d steps: len %d, GridLen %d", n, len(g), p.GridLen())
		}
		for k, v := range g {
			if p.GridAt(int64(k)) != v {
				t.Errorf("%d steps: GridAt(%d) = %v, Grid %v", n, k, p.GridAt(int64(k)), v)
			}
		}
	}
}
