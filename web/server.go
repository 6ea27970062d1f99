package web

import (
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/minilateral/minilateral/scenarios"
)

//go:embed assets
var assets embed.FS

// Assets is the page's embedded files: index.html (a template), app.js,
// style.css.
var Assets, _ = fs.Sub(assets, "assets")

// Options bounds what a server accepts. Zero fields take the defaults
// noted.
type Options struct {
	Version     string        // program version, shown on the page and in manifests
	MaxSessions int           // live sessions at once; 0: 64
	MaxRounds   int           // rounds of one run; 0: 2000
	MaxNations  int           // nations of one scenario; 0: 100
	MaxCells    int           // rounds × (nations+1) of one run; 0: 60000
	MaxSets     int           // parameter settings of one setup; 0: 200
	MaxStep     int           // rounds played by one step request; 0: 500
	MaxBody     int64         // request body bytes; 0: 256 KiB
	TTL         time.Duration // a session idle this long expires; 0: 30 minutes
	Loopback    bool          // refuse requests whose Host is not a loopback name
	Now         func() time.Time
}

func (o *Options) defaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.MaxSessions, 64)
	def(&o.MaxRounds, 2000)
	def(&o.MaxNations, 100)
	def(&o.MaxCells, 60000)
	def(&o.MaxSets, 200)
	def(&o.MaxStep, 500)
	if o.MaxBody <= 0 {
		o.MaxBody = 256 << 10
	}
	if o.TTL <= 0 {
		o.TTL = 30 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Version == "" {
		o.Version = "devel"
	}
}

// Server holds the live sessions.
type Server struct {
	opt      Options
	page     *template.Template
	mu       sync.Mutex
	sessions map[string]*session
}

// New returns a server with the given bounds.
func New(opt Options) *Server {
	opt.defaults()
	page := template.Must(template.ParseFS(Assets, "index.html"))
	return &Server{opt: opt, page: page, sessions: map[string]*session{}}
}

// CSP is the Content-Security-Policy of every response: nothing is
// loaded from, or sent to, anywhere but the server itself.
const CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler returns the server's routes, every one registered here.
func (srv *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", srv.handlePage)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(Assets)))
	mux.HandleFunc("GET /api/scenarios", srv.handleScenarios)
	mux.HandleFunc("GET /api/lessons", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, Lessons) })
	mux.HandleFunc("GET /api/scenarios/{name}", srv.handleScenario)
	mux.HandleFunc("POST /api/parse", srv.handleParse)
	mux.HandleFunc("POST /api/sessions", srv.handleCreate)
	mux.HandleFunc("GET /api/sessions/{id}", srv.handleData)
	mux.HandleFunc("POST /api/sessions/{id}/step", srv.handleStep)
	mux.HandleFunc("DELETE /api/sessions/{id}", srv.handleDelete)
	mux.HandleFunc("GET /api/sessions/{id}/export/{file}", srv.handleExport)
	mux.HandleFunc("GET /api/sessions/{id}/figure/{file}", srv.handleFigure)
	return srv.guard(mux)
}

// guard sets the security headers, caps the body and, for a loopback
// server, refuses foreign Host names.
func (srv *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", CSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		if srv.opt.Loopback && !loopbackHost(r.Host) {
			httpError(w, http.StatusMisdirectedRequest, "web: this server answers only on a loopback address")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, srv.opt.MaxBody)
		h.ServeHTTP(w, r)
	})
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type apiError struct {
	Error string `json:"error"`
}

func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"web: cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b)
}

// readBody reads a capped body; it reports 413 when the cap is hit.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("web: request body over %d bytes", tooBig.Limit))
		} else {
			httpError(w, http.StatusBadRequest, "web: cannot read the request body")
		}
		return nil, false
	}
	return b, true
}

// pageData fills index.html.
type pageData struct {
	Version   string
	Scenarios []scenarios.Info
	Lessons   []Lesson
	// For a replay file (WriteReplay): the run, and the style sheet and
	// script inlined.
	Replay *Data
	Data   template.JS
	CSS    template.CSS
	JS     template.JS
}

