package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Key describes one numeric or boolean parameter of a scenario.
type Key struct {
	Path  string  // dotted key, e.g. "superpowers.US.export_controls"
	Value float64 // current value (booleans as 0 or 1)
	Kind  string  // "float", "int" or "bool"
	Min   float64 // inclusive lower bound (-Inf when unbounded)
	Max   float64 // inclusive upper bound (+Inf when unbounded)
	Doc   string  // one-line meaning
}

// Keys lists every numeric and boolean parameter of s, in a fixed order:
// struct fields in declaration order, map entries sorted by key.
func Keys(s *Scenario) []Key {
	var out []Key
	walk(reflect.ValueOf(s).Elem(), "", "", "", func(path string, v reflect.Value, f reflect.StructField, rng, doc string) {
		k := Key{Path: path, Doc: doc, Min: math.Inf(-1), Max: math.Inf(1)}
		k.Min, k.Max = parseRange(rng)
		switch v.Kind() {
		case reflect.Float64:
			k.Kind, k.Value = "float", v.Float()
		case reflect.Int:
			k.Kind, k.Value = "int", float64(v.Int())
		case reflect.Uint64:
			k.Kind, k.Value = "int", float64(v.Uint())
		case reflect.Bool:
			k.Kind = "bool"
			if v.Bool() {
				k.Value = 1
			}
		}
		out = append(out, k)
	})
	return out
}

func parseRange(r string) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if r == "" {
		return
	}
	a, b, _ := strings.Cut(r, ",")
	lo, _ = strconv.ParseFloat(a, 64)
	hi, _ = strconv.ParseFloat(b, 64)
	return
}

// walk calls fn for every numeric or boolean leaf below v. Nil pointers
// (unset overrides) are skipped.
func walk(v reflect.Value, path, rng, doc string, fn func(string, reflect.Value, reflect.StructField, string, string)) {
	join := func(p, k string) string {
		if p == "" {
			return k
		}
		return p + "." + k
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), path, rng, doc, fn)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || !f.IsExported() {
				continue
			}
			d := f.Tag.Get("doc")
			if d == "" && doc != "" && v.Field(i).Kind() != reflect.Struct {
				d = doc + ": " + tag // a leaf of a documented table (e.g. world.price.compute)
			}
			walk(v.Field(i), join(path, tag), f.Tag.Get("range"), d, fn)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			e := v.MapIndex(k)
			p := join(path, k.String())
			if e.Kind() == reflect.Float64 {
				fn(p, e, reflect.StructField{}, rng, doc)
				continue
			}
			walk(e, p, "", "", fn)
		}
	case reflect.Float64, reflect.Int, reflect.Uint64, reflect.Bool:
		fn(path, v, reflect.StructField{}, rng, doc)
	}
}

// Get returns the value of the numeric or boolean parameter at key.
func Get(s *Scenario, key string) (float64, error) {
	for _, k := range Keys(s) {
		if k.Path == key {
			return k.Value, nil
		}
	}
	return 0, fmt.Errorf("scenarios: unknown parameter %q", key)
}

// Set assigns a value, given as text, to the parameter at key. Unset
// per-nation decision overrides are created. Booleans take true, false,
// 1 or 0. Range checks are left to Validate.
func Set(s *Scenario, key, value string) error {
	// Try on a copy first: looking a key up creates unset overrides, and a
	// refused value must leave s as it was.
	if err := set(s.Clone(), key, value); err != nil {
		return err
	}
	return set(s, key, value)
}

func set(s *Scenario, key, value string) error {
	v, err := lookup(reflect.ValueOf(s).Elem(), key, strings.Split(key, "."))
	if err != nil {
		return err
	}
	value = strings.TrimSpace(value)
	fail := func(want string) error {
		return fmt.Errorf("scenarios: %s: %q is not %s", key, value, want)
	}
	switch v.kind() {
	case reflect.Float64:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fail("a finite number")
		}
		if f == 0 {
			f = 0 // −0 becomes +0, so that no output prints "-0"
		}
		v.set(reflect.ValueOf(f))
	case reflect.Int:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return fail("a whole number")
		}
		v.set(reflect.ValueOf(int(f)))
	case reflect.Uint64:
		u, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fail("a non-negative whole number")
		}
		v.set(reflect.ValueOf(u))
	case reflect.Bool:
		switch value {
		case "true", "1":
			v.set(reflect.ValueOf(true))
		case "false", "0":
			v.set(reflect.ValueOf(false))
		default:
			return fail("true, false, 1 or 0")
		}
	case reflect.String:
		return fmt.Errorf("scenarios: %s is not a numeric parameter", key)
	default:
		return fmt.Errorf("scenarios: %s is a table, not a parameter", key)
	}
	return nil
}

// slot is a settable place: a struct field, a pointer target or a map entry.
type slot struct {
	v       reflect.Value // addressable value, or the map for a map entry
	mapKey  reflect.Value
	elemTyp reflect.Type
}

func (s slot) kind() reflect.Kind { return s.elemTyp.Kind() }

func (s slot) set(x reflect.Value) {
	if s.mapKey.IsValid() {
		s.v.SetMapIndex(s.mapKey, x.Convert(s.elemTyp))
		return
	}
	s.v.Set(x.Convert(s.elemTyp))
}

func lookup(v reflect.Value, key string, parts []string) (slot, error) {
	unknown := func() error { return fmt.Errorf("scenarios: unknown parameter %q", key) }
	for i, p := range parts {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldByTag(v, p)
			if !ok {
				return slot{}, unknown()
			}
			v = f
		case reflect.Map:
			k := reflect.ValueOf(p)
			e := v.MapIndex(k)
			if v.Type().Elem().Kind() == reflect.Float64 {
				if i != len(parts)-1 {
					return slot{}, unknown()
				}
				if !e.IsValid() {
					return slot{}, fmt.Errorf("scenarios: unknown parameter %q (no entry %q)", key, p)
				}
				return slot{v: v, mapKey: k, elemTyp: v.Type().Elem()}, nil
			}
			if !e.IsValid() || e.IsNil() {
				what := "entry"
				switch parts[0] {
				case "nations":
					what = "nation"
				case "superpowers":
					what = "superpower"
				}
				return slot{}, fmt.Errorf("scenarios: unknown %s %q in %q", what, p, key)
			}
			v = e.Elem()
		default:
			return slot{}, unknown()
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct || v.Kind() == reflect.Map || v.Kind() == reflect.Slice {
		return slot{v: v, elemTyp: v.Type()}, nil
	}
	return slot{v: v, elemTyp: v.Type()}, nil
}

func fieldByTag(v reflect.Value, tag string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("toml") == tag {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}
