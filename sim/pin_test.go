package sim

import "testing"

// TestPinnedOutputs pins every per-round output (metrics, each nation's
// action, exclusion timer, payoff, usable and own capability) and the
// per-run outcome of two streams of the baseline and of variants that
// exercise every code path, as a bit-exact FNV-64a fingerprint. It was
// recorded before the round loop was optimised: a change of any output
// bit fails it. Change these numbers only for a deliberate change of the
// model, never to make an optimisation pass.
func TestPinnedOutputs(t *testing.T) {
	want := []struct {
		variant string
		stream  uint64
		print   uint64
	}{
		{"baseline", 0, 0xea8eef81e20f6bb4},
		{"baseline", 1, 0x1deb633a62d5cfc0},
		{"adaptive", 0, 0x655b4c1994229262},
		{"adaptive", 1, 0xf832ff4029f5d2cb},
		{"divide", 0, 0x70901f927f319c87},
		{"divide", 1, 0x91e0bca643dbee94},
		{"logit", 0, 0xe48ea29764ce3957},
		{"logit", 1, 0xe01c4c98086b358a},
		{"roth-erev", 0, 0x6628e56cb8dafc01},
		{"roth-erev", 1, 0x68d184d7604a9c1f},
		{"imitation", 0, 0xc7b02a7e92616e7c},
		{"imitation", 1, 0xd5be47c4dd9b4f5f},
		// Without one-off offers forward-looking valuation ranks actions
		// exactly as myopic best response with the stay tie rule.
		{"forward-looking", 0, 0xea8eef81e20f6bb4},
		{"forward-looking", 1, 0x1deb633a62d5cfc0},
		{"consensus", 0, 0xcc33b5918a5a3121},
		{"consensus", 1, 0x7dc8d1136fbc38ef},
		{"cobb-douglas", 0, 0xb68d19f26614905},
		{"cobb-douglas", 1, 0xefd5c72bd6586714},
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
	if o.Rounds != 200 || o.FinalBlocSize != 9 || o.MeanBlocSize != 9 || o.SettleRound != 3 || o.CredibleRounds != 200 {
		t.Errorf("outcome %+v: want 200 rounds, final and mean size 9, settling at 3, 200 credible rounds", *o)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"MaxThreat", o.MaxThreat, 0.79999998106533543},
		{"MeanTerms", o.MeanTerms, 5.5902086744703903},
		{"FinalDivOwn", o.FinalDivOwn, 37.229077836200808},
		{"FinalWelfare", o.FinalWelfare, 16.146625536906324},
		{"FinalKB", o.FinalKB, 0.32801555658293124},
		{"FinalControls[CN]", o.FinalControls[0], 0.3},
		{"FinalControls[US]", o.FinalControls[1], 0.5},
		{"FinalUtility[CN]", o.FinalUtility[0], 4.7910970348741033},
		{"FinalUtility[US]", o.FinalUtility[1], 9.5245505718989065},
	} {
		if !approx(c.got, c.want, 1e-12) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
}