func (srv *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	_, aiBloc := catalogue()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := srv.page.Execute(w, pageData{Version: srv.opt.Version, Scenarios: aiBloc, Lessons: Lessons}); err != nil {
		http.Error(w, "web: page template failed", http.StatusInternalServerError)
	}
}

// Control is one parameter the page draws as a slider, a number field, a
// check box or a choice, generated from the scenario schema.
type Control struct {
	scenarios.Key
	Choices []string `json:"choices,omitempty"` // for text keys
	Text    string   `json:"text,omitempty"`    // current value of a text key
}

// MarshalJSON writes infinite bounds as null.
func (c Control) MarshalJSON() ([]byte, error) {
	num := func(v float64) any {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return v
	}
	return json.Marshal(map[string]any{"path": c.Path, "value": num(c.Value), "kind": c.Kind,
		"min": num(c.Min), "max": num(c.Max), "doc": c.Doc, "choices": c.Choices, "text": c.Text})
}

// ScenarioInfo describes a scenario for the page.
type ScenarioInfo struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Model       string    `json:"model"`
	Seed        uint64    `json:"seed"`
	Rounds      int       `json:"rounds"`
	Nations     int       `json:"nations"`
	Controls    []Control `json:"controls"`
}

func controls(s *scenarios.Scenario) []Control {
	var out []Control
	add := func(path, cur string) {
		p := path
		if parts := strings.Split(path, "."); len(parts) == 3 && parts[0] == "superpowers" {
			p = "superpowers.*." + parts[2]
		}
		out = append(out, Control{Key: scenarios.Key{Path: path, Kind: "choice", Min: math.Inf(-1), Max: math.Inf(1)},
			Choices: textKeys[p], Text: cur})
	}
	add("decisions.rule", s.Decisions.Rule)
	add("decisions.tie", s.Decisions.Tie)
	add("bloc.entry", s.Bloc.Entry)
	add("bloc.contribution_rule", s.Bloc.ContributionRule)
	for _, k := range scenarios.Keys(s) {
		if k.Path == "seed" || strings.HasPrefix(k.Path, "sweep.") || strings.HasPrefix(k.Path, "game.") {
			continue
		}
		out = append(out, Control{Key: k})
	}
	for _, k := range scenarios.Keys(s) {
		if p := strings.Split(k.Path, "."); len(p) == 3 && p[0] == "superpowers" && p[2] == "export_controls" {
			add("superpowers."+p[1]+".mode", s.Superpowers[p[1]].Mode)
		}
	}
	return out
}

func info(s *scenarios.Scenario, name string) ScenarioInfo {
	return ScenarioInfo{Name: name, Description: s.Description, Model: s.Model, Seed: s.Seed,
		Rounds: s.Rounds, Nations: len(s.Nations), Controls: controls(s)}
}

func (srv *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	all, _ := catalogue()
	writeJSON(w, http.StatusOK, all)
}

func (srv *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !bundledName(name) {
		httpError(w, http.StatusNotFound, fmt.Sprintf("scenarios: no bundled scenario %q (see 'minilateral scenarios')", name))
		return
	}
	s, err := scenarios.Bundle(name)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, info(s, name))
}

// handleParse checks an uploaded scenario and returns its controls.
func (srv *Server) handleParse(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	s, err := scenarios.Parse("upload.toml", b)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, info(s, s.Name))
}

