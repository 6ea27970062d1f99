package scenarios

import (
	"strings"
	"testing"
)

// Coalitional moves are the ai-bloc model's: a classic game's default rate
// is 0, and a rate set for one is refused with the key named.
func TestCoalitionRateOnGames(t *testing.T) {
	src, err := BundledSource("lesson-pd")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("lesson-pd.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	if s.Decisions.CoalitionRate != 0 {
		t.Errorf("a classic game got coalition rate %v, want 0", s.Decisions.CoalitionRate)
	}
	bad := strings.Replace(string(src), "[decisions]", "[decisions]\ncoalition_rate = 0.2", 1)
	if !strings.Contains(bad, "coalition_rate") {
		bad += "\n[decisions]\ncoalition_rate = 0.2\n"
	}
	_, err = Parse("lesson-pd.toml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "decisions.coalition_rate") || !strings.Contains(err.Error(), "no coalitional moves") {
		t.Errorf("a coalition rate on a classic game: error %v", err)
	}
	b, err := Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if b.Decisions.CoalitionRate != 0.1 || b.Decisions.CoalitionSize != 3 {
		t.Errorf("baseline coalitions %v, %v; want the defaults 0.1 and 3", b.Decisions.CoalitionRate, b.Decisions.CoalitionSize)
	}
}
