package games

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// blocScenario writes an ai-bloc scenario with n nations of random
// endowments (seeded) around the tiny scenario's two superpowers.
func blocScenario(t testing.TB, n int, seed uint64) *scenarios.Scenario {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	var b strings.Builder
	b.WriteString(`name = "synthetic"
description = "synthetic nations for the one-shot stability tests"
[bloc]
contribution = 0.002
coordination = 0.0002
[superpowers.US]
market = 0.26
endowment = {talent = 0.4, compute = 0.6, capital = 0.5, hardware = 0.1, energy = 0.2}
[superpowers.CN]
market = 0.17
endowment = {talent = 0.3, compute = 0.12, capital = 0.1, hardware = 0.27, energy = 0.25}
`)
	for i := range n {
		id := string(rune('A'+i/26)) + string(rune('A'+i%26))
		f := func() float64 { return 0.002 + 0.01*rng.Float64() }
		fmt.Fprintf(&b, "[nations.%s]\nmarket = %.4f\nendowment = {talent = %.4f, compute = %.4f, capital = %.4f, hardware = %.4f, energy = %.4f}\n",
			id, 0.005+0.02*rng.Float64(), f(), f(), f(), f(), f())
	}
	s, err := scenarios.Parse("synthetic.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The one-shot AI-bloc game's fast payoffs equal the engine's own payoff
// code (Bloc.PayoffWith) for random coalitions, within 1e-12 relative.
func TestOneShotMatchesBloc(t *testing.T) {
	s := blocScenario(t, 8, 1)
	r, err := sim.New(s, sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	os := r.Bloc.OneShot()
	n := os.Players()
	in, out := make([]float64, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(5, 6))
	members := make([]bool, n)
	for range 300 {
		set := rng.Uint64() & (1<<uint(n) - 1)
		os.Compare(set, in, out)
		for i := range n {
			for j := range n {
				members[j] = set&(1<<uint(j)) != 0
			}
			want := r.Bloc.PayoffWith(members, i)
			if got := os.Payoff(set, i); !Equal(got, want, 1e-12) {
				t.Fatalf("coalition %b nation %d: OneShot.Payoff %v, Bloc %v", set, i, got, want)
			}
			members[i] = true
			if w := r.Bloc.PayoffWith(members, i); !Equal(in[i], w, 1e-12) {
				t.Fatalf("coalition %b nation %d: Compare in %v, Bloc %v", set, i, in[i], w)
			}
			members[i] = false
			if w := r.Bloc.PayoffWith(members, i); !Equal(out[i], w, 1e-12) {
				t.Fatalf("coalition %b nation %d: Compare out %v, Bloc %v", set, i, out[i], w)
			}
		}
	}
	rep, err := Analyse(s, Options{Tol: tol, Tie: PreferMembership})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.Checked != 1<<8 || rep.Names[0] != "AA" {
		t.Errorf("report: checked %d coalitions, names %v", rep.Result.Checked, rep.Names)
	}
	for _, c := range rep.Result.Stable {
		if !IsStable(os, c.Members, Options{Tol: tol, Tie: PreferMembership}) {
			t.Errorf("reported coalition %b is not stable", c.Members)
		}
	}
	big := blocScenario(t, MaxPlayers+1, 1)
	if _, err := Analyse(big, Options{Tol: tol}); err == nil || !strings.Contains(err.Error(), "24") {
		t.Errorf("Analyse with %d nations: %v, want a refusal naming the limit", MaxPlayers+1, err)
	}
}

func asymmetric20() *Abatement {
	rng := rand.New(rand.NewPCG(20, 1))
	b, c := make([]float64, 20), make([]float64, 20)
	for i := range b {
		b[i], c[i] = 0.5+rng.Float64(), 0.5+rng.Float64()
	}
	g, err := NewAbatement(b, c)
	if err != nil {
		panic(err)
	}
	return g
}

// BenchmarkStability20 checks all 2^20 coalitions of an asymmetric
// 20-player abatement game.
func BenchmarkStability20(b *testing.B) {
	g := asymmetric20()
	for b.Loop() {
		if _, err := Enumerate(g, Options{Tol: DefaultTol, Tie: StatusQuo}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStability20Bloc checks all 2^20 coalitions of the one-shot
// AI-bloc game with 20 nations, its per-coalition cache built each time.
func BenchmarkStability20Bloc(b *testing.B) {
	s := blocScenario(b, 20, 1)
	for b.Loop() {
		if _, err := Analyse(s, Options{Tol: DefaultTol, Tie: StatusQuo}); err != nil {
			b.Fatal(err)
		}
	}
}
