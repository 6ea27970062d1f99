// Package docs_test checks that the user documentation stands alone: every
// relative link in README.md and docs/*.md names a file or folder of the
// repository, and every #anchor names a heading of its target, slugged as
// GitHub does. It has no non-test code: the documents are the product.
package docs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// docFiles lists the documents whose links are checked, relative to this
// directory (docs/).
func docFiles(t *testing.T) []string {
	t.Helper()
	md, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(md) == 0 {
		t.Fatal("no docs/*.md found")
	}
	return append([]string{"../README.md"}, md...)
}

var (
	// fence opens or closes a fenced code block (``` or ~~~, up to three
	// spaces of indentation).
	fence = regexp.MustCompile("^ {0,3}(```|~~~)")
	// codeSpan is an inline code span; links inside it are not links.
	codeSpan = regexp.MustCompile("`+[^`]*`+")
	// inlineLink is [text](target) or ![alt](target), target optionally
	// in <…> and followed by a "title".
	inlineLink = regexp.MustCompile(`\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)`)
	// refDef is a reference definition: [id]: target.
	refDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)`)
	// atx is an ATX heading: 1–6 #, a space, the text, optional closing #s.
	atx = regexp.MustCompile(`^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$`)
	// htmlAnchor is an explicit <a id="…"> or <a name="…"> anchor.
	htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	// mdPath is a code span that names a Markdown file by path, such as
	// `docs/outputs.md`: a reference to a file the reader should find.
	mdPath = regexp.MustCompile("`([A-Za-z0-9_./-]+\\.md)`")
	// mdLink inside heading text renders as its text only.
	mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

// mentions returns the Markdown files a document names in code spans
// (outside fenced code blocks), with their line numbers.
func mentions(text string) []link {
	var out []link
	inFence := false
	for i, ln := range strings.Split(text, "\n") {
		if fence.MatchString(ln) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for _, m := range mdPath.FindAllStringSubmatch(ln, -1) {
			out = append(out, link{i + 1, m[1]})
		}
	}
	return out
}

// link is one link found in a document.
type link struct {
	line   int
	target string
}

// scan returns the links of a Markdown document and the anchors its
// headings define, both outside fenced code blocks.
func scan(text string) (links []link, anchors map[string]bool) {
	anchors = map[string]bool{}
	seen := map[string]int{}
	inFence := false
	for i, ln := range strings.Split(text, "\n") {
		if fence.MatchString(ln) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(ln, -1) {
			anchors[m[1]] = true
		}
		if m := atx.FindStringSubmatch(ln); m != nil {
			s := slug(m[1])
			if n := seen[s]; n > 0 {
				anchors[fmt.Sprintf("%s-%d", s, n)] = true
			} else {
				anchors[s] = true
			}
			seen[s]++
		}
		plain := codeSpan.ReplaceAllString(ln, "")
		for _, m := range inlineLink.FindAllStringSubmatch(plain, -1) {
			links = append(links, link{i + 1, strings.Trim(m[1], "<>")})
		}
		if m := refDef.FindStringSubmatch(plain); m != nil {
			links = append(links, link{i + 1, strings.Trim(m[1], "<>")})
		}
	}
	return links, anchors
}

// slug turns heading text into GitHub's anchor: the rendered text (links
// become their text, code spans lose their backticks, emphasis its
// markers), lower-cased, with every character that is not a letter, mark,
// number, connector, space or hyphen removed, and spaces made hyphens (the
// rules of github-slugger). Duplicates get -1, -2, … in scan.
func slug(heading string) string {
	h := mdLink.ReplaceAllString(heading, "$1")
	h = strings.NewReplacer("`", "", "*", "", "__", "").Replace(h)
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// external reports whether a link target leaves the repository.
func external(target string) bool {
	if strings.HasPrefix(target, "//") {
		return true
	}
	if i := strings.Index(target, ":"); i > 0 && !strings.ContainsAny(target[:i], "/#.") {
		return true // a scheme: https:, mailto:, …
	}
	return false
}

// check returns one message per broken relative link of the document at
// path (relative to the working directory); read loads other documents'
// text for anchor checks.
func check(path, text string, read func(string) (string, error)) []string {
	links, anchors := scan(text)
	var bad []string
	for _, l := range links {
		if external(l.target) {
			continue
		}
		file, frag, _ := strings.Cut(l.target, "#")
		where := fmt.Sprintf("%s:%d: %s", path, l.line, l.target)
		want := anchors
		if file != "" {
			p := filepath.Join(filepath.Dir(path), filepath.FromSlash(file))
			if _, err := os.Stat(p); err != nil {
				bad = append(bad, where+": no such file")
				continue
			}
			if frag == "" {
				continue
			}
			if !strings.HasSuffix(file, ".md") {
				bad = append(bad, where+": anchor into a file that is not Markdown")
				continue
			}
			other, err := read(p)
			if err != nil {
				bad = append(bad, where+": "+err.Error())
				continue
			}
			_, want = scan(other)
		}
		if frag != "" && !want[frag] {
			bad = append(bad, where+": no heading with anchor #"+frag)
		}
	}
	return bad
}

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}

