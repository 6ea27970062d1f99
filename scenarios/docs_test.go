package scenarios

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// updateDocs rewrites the generated parts of docs/model.md instead of
// checking them: go test ./scenarios -run TestParamTable -update-docs
var updateDocs = flag.Bool("update-docs", false, "rewrite the generated tables in docs/model.md")

const (
	docsModelPath  = "../docs/model.md"
	docsParamBegin = "<!-- params:begin -->\n"
	docsParamEnd   = "<!-- params:end -->"
	docsSuperID    = "US" // stands for <S> in the table
	docsNationID   = "XX" // stands for <N>
)

// docsScenario is Default() with one superpower and one nation holding
// every default value, and every per-nation decision override set, so
// that Keys lists each parameter once.
func docsScenario() *Scenario {
	s := Default()
	sp := DefaultSuperpower()
	s.Superpowers[docsSuperID] = &sp
	d := s.Decisions
	s.Nations[docsNationID] = &Nation{
		Affinity: map[string]float64{docsSuperID: DefaultAffinity},
		Decision: DecisionOverride{
			Rule: &d.Rule, Tie: &d.Tie, Revision: &d.Revision, Lambda: &d.Lambda,
			Forgetting: &d.Forgetting, Experiment: &d.Experiment, Initial: &d.Initial,
			Beta: &d.Beta, Discount: &d.Discount,
		},
	}
	return s
}

// docsPlaceholder replaces the ids of docsScenario by <S> and <N>.
func docsPlaceholder(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		switch {
		case i == 1 && parts[0] == "superpowers" && p == docsSuperID:
			parts[i] = "<S>"
		case i == 1 && parts[0] == "nations" && p == docsNationID:
			parts[i] = "<N>"
		case i == 3 && parts[0] == "nations" && parts[2] == "affinity" && p == docsSuperID:
			parts[i] = "<S>"
		}
	}
	return strings.Join(parts, ".")
}

