package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestGameValidation(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		key       string // dotted key of the expected error
		line      int
		msg       string
	}{
		{"one player", `model = "coalition"
[game]
players = 1
[game.coalition]
benefit = 1.0
cost = 1.0
`, "game.players", 3, "at least 2 players"},
		{"zero cost", `model = "coalition"
[game]
players = 4
[game.coalition]
benefit = 1.0
cost = 0.0
`, "game.coalition.cost", 6, "must be positive"},
		{"asymmetric lengths", `model = "coalition"
[game]
players = 3
[game.coalition]
benefits = [1.0, 2.0]
costs = [1.0, 1.0, 1.0]
`, "game.coalition", 4, "must both list game.players = 3 values"},
		{"barrett leadership", `model = "barrett"
[game]
players = 5
[game.barrett]
a = 1.0
b = 1.0
c = 1.0
leadership = "cartel"
`, "game.barrett.leadership", 8, "want nash or stackelberg"},
		{"pd continuation 1", `model = "prisoners-dilemma"
[world]
continuation = 1.0
[game.pd]
temptation = 5.0
reward = 3.0
punishment = 1.0
sucker = 0.0
strategies = ["grim", "tit-for-tat"]
`, "world.continuation", 3, "discount factor 1 is outside (0,1)"},
		{"pd continuation 0", `model = "prisoners-dilemma"
[world]
continuation = 0.0
[game.pd]
temptation = 5.0
reward = 3.0
punishment = 1.0
sucker = 0.0
strategies = ["grim", "tit-for-tat"]
`, "world.continuation", 3, "discount factor 0 is outside (0,1)"},
		{"pd ordering", `model = "prisoners-dilemma"
[world]
continuation = 0.9
[game.pd]
temptation = 3.0
reward = 5.0
punishment = 1.0
sucker = 0.0
strategies = ["grim", "tit-for-tat"]
`, "game.pd", 4, "not a prisoner's dilemma: need T > R > P > S"},
		{"pd 2R > T+S", `model = "prisoners-dilemma"
[world]
continuation = 0.9
[game.pd]
temptation = 10.0
reward = 3.0
punishment = 1.0
sucker = 0.0
strategies = ["grim", "tit-for-tat"]
`, "game.pd", 4, "need 2R > T+S"},
		{"pd strategy", `model = "prisoners-dilemma"
[world]
continuation = 0.9
[game.pd]
temptation = 5.0
reward = 3.0
punishment = 1.0
sucker = 0.0
strategies = ["grim", "pavlov"]
`, "game.pd.strategies", 9, `unknown strategy "pavlov"`},
		{"rubinstein delta", `model = "rubinstein"
[game.rubinstein]
delta1 = 0.9
delta2 = 0.0
horizon = 100
grid = 100
`, "game.rubinstein.delta2", 4, "discount factor 0 is outside (0,1)"},
		{"rubinstein delta above 1", `model = "rubinstein"
[game.rubinstein]
delta1 = 1.2
delta2 = 0.5
horizon = 100
grid = 100
`, "game.rubinstein.delta1", 3, "outside [0, 1]"},
		{"nations in a game", `model = "coalition"
[game]
players = 3
[game.coalition]
benefit = 1.0
cost = 1.0
[nations.FR]
market = 0.03
`, "nations.FR", 7, "has no nations or superpowers"},
	} {
		_, err := Parse("game.toml", []byte(tc.src))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		var found bool
		for _, e := range unjoin(err) {
			var se *Error
			if errors.As(e, &se) && se.Key == tc.key && strings.Contains(se.Msg, tc.msg) {
				found = true
				if se.Line != tc.line || se.File != "game.toml" {
					t.Errorf("%s: error at %s:%d, want game.toml:%d", tc.name, se.File, se.Line, tc.line)
				}
			}
		}
		if !found {
			t.Errorf("%s: error %q lacks key %s with %q", tc.name, err, tc.key, tc.msg)
		}
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// The bundled lessons are valid, and every game parameter has a dotted key.
func TestLessonsAndGameKeys(t *testing.T) {
	for _, name := range []string{"lesson-coalition", "lesson-barrett", "lesson-pd", "lesson-rubinstein"} {
		s, err := Bundle(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Description == "" || strings.Contains(s.Description, "\n") {
			t.Errorf("%s: description %q is not one line", name, s.Description)
		}
	}
	s, _ := Bundle("lesson-pd")
	for _, key := range []string{"game.players", "game.coalition.benefit", "game.barrett.c", "game.pd.temptation",
		"game.pd.random_cooperation", "game.rubinstein.delta1", "game.rubinstein.outside_option", "game.rubinstein.horizon"} {
		if _, err := Get(s, key); err != nil {
			t.Errorf("key %s: %v", key, err)
		}
	}
	if err := Set(s, "game.pd.reward", "6"); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "T > R > P > S") {
		t.Errorf("reward above temptation: %v", err)
	}
	d := DefaultGame()
	if d.Players < 2 || d.PD.T <= d.PD.R {
		t.Errorf("DefaultGame %+v is not a valid game", d)
	}
}
