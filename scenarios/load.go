package scenarios

import (
	"bufio"
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/minilateral/minilateral/agents"
)

// Error is a problem with a scenario, located by file, line and key.
type Error struct {
	File string // file name as given, or "bundled:NAME"
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Key  string // dotted key; empty for syntax errors
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("scenarios: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

//go:embed bundled/*.toml
var bundled embed.FS

// Info names a bundled scenario.
type Info struct {
	Name, Description string
}

// Bundled lists the scenarios embedded in the binary, sorted by name.
func Bundled() []Info {
	entries, err := fs.ReadDir(bundled, "bundled")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	var out []Info
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		if name == bundledPriors {
			continue // the priors file, not a scenario (priors.go)
		}
		s, err := Bundle(name)
		if err != nil {
			panic(fmt.Sprintf("scenarios: bundled scenario %s is invalid: %v", name, err))
		}
		out = append(out, Info{Name: name, Description: s.Description})
	}
	return out
}

// BundledSource returns the TOML text of a bundled scenario.
func BundledSource(name string) ([]byte, error) {
	b, err := bundled.ReadFile(path.Join("bundled", name+".toml"))
	if err != nil || name == bundledPriors {
		return nil, fmt.Errorf("scenarios: no bundled scenario %q (see 'minilateral scenarios')", name)
	}
	return b, nil
}

// Bundle loads a bundled scenario by name.
func Bundle(name string) (*Scenario, error) {
	b, err := BundledSource(name)
	if err != nil {
		return nil, err
	}
	return Parse("bundled:"+name, b)
}

// Open loads a scenario given either as a bundled name (no slash, no
// .toml suffix) or as a file path. It returns the scenario and the exact
// source bytes it was read from.
func Open(nameOrPath string) (*Scenario, []byte, error) {
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		b, err := BundledSource(nameOrPath)
		if err != nil {
			return nil, nil, err
		}
		s, err := Parse("bundled:"+nameOrPath, b)
		return s, b, err
	}
	b, err := os.ReadFile(nameOrPath)
	if err != nil {
		return nil, nil, fmt.Errorf("scenarios: %w", err)
	}
	s, err := Parse(nameOrPath, b)
	return s, b, err
}

// Load reads and validates a scenario file.
func Load(file string) (*Scenario, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return Parse(file, b)
}

