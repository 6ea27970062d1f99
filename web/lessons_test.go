package web

import (
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// TestLessonsSetUp: every guided page that sets the page up builds a
// valid run, and every other names a bundled scenario in its command.
func TestLessonsSetUp(t *testing.T) {
	srv := New(Options{})
	for _, l := range Lessons {
		if l.Scenario == "" {
			f := strings.Fields(l.Command)
			if len(f) < 3 || !bundledName(f[2]) {
				t.Errorf("lesson %s: command %q names no bundled scenario", l.ID, l.Command)
			}
			continue
		}
		if _, err := srv.build(Setup{Scenario: l.Scenario, Rounds: l.Rounds, Sets: l.Sets}); err != nil {
			t.Errorf("lesson %s: %v", l.ID, err)
		}
	}
}

// TestChoicesValid: every choice the page offers passes the scenario's
// validation, so the page never offers a value the CLI would refuse.
func TestChoicesValid(t *testing.T) {
	base, err := scenarios.Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range controls(base) {
		for _, v := range c.Choices {
			s := base.Clone()
			if _, err := setText(s, c.Path, v); err != nil {
				t.Errorf("%s = %s: %v", c.Path, v, err)
				continue
			}
			if err := s.Validate(); err != nil {
				t.Errorf("%s = %s refused by Validate: %v", c.Path, v, err)
			}
		}
	}
}
