package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func newTestServer(t testing.TB, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	srv := New(opt)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts
}

func do(t testing.TB, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func create(t testing.TB, base, setup string) *Data {
	t.Helper()
	code, body := do(t, "POST", base+"/api/sessions", setup)
	if code != http.StatusCreated {
		t.Fatalf("setup %s: %d %s", setup, code, body)
	}
	var d Data
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestHostile sends malformed and hostile requests: each gets a 4xx with
// a clear message, and the server keeps serving.
func TestHostile(t *testing.T) {
	_, ts := newTestServer(t, Options{MaxBody: 4096, MaxRounds: 300, MaxNations: 20})
	u := ts.URL
	big := `{"scenario":"baseline","toml":"` + strings.Repeat("x", 5000) + `"}`
	tests := []struct {
		name, method, path, body string
		code                     int
		msg                      string
	}{
		{"oversized body", "POST", "/api/sessions", big, 413, "over 4096 bytes"},
		{"oversized upload", "POST", "/api/parse", strings.Repeat("# x\n", 2000), 413, "over 4096 bytes"},
		{"not JSON", "POST", "/api/sessions", "{", 400, "bad setup"},
		{"unknown JSON field", "POST", "/api/sessions", `{"scenario":"baseline","path":"/etc/passwd"}`, 400, "unknown field"},
		{"traversal in scenario name", "POST", "/api/sessions", `{"scenario":"../../etc/passwd"}`, 400, "no bundled scenario"},
		{"file path as scenario", "POST", "/api/sessions", `{"scenario":"/etc/passwd.toml"}`, 400, "no bundled scenario"},
		{"traversal in scenario route", "GET", "/api/scenarios/..%2f..%2fetc%2fpasswd", "", 404, "no bundled scenario"},
		{"traversal in static route", "GET", "/static/../../go.mod", "", 404, ""},
		{"encoded traversal in static route", "GET", "/static/..%2f..%2fgo.mod", "", 404, ""},
		{"traversal in export name", "GET", "/api/sessions/x/export/..%2f..%2fgo.mod", "", 404, "no export"},
		{"unknown session", "POST", "/api/sessions/deadbeef/step", "", 404, "no such session"},
		{"bad TOML", "POST", "/api/parse", "rounds = = 3", 400, "upload.toml:1"},
		{"bad TOML in setup", "POST", "/api/sessions", `{"toml":"[world\nrho=1"}`, 400, "upload.toml"},
		{"unknown key in TOML", "POST", "/api/parse", "rounds = 3\nfoo = 1\n", 400, "foo"},
		{"unknown key in sets", "POST", "/api/sessions", `{"scenario":"baseline","sets":["bloc.nope=1"]}`, 400, "unknown parameter"},
		{"NaN", "POST", "/api/sessions", `{"scenario":"baseline","sets":["bloc.threat_credibility=NaN"]}`, 400, "not a finite number"},
		{"Inf", "POST", "/api/sessions", `{"scenario":"baseline","sets":["world.productivity=+Inf"]}`, 400, "not a finite number"},
		{"out of range", "POST", "/api/sessions", `{"scenario":"baseline","sets":["bloc.threat_credibility=2"]}`, 400, "threat_credibility"},
		{"bad choice", "POST", "/api/sessions", `{"scenario":"baseline","sets":["decisions.rule=rm -rf"]}`, 400, "not one of"},
		{"too many rounds", "POST", "/api/sessions", `{"scenario":"baseline","rounds":301}`, 400, "at most 300 rounds"},
		{"negative rounds", "POST", "/api/sessions", `{"scenario":"baseline","rounds":-5}`, 400, "rounds"},
		{"classic game", "POST", "/api/sessions", `{"scenario":"lesson-pd"}`, 400, "ai-bloc"},
		{"bad step", "POST", "/api/sessions/x/step?n=-1", "", 400, "want a whole number"},
		{"huge step", "POST", "/api/sessions/x/step?n=1000000", "", 400, "want a whole number"},
		{"wrong method", "DELETE", "/api/scenarios", "", 405, ""},
		{"unknown route", "GET", "/etc/passwd", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, tt.method, u+tt.path, tt.body)
			if code != tt.code || !strings.Contains(body, tt.msg) {
				t.Errorf("%s %s: %d %q, want %d containing %q", tt.method, tt.path, code, body, tt.code, tt.msg)
			}
			if strings.Contains(body, "module github.com") || strings.Contains(body, "root:") {
				t.Errorf("%s %s leaked a file: %q", tt.method, tt.path, body)
			}
			// Still serving.
			if code, _ := do(t, "GET", u+"/api/scenarios", ""); code != 200 {
				t.Fatalf("after %s the server answers %d", tt.name, code)
			}
		})
	}
	// Too many nations: an uploaded world of 21.
	var b strings.Builder
	b.WriteString("name = \"big\"\n[superpowers.US]\nmarket = 0.2\n")
	for i := range 21 {
		fmt.Fprintf(&b, "[nations.A%c]\nmarket = 0.01\n", rune('A'+i))
	}
	setup, _ := json.Marshal(Setup{TOML: b.String()})
	if code, body := do(t, "POST", u+"/api/sessions", string(setup)); code != 400 || !strings.Contains(body, "at most 20") {
		t.Errorf("21 nations: %d %s", code, body)
	}
}