func docsNum(kind string, v float64) string {
	switch kind {
	case "bool":
		if v != 0 {
			return "true"
		}
		return "false"
	case "int":
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%g", v)
}

// docsParamTable renders every numeric and boolean parameter as a Markdown
// table: dotted key, type, default, accepted range and meaning.
func docsParamTable() string {
	var b strings.Builder
	b.WriteString("| Key | Type | Default | Range | Meaning |\n|---|---|---|---|---|\n")
	for _, k := range Keys(docsScenario()) {
		if strings.HasPrefix(k.Path, "game.") {
			continue // the classic games' keys are documented in docs/games.md
		}
		key := docsPlaceholder(k.Path)
		def := docsNum(k.Kind, k.Value)
		rng := "any"
		switch {
		case k.Kind == "bool":
			rng = "true, false"
		case k.Min > -1e308 || k.Max < 1e308:
			rng = fmt.Sprintf("[%s, %s]", fmtNum(k.Min), fmtNum(k.Max))
		}
		doc := k.Doc
		parts := strings.Split(key, ".")
		if len(parts) == 4 && parts[0] == "nations" && parts[2] == "decision" {
			// Per-nation overrides carry no doc tag; they inherit [decisions].
			def = "`decisions." + parts[3] + "`"
			doc = "overrides `decisions." + parts[3] + "` for this nation"
		}
		if len(parts) == 4 && parts[2] == "endowment" && strings.HasPrefix(doc, "CES weight of ") {
			// Endowment reuses the Weights type and with it the weights' doc
			// tags; say what an endowment is instead.
			doc = parts[0][:len(parts[0])-1] + "'s world share of " + strings.TrimPrefix(doc, "CES weight of ")
		}
		doc = strings.ReplaceAll(doc, "|", `\|`)
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", key, k.Kind, def, rng, doc)
	}
	return b.String()
}

// docsReplace returns doc with the text between begin and end replaced by
// body, or an error if the markers are missing.
func docsReplace(doc, begin, end, body string) (string, string, error) {
	i := strings.Index(doc, begin)
	if i < 0 {
		return "", "", fmt.Errorf("marker %q missing", strings.TrimSpace(begin))
	}
	j := strings.Index(doc[i:], end)
	if j < 0 {
		return "", "", fmt.Errorf("marker %q missing after %q", end, strings.TrimSpace(begin))
	}
	j += i
	old := doc[i+len(begin) : j]
	return doc[:i+len(begin)] + body + doc[j:], old, nil
}

// The parameter table in docs/model.md is generated from the schema's tags
// and defaults; it must match them exactly.
func TestParamTable(t *testing.T) {
	raw, err := os.ReadFile(docsModelPath)
	if err != nil {
		t.Fatalf("docs/model.md: %v", err)
	}
	want := docsParamTable()
	doc, got, err := docsReplace(string(raw), docsParamBegin, docsParamEnd, want)
	if err != nil {
		t.Fatalf("docs/model.md: %v", err)
	}
	if *updateDocs {
		if got != want {
			if err := os.WriteFile(docsModelPath, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote the parameter table in %s", docsModelPath)
		}
		return
	}
	if got != want {
		t.Errorf("the parameter table in docs/model.md is stale; run\n\tgo test ./scenarios -run TestParamTable -update-docs\ndiff (want vs got):\n%s", docsLineDiff(want, got))
	}
}

// docsLineDiff lists the lines present in only one of a and b.
func docsLineDiff(a, b string) string {
	inB := map[string]int{}
	for _, l := range strings.Split(b, "\n") {
		inB[l]++
	}
	inA := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		inA[l]++
	}
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if inB[l] == 0 {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if inA[l] == 0 {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	return out.String()
}

// docsStringKeys lists the dotted keys of the string and string-list
// fields of a scenario ([sweep] and [game] are documented elsewhere).
func docsStringKeys() []string {
	var out []string
	var visit func(t reflect.Type, path string)
	visit = func(t reflect.Type, path string) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || !f.IsExported() || (path == "" && (tag == "sweep" || tag == "game" || tag == "sensitivity")) {
				continue
			}
			key := tag
			if path != "" {
				key = path + "." + tag
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft.Kind() == reflect.String,
				ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
				out = append(out, key)
			case ft.Kind() == reflect.Struct:
				visit(ft, key)
			case ft.Kind() == reflect.Map && ft.Elem().Kind() != reflect.Float64:
				el := ft.Elem()
				for el.Kind() == reflect.Pointer {
					el = el.Elem()
				}
				id := "<S>"
				if tag == "nations" {
					id = "<N>"
				}
				if el.Kind() == reflect.Struct {
					visit(el, key+"."+id)
				}
			}
		}
	}
	visit(reflect.TypeFor[Scenario](), "")
	return out
}

// Every string-valued key has a row in the hand-written table of
// docs/model.md (a row starts with "| `KEY` |").
func TestStringKeysDocumented(t *testing.T) {
	raw, err := os.ReadFile(docsModelPath)
	if err != nil {
		t.Fatalf("docs/model.md: %v", err)
	}
	keys := docsStringKeys()
	if len(keys) < 10 {
		t.Fatalf("found only %d string keys: %v", len(keys), keys)
	}
	for _, k := range keys {
		if !strings.Contains(string(raw), "| `"+k+"` |") {
			t.Errorf("docs/model.md has no row for the string key %s", k)
		}
	}
}

// The example in docs/scenarios.md (between scenario-example markers)
// parses and validates.
func TestScenarioDocExample(t *testing.T) {
	raw, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatalf("docs/scenarios.md: %v", err)
	}
	const begin, end = "<!-- example:begin -->\n```toml\n", "```\n<!-- example:end -->"
	s := string(raw)
	i := strings.Index(s, begin)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("docs/scenarios.md lacks the example markers")
	}
	sc, err := Parse("docs/scenarios.md example", []byte(s[i+len(begin):j]))
	if err != nil {
		t.Fatalf("the example does not validate:\n%v", err)
	}
	if len(sc.Nations) == 0 || len(sc.Superpowers) == 0 {
		t.Errorf("the example has %d nations and %d superpowers", len(sc.Nations), len(sc.Superpowers))
	}
}

// Every bundled scenario is listed in docs/scenarios.md (a row starting
// with "| `NAME` |").
func TestBundledDocumented(t *testing.T) {
	raw, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatalf("docs/scenarios.md: %v", err)
	}
	for _, b := range Bundled() {
		if !strings.Contains(string(raw), "| `"+b.Name+"` |") {
			t.Errorf("docs/scenarios.md does not list the bundled scenario %s", b.Name)
		}
	}
}
