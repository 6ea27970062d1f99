package sim

import "testing"

// TestPinnedOutputs pins every per-round output (metrics, each nation's
// action, exclusion timer, payoff, usable and own capability) and the
// per-run outcome of two streams of the baseline and of variants that
// exercise every code path, as a bit-exact FNV-64a fingerprint. It was
// recorded when model version 2 was introduced: a change of any output
// bit fails it. Change these numbers only for a deliberate change of the
// model, never to make an optimisation pass.
func TestPinnedOutputs(t *testing.T) {
	want := []struct {
		variant string
		stream  uint64
		print   uint64
	}{
		{"baseline", 0, 0xd5cbf293d998ffc8},
		{"baseline", 1, 0x14c613ab951c99e9},
		{"adaptive", 0, 0xae803a86e2e7dc37},
		{"adaptive", 1, 0xc30343309653b773},
		{"divide", 0, 0x3c164a3d02c67250},
		{"divide", 1, 0xc0f55974b695e2fd},
		{"logit", 0, 0xbc7d55f1ecc46618},
		{"logit", 1, 0x908923e73362c7ee},
		{"roth-erev", 0, 0x50bcd75f914fb261},
		{"roth-erev", 1, 0xadb61d3ddb7338ee},
		{"imitation", 0, 0xfe363555621e8c8},
		{"imitation", 1, 0x391fb62e27cbf2de},
		// Without one-off offers forward-looking valuation ranks actions
		// exactly as myopic best response with the stay tie rule.
		{"forward-looking", 0, 0xd5cbf293d998ffc8},
		{"forward-looking", 1, 0x14c613ab951c99e9},
		{"consensus", 0, 0xcc11e1fb947a04c6},
		{"consensus", 1, 0x805e6798e10572e5},
		{"individual", 0, 0x72e2a3e45e44962a},
		{"individual", 1, 0x34a597ba6e9015c4},
		{"cobb-douglas", 0, 0x825c7cfc2713a6e3},
		{"cobb-douglas", 1, 0x9b9495c934016ee7},
	}
	for _, w := range want {
		var v variant
		for _, x := range variants {
			if x.name == w.variant {
				v = x
			}
		}
		s := variantScenario(t, v)
		got, _ := runPrint(t, s, w.stream)
		if got != w.print {
			t.Errorf("%s stream %d: fingerprint %#x, want %#x", w.variant, w.stream, got, w.print)
		}
	}
}

// TestPinnedBaselineValues pins a few readable outputs of the baseline,
// seed 1, stream 0 (what `minilateral run baseline` plays), to 1e-12
// relative.
func TestPinnedBaselineValues(t *testing.T) {
	_, o := runPrint(t, baseline(t), 0)
	if o.Rounds != 80 || o.FinalBlocSize != 13 || o.MeanBlocSize != 13 || o.SettleRound != 10 || o.CredibleRounds != 80 {
		t.Errorf("outcome %+v: want 80 rounds, final and mean size 13, settling at 10, 80 credible rounds", *o)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"MaxThreat", o.MaxThreat, 0.59999999986513941},
		{"MeanTerms", o.MeanTerms, 0.5056873244466743},
		{"FinalDivOwn", o.FinalDivOwn, 42.887868591738282},
		{"FinalWelfare", o.FinalWelfare, 10.718735655081927},
		{"FinalKB", o.FinalKB, 16.206547674720738},
		{"FinalControls[CN]", o.FinalControls[0], 0.2},
		{"FinalControls[US]", o.FinalControls[1], 0.3},
		{"FinalUtility[CN]", o.FinalUtility[0], -0.6318737100450047},
		{"FinalUtility[US]", o.FinalUtility[1], 10.002796930511902},
	} {
		if !approx(c.got, c.want, 1e-12) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
}