// Parse decodes and validates scenario text. file names it in errors.
func Parse(file string, data []byte) (*Scenario, error) {
	s := Default()
	s.path = file
	s.lines = indexLines(data)
	md, err := toml.Decode(string(data), s)
	if err != nil {
		return nil, s.tomlError(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		var errs []error
		for _, k := range und {
			key := k.String()
			// Report a whole unknown table once, not each key in it.
			if len(errs) > 0 {
				if prev := errs[len(errs)-1].(*Error); strings.HasPrefix(key, prev.Key+".") {
					continue
				}
			}
			if why, ok := removedKeys[normKey(key)]; ok {
				errs = append(errs, s.errorf(key, "%s", why))
				continue
			}
			errs = append(errs, s.errorf(key, "unknown key%s", suggest(key)))
		}
		return nil, errors.Join(errs...)
	}
	s.fillDefaults(md)
	s.applyPresets()
	// TOML allows −0.0; store +0 so that no output prints "-0".
	keys := Keys(s)
	for i, k := range keys {
		if k.Value == 0 && math.Signbit(k.Value) {
			if err := SetNumber(s, k.Path, 0); err != nil {
				panic(err) // Keys only lists settable parameters
			}
			keys[i].Value = 0
		}
	}
	if err := s.validate(keys); err != nil {
		return nil, err
	}
	if _, err := s.ValidateSweep(data); err != nil {
		return nil, err
	}
	if err := s.ValidateSensitivity(data); err != nil {
		return nil, err
	}
	return s, nil
}

// File returns the name the scenario was read from.
func (s *Scenario) File() string { return s.path }

// LineOf returns the line defining key (or its nearest enclosing table), 0 if unknown.
func (s *Scenario) LineOf(key string) int { return s.lines.find(key) }

func (s *Scenario) errorf(key, format string, args ...any) *Error {
	return &Error{File: s.path, Line: s.lines.find(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

var tomlLastKey = regexp.MustCompile(`\(last key "([^"]*)"\)`)

func (s *Scenario) tomlError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if msg == "" {
			msg = pe.Error()
		}
		// A syntax error: the last key parsed would only mislead.
		return &Error{File: s.path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: msg}
	}
	msg := err.Error()
	e := &Error{File: s.path, Msg: strings.TrimPrefix(msg, "toml: ")}
	if m := tomlLastKey.FindStringSubmatch(msg); m != nil {
		e.Key = m[1]
		e.Line = s.lines.find(m[1])
		e.Msg = strings.TrimSpace(strings.Replace(strings.TrimPrefix(msg, "toml: "), m[0], "", 1))
		e.Msg = regexp.MustCompile(`^line \d+\s*:?\s*`).ReplaceAllString(e.Msg, "")
	}
	return e
}

// suggest proposes a known key close to an unknown one.
func suggest(key string) string {
	i := strings.LastIndexByte(key, '.')
	leaf := key[i+1:]
	best, bestD := "", 3
	for _, k := range knownLeaves() {
		if d := editDistance(leaf, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" || best == leaf {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func knownLeaves() []string {
	seen := map[string]bool{}
	var out []string
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Map || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if tag := f.Tag.Get("toml"); tag != "" && !seen[tag] {
				seen[tag] = true
				out = append(out, tag)
			}
			visit(f.Type)
		}
	}
	visit(reflect.TypeFor[Scenario]())
	out = append(out, agents.FactorNames[:]...)
	slices.Sort(out)
	return out
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// DefaultSuperpower holds the values a [superpowers.X] table starts from.
func DefaultSuperpower() Superpower {
	return Superpower{ExportControls: 0.3, ModelRestriction: 0.1, AllyWaiver: 0.9, DealWaiver: 0.7,
		ChipSupply: 0.5, DealTransfer: 0.1, Budget: 0, Mode: "fixed", AdaptStep: 0.05, ControlJump: 0.1}
}

// removedKeys names keys of model version 1 that version 2 dropped, with
// what to write instead, so an old file gets a clear error.
var removedKeys = map[string]string{
	"bloc.terms_rule": "bloc.terms_rule was removed in model v2: terms are technology transfer into the reserve and reach members through their claims (delete the key)",
}

// applyPresets turns the version-1 modes adaptive and divide-and-rule into
// the strategic mode with the matching switch, so old files keep working.
func (s *Scenario) applyPresets() {
	for _, sp := range s.Superpowers {
		switch sp.Mode {
		case "adaptive":
			sp.Mode, sp.AdaptControls = "strategic", true
		case "divide-and-rule":
			sp.Mode, sp.BuyMembers = "strategic", true
		}
	}
}

// DefaultAffinity is a nation's affinity to a superpower not listed.
const DefaultAffinity = 0.5

func (s *Scenario) fillDefaults(md toml.MetaData) {
	// Coalitional moves are the ai-bloc model's (M12): their default rate
	// does not apply to a classic game, which refuses a rate set for it.
	if s.Model != "ai-bloc" && !md.IsDefined("decisions", "coalition_rate") {
		s.Decisions.CoalitionRate = 0
	}
	def := DefaultSuperpower()
	for id, sp := range s.Superpowers {
		fillStruct(md, []string{"superpowers", id}, reflect.ValueOf(sp).Elem(), reflect.ValueOf(def))
	}
	for _, n := range s.Nations {
		if n.Affinity == nil {
			n.Affinity = map[string]float64{}
		}
		for id := range s.Superpowers {
			if _, ok := n.Affinity[id]; !ok {
				n.Affinity[id] = DefaultAffinity
			}
		}
	}
}

// fillStruct copies def's fields into dst where md says the key was not
// given. Nested structs are filled field by field.
func fillStruct(md toml.MetaData, path []string, dst, def reflect.Value) {
	t := dst.Type()
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" {
			continue
		}
		p := append(slices.Clip(path), tag)
		if md.IsDefined(p...) && dst.Field(i).Kind() != reflect.Struct {
			continue
		}
		if dst.Field(i).Kind() == reflect.Struct {
			fillStruct(md, p, dst.Field(i), def.Field(i))
			continue
		}
		dst.Field(i).Set(def.Field(i))
	}
}

// lineIndex maps dotted keys (and table headers) to the line defining them.
type lineIndex map[string]int

var (
	headerRE = regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?`)
	keyRE    = regexp.MustCompile(`^\s*([A-Za-z0-9_\-."' ]+?)\s*=\s*(.*)$`)
	inlineRE = regexp.MustCompile(`([A-Za-z0-9_\-"']+)\s*=`)
)

func normKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func indexLines(data []byte) lineIndex {
	idx := lineIndex{}
	prefix := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := stripComment(sc.Text())
		if m := headerRE.FindStringSubmatch(line); m != nil {
			prefix = normKey(m[1])
			if _, ok := idx[prefix]; !ok {
				idx[prefix] = n
			}
			continue
		}
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		full := normKey(m[1])
		if prefix != "" {
			full = prefix + "." + full
		}
		idx[full] = n
		if v := strings.TrimSpace(m[2]); strings.HasPrefix(v, "{") {
			for _, im := range inlineRE.FindAllStringSubmatch(v, -1) {
				idx[full+"."+normKey(im[1])] = n
			}
		}
	}
	return idx
}

// stripComment removes a trailing comment outside of quoted strings.
func stripComment(s string) string {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0 && c == '\\' && q == '"':
			i++
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}

func (idx lineIndex) find(key string) int {
	for k := key; k != ""; {
		if n, ok := idx[k]; ok {
			return n
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// Validate checks every value against its range and the cross-references
// between tables. All problems are reported, in line order.
func (s *Scenario) Validate() error { return s.validate(Keys(s)) }

// validate is Validate with the scenario's parameters already listed.
func (s *Scenario) validate(keys []Key) error {
	var errs []*Error
	add := func(key, format string, args ...any) { errs = append(errs, s.errorf(key, format, args...)) }

	for _, k := range keys {
		if math.IsNaN(k.Value) || math.IsInf(k.Value, 0) {
			add(k.Path, "%v is not a finite number", k.Value)
			continue
		}
		if k.Value < k.Min || k.Value > k.Max {
			add(k.Path, "%s is outside [%s, %s]", fmtNum(k.Value), fmtNum(k.Min), fmtNum(k.Max))
		}
	}
	if !slices.Contains(Models(), s.Model) {
		add("model", "unknown model %q (want one of %s)", s.Model, strings.Join(Models(), ", "))
	}
	checkName := func(key, v string, allowed []string) {
		if !slices.Contains(allowed, v) {
			add(key, "unknown value %q (want one of %s)", v, strings.Join(allowed, ", "))
		}
	}
	checkName("bloc.entry", s.Bloc.Entry, []string{"open", "consensus"})
	checkName("bloc.contribution_rule", s.Bloc.ContributionRule, []string{"equal", "gdp", "endowment"})
	checkName("decisions.rule", s.Decisions.Rule, agents.RuleNames)
	checkName("decisions.tie", s.Decisions.Tie, tieNames())
	w := s.World.Weights
	if w.Talent+w.Compute+w.Capital+w.Hardware+w.Energy <= 0 {
		add("world.weights", "the factor weights sum to zero")
	}
	if s.Model != "ai-bloc" && s.Decisions.CoalitionRate > 0 {
		add("decisions.coalition_rate", "the %s model has no coalitional moves (M12 is the ai-bloc model's); set it to 0", s.Model)
	}

	if validator, ok := modelValidators[s.Model]; ok {
		for _, e := range validator(s) {
			add(e.Key, "%s", e.Msg)
		}
	}
	// In line order; problems with no line (whole-scenario checks) last.
	pos := func(e *Error) int {
		if e.Line == 0 {
			return math.MaxInt
		}
		return e.Line
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(pos(a), pos(b)) })
	if len(errs) == 0 {
		return nil
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// KeyError is a validation problem found by a model's own validator.
type KeyError struct{ Key, Msg string }

// modelValidators holds per-model checks, keyed by model name.
var modelValidators = map[string]func(*Scenario) []KeyError{
	"ai-bloc": validateBloc,
}

// RegisterModel adds a payoff model name and its scenario checks. It is
// called from init functions of packages providing models; registering a
// name twice is a programming error.
func RegisterModel(name string, validate func(*Scenario) []KeyError) {
	if _, dup := modelValidators[name]; dup {
		panic("scenarios: model " + name + " registered twice")
	}
	modelValidators[name] = validate
}

// Models lists the known payoff model names, sorted.
func Models() []string {
	out := make([]string, 0, len(modelValidators))
	for k := range modelValidators {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func tieNames() []string {
	out := make([]string, 0, len(agents.TieNames))
	for k := range agents.TieNames {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// MaxSuperpowers bounds the number of superpowers of the ai-bloc model
// (its round loop keeps per-superpower scratch on the stack).
const MaxSuperpowers = 8

var isoRE = regexp.MustCompile(`^[A-Z]{2}$`)

func validateBloc(s *Scenario) []KeyError {
	var errs []KeyError
	add := func(key, format string, args ...any) {
		errs = append(errs, KeyError{key, fmt.Sprintf(format, args...)})
	}
	if len(s.Nations) == 0 {
		add("nations", "a scenario needs at least one nation (middle power)")
	}
	if len(s.Superpowers) == 0 {
		add("superpowers", "a scenario needs at least one superpower")
	}
	if len(s.Superpowers) > MaxSuperpowers {
		add("superpowers", "at most %d superpowers are supported, got %d", MaxSuperpowers, len(s.Superpowers))
	}
	sps := sortedKeys(s.Superpowers)
	chips := 0.0
	for _, id := range sps {
		key := "superpowers." + id
		if !isoRE.MatchString(id) {
			add(key, "superpower id %q is not an ISO 3166-1 alpha-2 code (two capital letters)", id)
		}
		if _, dup := s.Nations[id]; dup {
			add("nations."+id, "%s is defined both as a superpower and as a nation", id)
		}
		sp := s.Superpowers[id]
		if _, ok := agents.ModeNames[sp.Mode]; !ok {
			add(key+".mode", "unknown value %q (want one of fixed, strategic, adaptive, divide-and-rule)", sp.Mode)
		}
		if sp.Mode == "fixed" && (sp.AdaptControls || sp.BuyMembers) {
			add(key+".mode", "adapt_controls and buy_members need mode = \"strategic\"")
		}
		chips += sp.ChipSupply
		if sp.ControlUpRate+sp.ControlDownRate > 1+1e-12 {
			add(key+".control_up_rate", "control_up_rate + control_down_rate = %s is above 1 (they are probabilities of one round's change)", fmtNum(sp.ControlUpRate+sp.ControlDownRate))
		}
	}
	if chips > 1+1e-9 {
		add("superpowers", "chip_supply shares sum to %.4f, above 1 (they are world shares)", chips)
	}
	var sum [5]float64
	for _, id := range sps {
		e := Weights(s.Superpowers[id].Endowment).Array()
		for f := range sum {
			sum[f] += e[f]
		}
	}
	for _, id := range sortedKeys(s.Nations) {
		key := "nations." + id
		n := s.Nations[id]
		if !isoRE.MatchString(id) {
			add(key, "nation id %q is not an ISO 3166-1 alpha-2 code (two capital letters)", id)
		}
		for _, sp := range sortedKeys(n.Affinity) {
			if _, ok := s.Superpowers[sp]; !ok {
				add(key+".affinity."+sp, "unknown superpower %q", sp)
			}
		}
		for j, sp := range n.Allies {
			if _, ok := s.Superpowers[sp]; !ok {
				add(key+".allies", "unknown superpower %q", sp)
			}
			if slices.Contains(n.Allies[:j], sp) {
				add(key+".allies", "superpower %q is listed twice", sp)
			}
		}
		if r := n.Decision.Rule; r != nil && !slices.Contains(agents.RuleNames, *r) {
			add(key+".decision.rule", "unknown decision rule %q (want one of %s)", *r, strings.Join(agents.RuleNames, ", "))
		}
		if t := n.Decision.Tie; t != nil {
			if _, ok := agents.TieNames[*t]; !ok {
				add(key+".decision.tie", "unknown tie rule %q (want one of %s)", *t, strings.Join(tieNames(), ", "))
			}
		}
		e := Weights(n.Endowment).Array()
		for f := range sum {
			sum[f] += e[f]
		}
	}
	for f, v := range sum {
		if v > 1+1e-9 {
			add("nations", "endowment shares of %s sum to %.4f over all nations, above 1 (they are world shares)", agents.FactorNames[f], v)
		}
	}
	seen := map[string]bool{}
	for _, f := range s.Bloc.Founders {
		if _, ok := s.Nations[f]; !ok {
			add("bloc.founders", "founder %q is not a nation of this scenario", f)
		}
		if seen[f] {
			add("bloc.founders", "founder %q is listed twice", f)
		}
		seen[f] = true
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func fmtNum(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	return fmt.Sprintf("%g", v)
}
