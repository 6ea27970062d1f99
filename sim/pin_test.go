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
		{"baseline", 0, 0x5a992ca6c716d78},
		{"baseline", 1, 0x3afb531aab565b92},
		{"adaptive", 0, 0x7918196f9b524de2},
		{"adaptive", 1, 0xff8193926b7d9800},
		{"divide", 0, 0x9c2d73f1e7e33e32},
		{"divide", 1, 0x5c504517f822ba08},
		{"logit", 0, 0x114d4f6200c8db80},
		{"logit", 1, 0x383593f9cc0f75ac},
		{"roth-erev", 0, 0xe8525aefeffc46a0},
		{"roth-erev", 1, 0x34b1113a45c36097},
		{"imitation", 0, 0x5abf3047a6763909},
		{"imitation", 1, 0xb8e9c6e56a60d9da},
		// Without one-off offers forward-looking valuation ranks actions
		// exactly as myopic best response with the stay tie rule.
		{"forward-looking", 0, 0x5a992ca6c716d78},
		{"forward-looking", 1, 0x3afb531aab565b92},
		{"consensus", 0, 0x72b4addb679638dc},
		{"consensus", 1, 0xc017ffc1f30bbd6},
		{"shocks", 0, 0xd4688f42a1234526},
		{"shocks", 1, 0x48a56d07df5b18ac},
		{"individual", 0, 0xcdef614c21a4d13d},
		{"individual", 1, 0xe962e99a88869ce5},
		{"cobb-douglas", 0, 0xe906c3a97a49e7c8},
		{"cobb-douglas", 1, 0xec0afbfd1874d34b},
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