// TestDocLinks fails for every relative link in README.md and docs/*.md
// that does not resolve to a file or folder of the repository, or whose
// anchor names no heading of its target.
func TestDocLinks(t *testing.T) {
	n := 0
	for _, f := range docFiles(t) {
		text, err := readFile(f)
		if err != nil {
			t.Fatal(err)
		}
		links, _ := scan(text)
		n += len(links)
		for _, msg := range check(f, text, readFile) {
			t.Error(msg)
		}
		// A file named in a code span must exist beside the document or
		// at the repository root.
		for _, m := range mentions(text) {
			_, err1 := os.Stat(filepath.Join(filepath.Dir(f), m.target))
			_, err2 := os.Stat(filepath.Join("..", m.target))
			if err1 != nil && err2 != nil {
				t.Errorf("%s:%d: names %s, which is not in the repository", f, m.line, m.target)
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d links in the docs; the scanner is broken", n)
	}
}

// TestDocsNoDesignBrief fails if a document sends its reader to the design
// brief MODEL.md, which is not part of the repository: the docs must state
// what they need themselves.
func TestDocsNoDesignBrief(t *testing.T) {
	for _, f := range docFiles(t) {
		text, err := readFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, ln := range strings.Split(text, "\n") {
			if strings.Contains(ln, "MODEL.md") {
				t.Errorf("%s:%d: refers to MODEL.md, which users do not have", f, i+1)
			}
		}
	}
}

func TestSlug(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"9. Mapping to the design brief", "9-mapping-to-the-design-brief"},
		{"Dotted keys and `--set`", "dotted-keys-and---set"},
		{"Sweeps: the `[sweep]` table", "sweeps-the-sweep-table"},
		{"`rounds.csv` — one row per round", "roundscsv--one-row-per-round"},
		{"[`superpowers.ID`] and more", "superpowersid-and-more"},
		{"Talent — top-tier AI researchers", "talent--top-tier-ai-researchers"},
		{"world_weights *and* μ", "world_weights-and-μ"},
		{"Barrett's convex-damage game (`model = \"barrett\"`)", "barretts-convex-damage-game-model--barrett"},
	} {
		if got := slug(c.in); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMentions(t *testing.T) {
	got := mentions("see `docs/parameters.md` and `x.go`\n```\n`in/fence.md`\n```\n`README.md`")
	want := []link{{1, "docs/parameters.md"}, {5, "README.md"}}
	if !slices.Equal(got, want) {
		t.Errorf("mentions = %v, want %v", got, want)
	}
}

func TestScanAndCheck(t *testing.T) {
	dir := t.TempDir()
	other := "# Other doc\n\n## A section\n\n## A section\n"
	if err := os.WriteFile(filepath.Join(dir, "other.md"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := strings.Join([]string{
		"# Title",                       // 1
		"[ok](other.md)",                // 2
		"[ok](other.md#a-section-1)",    // 3: second duplicate heading
		"[bad](missing.md)",             // 4
		"[bad](other.md#nope)",          // 5
		"[ok](#title) [bad](#untitled)", // 6
		"`[code](missing.md)`",          // 7: code span, not a link
		"```",                           // 8
		"[fenced](missing.md)",          // 9: fenced, not a link
		"# fenced heading",              // 10
		"```",                           // 11
		"[ext](https://example.org/x)",  // 12
		"![img](<other.md> \"title\")",  // 13
		"[ref]: missing2.md",            // 14
		"[mail](mailto:a@b.c)",          // 15
		"[bad](#fenced-heading)",        // 16
	}, "\n")
	path := filepath.Join(dir, "doc.md")
	got := check(path, doc, readFile)
	want := []string{
		path + ":4: missing.md: no such file",
		path + ":5: other.md#nope: no heading with anchor #nope",
		path + ":6: #untitled: no heading with anchor #untitled",
		path + ":14: missing2.md: no such file",
		path + ":16: #fenced-heading: no heading with anchor #fenced-heading",
	}
	if !slices.Equal(got, want) {
		t.Errorf("check found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
