package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runStabilityCmd(args ...string) (stdout, stderr string, code int, err error) {
	var out, errb bytes.Buffer
	err = run(append([]string{"stability"}, args...), &out, &errb)
	return out.String(), errb.String(), exitCode(err), err
}

func TestStabilityGolden(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		golden string
		args   []string
		csv    string // golden name of the CSV, if any
	}{
		{"coalition-membership.txt", []string{"lesson-coalition"}, "coalition-membership.csv"},
		{"coalition-status-quo.txt", []string{"lesson-coalition", "--tie", "status-quo"}, ""},
		{"coalition-outside-n10.txt", []string{"--tie=outside", "lesson-coalition", "--set", "game.players=10"}, ""},
		{"barrett-stackelberg.txt", []string{"lesson-barrett", "--tie", "status-quo"}, "barrett-stackelberg.csv"},
		{"barrett-small-gamma.txt", []string{"lesson-barrett", "--set", "game.barrett.c=0.01"}, ""},
		{"asymmetric.txt", []string{filepath.Join("testdata", "stability", "asymmetric.toml"), "--tie", "status-quo"}, "asymmetric.csv"},
		{"ai-bloc.txt", []string{filepath.Join("testdata", "stability", "bloc3.toml"), "--tol", "1e-6"}, "ai-bloc.csv"},
	} {
		args := tc.args
		csvPath := filepath.Join(dir, tc.golden+".csv")
		if tc.csv != "" {
			args = append(args, "--csv", csvPath)
		}
		out, errOut, code, err := runStabilityCmd(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %v\n%s", args, code, err, errOut)
		}
		stabilityGolden(t, tc.golden, out)
		if tc.csv != "" {
			b, err := os.ReadFile(csvPath)
			if err != nil {
				t.Fatal(err)
			}
			stabilityGolden(t, tc.csv, string(b))
		}
	}
}

func TestStabilityBadInput(t *testing.T) {
	td := filepath.Join("testdata", "stability")
	for _, tc := range []struct {
		args []string
		code int
		msg  string // part of the error
	}{
		{[]string{"lesson-coalition", "--set", "game.players=1"}, 1, "game.players: a coalition game needs at least 2 players"},
		{[]string{filepath.Join(td, "toomany.toml")}, 1, "above the limit of 24"},
		{[]string{filepath.Join(td, "notpd.toml")}, 1, "not a prisoner's dilemma: need T > R > P > S"},
		{[]string{filepath.Join(td, "baddelta.toml")}, 1, "game.rubinstein.delta1: discount factor 1 is outside (0,1)"},
		{[]string{"lesson-pd", "--set", "world.continuation=1"}, 1, "world.continuation: discount factor 1 is outside (0,1)"},
		{[]string{"lesson-pd"}, 1, "has no coalitions to analyse"},
		{[]string{"lesson-coalition", "--tie", "maybe"}, 2, "--tie"},
		{[]string{"lesson-coalition", "--tol", "-1"}, 2, "--tol"},
		{[]string{"lesson-coalition", "--set", "game.players"}, 2, "key=value"},
		{[]string{}, 2, "exactly one SCENARIO"},
		{[]string{"lesson-coalition", "lesson-barrett"}, 2, "exactly one SCENARIO"},
		{[]string{"no-such-scenario"}, 1, "no bundled scenario"},
	} {
		_, _, code, err := runStabilityCmd(tc.args...)
		if code != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v: exit %d, error %v; want exit %d and an error containing %q", tc.args, code, err, tc.code, tc.msg)
		}
	}
}

func stabilityGolden(t *testing.T, name, got string) {
	t.Helper()
	checkGolden(t, "stability", name, got)
}
