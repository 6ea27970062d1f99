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
		{"baseline", 0, 0xc02cc5cb4fdaf085},
		{"baseline", 1, 0xa058e46d45b59528},
		{"adaptive", 0, 0xcb04b947e2abb157},
		{"adaptive", 1, 0xcdd7159db6b93188},
		{"divide", 0, 0x917f48982d7d4eec},
		{"divide", 1, 0xeef59a592221a4d0},
		{"logit", 0, 0xa1ab97a07434e33e},
		{"logit", 1, 0x5876a00a4d39130e},
		{"roth-erev", 0, 0x326f1e57834142fa},
		{"roth-erev", 1, 0x409bd321ff3aa1f6},
		{"imitation", 0, 0xd2911f9fc6921615},
		{"imitation", 1, 0x552754b29fcd0243},
		// Without one-off offers forward-looking valuation ranks actions
		// exactly as myopic best response with the stay tie rule.
		{"forward-looking", 0, 0xc02cc5cb4fdaf085},
		{"forward-looking", 1, 0xa058e46d45b59528},
		{"consensus", 0, 0x78b55296026273ea},
		{"consensus", 1, 0x991b9c13921cd232},
		{"individual", 0, 0xf04044f65a8ac655},
		{"individual", 1, 0x4bc66b2e2291bc7b},
		{"cobb-douglas", 0, 0x501dedc1e1b2bda0},
		{"cobb-douglas", 1, 0xa0ab2b65a71bf4c2},
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
		{"MeanTerms", o.MeanTerms, 0.50568732445442044},
		{"FinalDivOwn", o.FinalDivOwn, 42.887868584849976},
		{"FinalWelfare", o.FinalWelfare, 10.718735655607794},
		{"FinalKB", o.FinalKB, 16.206547676560898},
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