func TestUpload(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	toml := "name = \"mine\"\nrounds = 20\n[superpowers.US]\nmarket = 0.3\n[superpowers.CN]\nmarket = 0.2\n[nations.AA]\nmarket = 0.05\n[nations.BB]\nmarket = 0.04\n"
	code, body := do(t, "POST", ts.URL+"/api/parse", toml)
	if code != 200 || !strings.Contains(body, `"name":"mine"`) || !strings.Contains(body, "nations.AA.market") {
		t.Fatalf("parse: %d %s", code, body)
	}
	setup, _ := json.Marshal(Setup{TOML: toml, Sets: []string{"decisions.rule=logit"}})
	d := create(t, ts.URL, string(setup))
	if !strings.HasPrefix(d.Command, "minilateral run scenario.toml --seed 1 --rounds 20 ") {
		t.Errorf("an upload's command line: %q", d.Command)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/scenario.toml", "")
	if code != 200 || !strings.Contains(body, `rule = "logit"`) {
		t.Errorf("exported scenario: %d %s", code, body)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/rounds.csv", "")
	if code != 409 || !strings.Contains(body, "no round played") {
		t.Errorf("export before any round: %d %s", code, body)
	}
}

func TestSessionsBoundedAndExpire(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1e9, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, ts := newTestServer(t, Options{MaxSessions: 3, TTL: time.Minute, Now: clock})
	var ids []string
	for range 3 {
		ids = append(ids, create(t, ts.URL, `{"scenario":"tiny"}`).ID)
	}
	if code, body := do(t, "POST", ts.URL+"/api/sessions", `{"scenario":"tiny"}`); code != 503 || !strings.Contains(body, "3 sessions") {
		t.Errorf("a fourth session: %d %s", code, body)
	}
	mu.Lock()
	now = now.Add(50 * time.Second)
	mu.Unlock()
	if code, _ := do(t, "POST", ts.URL+"/api/sessions/"+ids[0]+"/step", ""); code != 200 { // keeps ids[0] alive
		t.Fatalf("step: %d", code)
	}
	mu.Lock()
	now = now.Add(30 * time.Second)
	mu.Unlock()
	if n := srv.Sessions(); n != 1 {
		t.Errorf("after 80 s, 2 sessions idle 80 s and one 30 s: %d live, want 1", n)
	}
	if code, _ := do(t, "POST", ts.URL+"/api/sessions/"+ids[1]+"/step", ""); code != 404 {
		t.Errorf("an expired session answers %d, want 404", code)
	}
	create(t, ts.URL, `{"scenario":"tiny"}`)
	if code, _ := do(t, "DELETE", ts.URL+"/api/sessions/"+ids[0], ""); code != 204 {
		t.Errorf("delete: %d", code)
	}
	if n := srv.Sessions(); n != 1 {
		t.Errorf("after a delete: %d live, want 1", n)
	}
}

func TestLoopbackOnly(t *testing.T) {
	_, ts := newTestServer(t, Options{Loopback: true})
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.Host = "evil.example:8080"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d, want 421", res.StatusCode)
	}
	for _, h := range []string{"localhost:8080", "127.0.0.1", "[::1]:80"} {
		if !loopbackHost(h) {
			t.Errorf("loopbackHost(%q) = false", h)
		}
	}
	res, err = http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != CSP || !strings.HasPrefix(CSP, "default-src 'self'") {
		t.Errorf("page: %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
}

// TestStepData checks the rows and events a step returns line up with
// the rounds played, and that a step past the end stops.
func TestStepData(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	d := create(t, ts.URL, `{"scenario":"baseline","seed":3,"rounds":12}`)
	if d.Played != 0 || strings.Count(d.RoundRows, "\n") != 1 {
		t.Fatalf("a new session: played %d, rows %q", d.Played, d.RoundRows)
	}
	var all []Event
	for r := 1; r <= 13; r++ {
		_, body := do(t, "POST", fmt.Sprintf("%s/api/sessions/%s/step?from=%d", ts.URL, d.ID, min(r, 12)+boolInt(r > 12)), "")
		var s Data
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatal(err)
		}
		if r <= 12 && (s.Played != r || !strings.HasPrefix(s.RoundRows, fmt.Sprintf("%d,", r)) || strings.Count(s.RoundRows, "\n") != 1) {
			t.Fatalf("step %d: played %d, rows %q", r, s.Played, s.RoundRows)
		}
		if r == 13 && (s.Played != 12 || !s.Done) {
			t.Fatalf("a step past the end: played %d, done %v", s.Played, s.Done)
		}
		for _, e := range s.Events {
			if r <= 12 && e.Round != r {
				t.Errorf("step %d returned an event of round %d", r, e.Round)
			}
		}
		all = append(all, s.Events...)
	}
	_, body := do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"?from=0", "")
	var s Data
	json.Unmarshal([]byte(body), &s)
	if len(s.Events) != len(all) || strings.Count(s.RoundRows, "\n") != 13 {
		t.Errorf("from 0: %d events (stepwise %d), %d rows", len(s.Events), len(all), strings.Count(s.RoundRows, "\n"))
	}
	if len(all) == 0 {
		t.Error("12 rounds of the baseline with no change of action")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestExportFigureAndManifest(t *testing.T) {
	_, ts := newTestServer(t, Options{Version: "test"})
	d := create(t, ts.URL, `{"scenario":"tiny","seed":5,"rounds":20}`)
	do(t, "POST", ts.URL+"/api/sessions/"+d.ID+"/step?n=20", "")
	code, body := do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/figure/membership.svg", "")
	if code != 200 || !strings.Contains(body, "<svg") {
		t.Errorf("membership.svg: %d %.200s", code, body)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/figure/phase.svg", "")
	if code != 404 {
		t.Errorf("a sweep figure of a run: %d %.200s", code, body)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/manifest.json", "")
	if code != 200 || !strings.Contains(body, `"seed": 5`) || !strings.Contains(body, `"rounds": 20`) || !strings.Contains(body, `"version": "test"`) {
		t.Errorf("manifest: %d %.300s", code, body)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/command.txt", "")
	if code != 200 || body != "minilateral run tiny --seed 5 --rounds 20 --out out/tiny\n" {
		t.Errorf("command: %d %q", code, body)
	}
	// The two tables added by model v2: their headers, and for the
	// endowments one row per actor per round (tiny: 2 superpowers + its
	// nations, rounds 0..20).
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/offers.csv", "")
	if code != 200 || !strings.HasPrefix(body, "round,superpower,nation,subsidy,utility_gain,accepted\n") {
		t.Errorf("offers.csv: %d %.200s", code, body)
	}
	code, body = do(t, "GET", ts.URL+"/api/sessions/"+d.ID+"/export/endowments.csv", "")
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	if code != 200 || lines[0] != "round,actor,talent,compute,capital,hardware,energy" || (len(lines)-1)%21 != 0 ||
		!strings.HasPrefix(lines[len(lines)-1], "20,") {
		t.Errorf("endowments.csv: %d, %d lines, first %q, last %q", code, len(lines), lines[0], lines[len(lines)-1])
	}
}
