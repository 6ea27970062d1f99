package scenarios

import (
	"math"
	"strings"
	"testing"
)

func baselineForPriors(t *testing.T) *Scenario {
	t.Helper()
	s, err := Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBundledPriorsLoad(t *testing.T) {
	ps, err := OpenPriors("", baselineForPriors(t))
	if err != nil {
		t.Fatalf("the bundled priors do not load against the baseline: %v", err)
	}
	if len(ps.List) == 0 {
		t.Fatal("the bundled priors are empty")
	}
	for _, b := range Bundled() {
		if b.Name == "priors" {
			t.Error("the priors file is listed as a bundled scenario")
		}
	}
	if _, err := Bundle("priors"); err == nil {
		t.Error("the priors file opens as a scenario")
	}
}

func TestPriorsFile(t *testing.T) {
	ps, err := OpenPriors("testdata/priors/good.toml", baselineForPriors(t))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range ps.List {
		keys = append(keys, p.Key)
	}
	if got, want := strings.Join(keys, " "), "bloc.pooling_share bloc.threat_threshold superpowers.US.export_controls"; got != want {
		t.Errorf("keys in file order: %q, want %q", got, want)
	}
	cases := []struct {
		key     string
		u, want float64
	}{
		{"bloc.pooling_share", 0, 0.05},
		{"bloc.pooling_share", 0.5, 0.125},
		{"bloc.pooling_share", 1, 0.2},
		{"bloc.threat_threshold", 0.5, 0.1}, // geometric midpoint of 0.01 and 1
		{"bloc.threat_threshold", 0.25, math.Sqrt(0.1 * 0.01)},
		{"superpowers.US.export_controls", 0.25, 0.25}, // F(mode) = (mode−low)/(high−low)
		{"superpowers.US.export_controls", 0.125, math.Sqrt(0.125 * 0.25)},
	}
	for _, c := range cases {
		p, ok := ps.Lookup(c.key)
		if !ok {
			t.Fatalf("no prior for %s", c.key)
		}
		if got := p.Quantile(c.u); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s Quantile(%v) = %v, want %v", c.key, c.u, got, c.want)
		}
	}
}

func TestPriorsRefused(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"unknown key", "[\"world.nonsense\"]\nlow = 0\nhigh = 1\n", `bad.toml:1: world.nonsense: unknown parameter`},
		{"no range", "\n[\"bloc.pooling_share\"]\nlow = 0.1\n", `bad.toml:2: bloc.pooling_share: bloc.pooling_share has no range`},
		{"outside valid range", "[\"bloc.pooling_share\"]\nlow = 0.1\nhigh = 2\n", `bad.toml:3: bloc.pooling_share.high: bloc.pooling_share: 2 is outside [0, 1]`},
		{"inverted", "[\"bloc.pooling_share\"]\nlow = 0.5\nhigh = 0.1\n", `bad.toml:2: bloc.pooling_share.low: bloc.pooling_share: low 0.5 is not below high 0.1`},
		{"log of zero", "[\"bloc.pooling_share\"]\nlow = 0\nhigh = 0.5\ndist = \"loguniform\"\n", `bad.toml:2: bloc.pooling_share.low: bloc.pooling_share: a log-uniform prior needs low > 0`},
		{"no mode", "[\"bloc.pooling_share\"]\nlow = 0\nhigh = 0.5\ndist = \"triangular\"\n", `bad.toml:4: bloc.pooling_share.dist: bloc.pooling_share: a triangular prior needs a mode`},
		{"bad dist", "[\"bloc.pooling_share\"]\nlow = 0\nhigh = 0.5\ndist = \"normal\"\n", `bad.toml:4: bloc.pooling_share.dist: bloc.pooling_share: unknown distribution "normal"`},
		{"switch", "[\"bloc.threat\"]\nlow = 0\nhigh = 1\n", `bad.toml:1: bloc.threat: bloc.threat is a switch`},
		{"unknown field", "[\"bloc.pooling_share\"]\nlow = 0\nhigh = 1\nwidth = 3\n", `bad.toml:4: bloc.pooling_share.width: unknown field`},
		{"syntax", "[\"bloc.pooling_share\"\nlow = 0\n", `bad.toml:2`},
	}
	s := baselineForPriors(t)
	for _, c := range cases {
		_, err := ParsePriors("bad.toml", []byte(c.text), s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestSensitivityTable(t *testing.T) {
	src := `name = "t"
model = "ishigami"
[sensitivity]
method = "sobol"
n = 1000

[[sensitivity.parameter]]
key = "game.ishigami.x1"
low = -4
high = 3
`
	_, err := Parse("t.toml", []byte(src))
	if err == nil {
		t.Fatal("a bad [sensitivity] table was accepted")
	}
	for _, want := range []string{"t.toml:5: sensitivity.n: n = 1000 is not a power of two", "t.toml:9: sensitivity.parameter.low: game.ishigami.x1: -4 is outside"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nlacks %q", err, want)
		}
	}
	ok := strings.Replace(strings.Replace(src, "n = 1000", "n = 1024", 1), "low = -4", "low = -3", 1)
	s, err := Parse("t.toml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if s.Sensitivity.Dummy.On(true) != true || s.Sensitivity.BaseSamples() != 1024 {
		t.Errorf("defaults: dummy %v, n %d", s.Sensitivity.Dummy.On(true), s.Sensitivity.BaseSamples())
	}
	for _, k := range Keys(s) {
		if strings.HasPrefix(k.Path, "sensitivity") {
			t.Errorf("Keys lists %s, a setting of the analysis", k.Path)
		}
	}
}
