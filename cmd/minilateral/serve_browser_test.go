package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg"
	"image/png"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/minilateral/minilateral/web"
)

var updateScreens = flag.Bool("update-screenshots", false, "write the browser tests' screenshots to docs/figures/serve-*.png")

// The browser tests drive the live page in a real headless Chromium:
// one browser for the package, a new tab per test. They skip when no
// Chromium is installed, unless MINILATERAL_REQUIRE_BROWSER is set (as
// .ci/run does), when they fail instead.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newTab returns a tab of the package's browser, and a check that fails
// the test on any JavaScript exception, console error, CSP violation or
// request to anywhere but origin.
func newTab(t *testing.T, origin string) (context.Context, func()) {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("MINILATERAL_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome) and MINILATERAL_REQUIRE_BROWSER is set")
		}
		t.Skip("browser test skipped: no Chromium on PATH (install Debian's chromium package; CI does)")
	}
	browser.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
			chromedp.DisableGPU, chromedp.WindowSize(1400, 1000),
			// No request may leave the machine: every host but loopback is unresolvable.
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"))
		actx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		browser.ctx, browser.cancel = chromedp.NewContext(actx)
		browser.err = chromedp.Do(browser.ctx) // start the browser
	})
	if browser.err != nil {
		t.Fatalf("starting Chromium: %v", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx)
	t.Cleanup(cancel)
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("JavaScript exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console.error called")
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				problems = append(problems, "browser error: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			u := e.Request.URL
			if origin != "" && !strings.HasPrefix(u, origin) && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
				problems = append(problems, "request leaving the page's server: "+u)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Error(p)
		}
	}
	return ctx, check
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(c, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// TestBrowserLivePage is the end-to-end test of the issue: load the page,
// pick a scenario, move a slider, run 50 rounds, pause, read the bloc size
// off the page and compare it, and the exported CSVs, with 'minilateral run'.
func TestBrowserLivePage(t *testing.T) {
	ts := httptest.NewServer(web.New(web.Options{Version: version, Loopback: true}).Handler())
	defer ts.Close()
	ctx, check := newTab(t, ts.URL)
	defer check()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the first setup", `document.getElementById("status").textContent.startsWith("round 0")`)

	// Pick a scenario and move a slider.
	js[bool](t, ctx, `(() => { const s = document.getElementById("scenario"); s.value = "baseline"; s.dispatchEvent(new Event("change")); return true })()`)
	waitFor(t, ctx, "the baseline's controls", `document.getElementById("controls").dataset.scenario === "baseline"`)
	js[bool](t, ctx, `(() => { const i = document.querySelector('.ctl[data-path="bloc.threat_credibility"] input');
		if (i.type !== "range") throw new Error("threat credibility is not a slider");
		i.value = "0.3"; i.dispatchEvent(new Event("input")); return true })()`)
	js[bool](t, ctx, `(() => { document.getElementById("seed").value = "7"; document.getElementById("rounds").value = "200";
		document.getElementById("speed").value = "10"; document.getElementById("speed").dispatchEvent(new Event("input"));
		document.getElementById("btn-setup").click(); return true })()`)
	waitFor(t, ctx, "the new setup", `document.getElementById("status").textContent.startsWith("round 0") && document.getElementById("status").textContent.includes("seed 7")`)

	// Run 50 rounds, pause.
	js[bool](t, ctx, `(document.getElementById("btn-run").click(), true)`)
	waitFor(t, ctx, "50 rounds", `+document.getElementById("status").dataset.played >= 50`)
	js[bool](t, ctx, `(document.getElementById("btn-pause").click(), true)`)
	time.Sleep(300 * time.Millisecond) // let a step in flight land
	played, err := strconv.Atoi(js[string](t, ctx, `document.getElementById("status").dataset.played`))
	if err != nil || played < 50 || played > 60 {
		t.Fatalf("rounds played after pausing: %d (%v), want 50 to 60", played, err)
	}
	size := js[string](t, ctx, `document.getElementById("bloc-size").textContent`)
	cmd := js[string](t, ctx, `document.getElementById("command").textContent`)
	want := fmt.Sprintf("minilateral run baseline --seed 7 --rounds %d --set bloc.threat_credibility=0.3 --out out/baseline", played)
	if cmd != want {
		t.Errorf("command shown:\n%s\nwant\n%s", cmd, want)
	}

	// The same run from the CLI.
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"run", "baseline", "--seed", "7", "--rounds", strconv.Itoa(played), "--set", "bloc.threat_credibility=0.3", "--out", dir}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rounds, err := os.ReadFile(filepath.Join(dir, "rounds.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rounds)), "\n")
	col := slices.Index(strings.Split(lines[0], ","), "bloc_size")
	last := strings.Split(lines[len(lines)-1], ",")
	if last[0] != strconv.Itoa(played) || last[col] != size {
		t.Errorf("page shows bloc size %s at round %d; the CLI's rounds.csv ends with round %s, bloc size %s", size, played, last[0], last[col])
	}
	// Export through the page's links and compare checksums.
	for _, f := range []string{"rounds.csv", "nations.csv", "offers.csv", "endowments.csv"} {
		got := js[string](t, ctx, fmt.Sprintf(`fetch(document.getElementById("x-%s").href).then(r => r.ok ? r.text() : Promise.reject(new Error(r.statusText)))`, strings.Replace(f, ".", "-", 1)))
		cli, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if sha([]byte(got)) != sha(cli) {
			t.Errorf("%s exported by the page: SHA-256 %s, the CLI's %s", f, sha([]byte(got)), sha(cli))
		}
	}
	// A click on a narration line moves the view there.
	if n := js[int](t, ctx, `document.querySelectorAll("#feed li").length`); n == 0 {
		t.Error("the narration feed is empty after 50 rounds of the baseline")
	} else {
		r := js[string](t, ctx, `(() => { const li = document.querySelector("#feed li"); li.click(); return li.dataset.round })()`)
		if v := js[string](t, ctx, `document.getElementById("status").dataset.round`); v != r {
			t.Errorf("clicking a narration line of round %s shows round %s", r, v)
		}
		js[bool](t, ctx, `(() => { const s = document.getElementById("scrub"); s.value = s.max; s.dispatchEvent(new Event("input")); return true })()`)
	}
	shot(t, ctx, "serve-live")

	// The permalink sets the same run up in a new tab.
	link := js[string](t, ctx, `document.getElementById("permalink").href`)
	ctx2, check2 := newTab(t, ts.URL)
	defer check2()
	if err := chromedp.Do(ctx2, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx2, "the permalink's setup", `document.getElementById("status").textContent.includes("seed 7")`)
	if got, want := js[string](t, ctx2, `document.getElementById("command").textContent`), "minilateral run baseline --seed 7 --rounds 200 --set bloc.threat_credibility=0.3 --out out/baseline"; got != want {
		t.Errorf("permalink %s sets up\n%s\nwant\n%s", link, got, want)
	}

	// Compare: the same seed with a weak threat.
	js[bool](t, ctx, `(() => { document.getElementById("cmp-key").value = "bloc.threat_credibility"; document.getElementById("cmp-val").value = "0.1";
		document.getElementById("btn-compare").click(); return true })()`)
	waitFor(t, ctx, "the comparison", `!document.getElementById("raster-b").hidden`)
	js[bool](t, ctx, `(document.getElementById("btn-step").click(), true)`)
	waitFor(t, ctx, "a compared step", `+document.getElementById("status").dataset.played >= 1`)
	js[bool](t, ctx, `(() => { document.getElementById("speed").value = "60"; document.getElementById("btn-run").click(); return true })()`)
	waitFor(t, ctx, "40 compared rounds", `+document.getElementById("status").dataset.played >= 40`)
	js[bool](t, ctx, `(document.getElementById("btn-pause").click(), true)`)
	time.Sleep(300 * time.Millisecond)
	if n := js[int](t, ctx, `document.querySelectorAll("#cmp-table td.diff").length`); n == 0 {
		t.Error("threat credibility 0.3 against 0.1: no column highlighted as different")
	}
	shot(t, ctx, "serve-compare")
}

// shot takes a screenshot, checks it is not blank, and with
// -update-screenshots stores it in docs/figures.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	colours := map[uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			colours[cr>>11<<10|cg>>11<<5|cb>>11] = true
		}
	}
	if len(colours) < 8 {
		t.Errorf("screenshot %s looks blank: %d colours", name, len(colours))
	}
	if *updateScreens {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "figures", name+".png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserReplay opens the file export-html writes, with no server.
func TestBrowserReplay(t *testing.T) {
	dir := t.TempDir()
	if err := run([]string{"run", "baseline", "--rounds", "30", "--out", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"export-html", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, check := newTab(t, "file://")
	defer check()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "replay.html"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the replay", `document.getElementById("status").dataset.played === "30"`)
	js[bool](t, ctx, `(() => { const s = document.getElementById("scrub"); s.value = "30"; s.dispatchEvent(new Event("input")); return true })()`)
	rounds, _ := os.ReadFile(filepath.Join(dir, "rounds.csv"))
	lines := strings.Split(strings.TrimSpace(string(rounds)), "\n")
	want := strings.Split(lines[len(lines)-1], ",")[slices.Index(strings.Split(lines[0], ","), "bloc_size")]
	if got := js[string](t, ctx, `document.getElementById("bloc-size").textContent`); got != want {
		t.Errorf("replay shows bloc size %s at round 30, rounds.csv %s", got, want)
	}
	shot(t, ctx, "serve-replay")
}