func (srv *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	var st Setup
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		httpError(w, http.StatusBadRequest, "web: bad setup: "+err.Error())
		return
	}
	s, err := srv.build(st)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	id := newID()
	ss, err := newSession(id, st, s)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	ss.last = srv.opt.Now()
	srv.mu.Lock()
	srv.reapLocked()
	if len(srv.sessions) >= srv.opt.MaxSessions {
		srv.mu.Unlock()
		httpError(w, http.StatusServiceUnavailable, fmt.Sprintf("web: %d sessions are open, the most this server keeps; close a tab or wait %s for idle ones to expire", srv.opt.MaxSessions, srv.opt.TTL))
		return
	}
	srv.sessions[id] = ss
	srv.mu.Unlock()
	writeJSON(w, http.StatusCreated, ss.data(0))
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// reapLocked drops expired sessions; srv.mu is held.
func (srv *Server) reapLocked() {
	now := srv.opt.Now()
	for id, ss := range srv.sessions {
		ss.mu.Lock()
		idle := now.Sub(ss.last)
		ss.mu.Unlock()
		if idle > srv.opt.TTL {
			delete(srv.sessions, id)
		}
	}
}

// Sessions is the number of live (unexpired) sessions.
func (srv *Server) Sessions() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.reapLocked()
	return len(srv.sessions)
}

// session finds a live session and locks it; it answers 404 itself.
func (srv *Server) session(w http.ResponseWriter, r *http.Request) *session {
	id := r.PathValue("id")
	srv.mu.Lock()
	srv.reapLocked()
	ss := srv.sessions[id]
	srv.mu.Unlock()
	if ss == nil {
		httpError(w, http.StatusNotFound, "web: no such session (it may have expired): press Setup")
		return nil
	}
	ss.mu.Lock()
	ss.last = srv.opt.Now()
	return ss
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("web: %s = %q: want a whole number in [%d, %d]", name, v, lo, hi)
	}
	return n, nil
}

func (srv *Server) handleData(w http.ResponseWriter, r *http.Request) {
	from, err := intParam(r, "from", 0, 0, math.MaxInt32)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	ss := srv.session(w, r)
	if ss == nil {
		return
	}
	defer ss.mu.Unlock()
	writeJSON(w, http.StatusOK, ss.data(from))
}

func (srv *Server) handleStep(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "n", 1, 1, srv.opt.MaxStep)
	from := -1 // absent: the rounds this step plays
	if err == nil {
		from, err = intParam(r, "from", from, 0, math.MaxInt32)
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	ss := srv.session(w, r)
	if ss == nil {
		return
	}
	defer ss.mu.Unlock()
	if from < 0 {
		from = ss.run.Engine.Round() + 1
	}
	ss.step(n)
	writeJSON(w, http.StatusOK, ss.data(from))
}

func (srv *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	srv.mu.Lock()
	_, ok := srv.sessions[id]
	delete(srv.sessions, id)
	srv.mu.Unlock()
	if !ok {
		httpError(w, http.StatusNotFound, "web: no such session")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (srv *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	ctype, ok := exportFiles[name]
	if !ok {
		httpError(w, http.StatusNotFound, fmt.Sprintf("web: no export %q (rounds.csv, nations.csv, offers.csv, endowments.csv, manifest.json, scenario.toml, command.txt)", name))
		return
	}
	ss := srv.session(w, r)
	if ss == nil {
		return
	}
	b, err := ss.export(name, srv.opt.Version)
	ss.mu.Unlock()
	if err != nil {
		httpError(w, http.StatusConflict, err.Error())
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(b)
}

func (srv *Server) handleFigure(w http.ResponseWriter, r *http.Request) {
	kind, format, _ := strings.Cut(r.PathValue("file"), ".")
	okKind := false
	for _, k := range figureKinds {
		okKind = okKind || k == kind
	}
	if !okKind || (format != "svg" && format != "png") {
		httpError(w, http.StatusNotFound, fmt.Sprintf("web: no figure %q (KIND.svg or KIND.png, KIND one of %s)", r.PathValue("file"), strings.Join(figureKinds, ", ")))
		return
	}
	ss := srv.session(w, r)
	if ss == nil {
		return
	}
	b, err := ss.figure(kind, format, srv.opt.Version)
	ss.mu.Unlock()
	if err != nil {
		httpError(w, http.StatusConflict, err.Error())
		return
	}
	ct := "image/png"
	if format == "svg" {
		ct = "image/svg+xml"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(b)
}
