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
		{"baseline", 0, 0x5e9ae825f6cd9392},
		{"baseline", 1, 0xe85c53e88b625508},
		{"adaptive", 0, 0x1724e5e71f51963},
		{"adaptive", 1, 0x5a6531509df5e5b2},
		{"divide", 0, 0xe2fe0be72d9d9c95},
		{"divide", 1, 0x82233e402baaa0ec},
		{"logit", 0, 0x20d41a3384805d5},
		{"logit", 1, 0x34fdcf2f94681567},
		{"roth-erev", 0, 0x2441609bd306ca8c},
		{"roth-erev", 1, 0x89962c265504365a},
		{"imitation", 0, 0xa1609c3e4f050187},
		{"imitation", 1, 0x23ca00def83ec5b3},
		// Without one-off offers forward-looking valuation ranks actions
		// exactly as myopic best response with the stay tie rule.
		{"forward-looking", 0, 0x5e9ae825f6cd9392},
		{"forward-looking", 1, 0xe85c53e88b625508},
		{"consensus", 0, 0xdbde9262b2ff40c5},
		{"consensus", 1, 0x4d79bab3515fa0c4},
		{"shocks", 0, 0xbe8e715c8772ca46},
		{"shocks", 1, 0xffd1d8a305f1a586},
		{"individual", 0, 0xcbe63337bd1009ae},
		{"individual", 1, 0xa884dabb56af5996},
		{"cobb-douglas", 0, 0xdba7f5ffd0e1fd06},
		{"cobb-douglas", 1, 0x9da3731a147acf45},
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
