package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAssetsSize holds the embedded page under 150 KB.
func TestAssetsSize(t *testing.T) {
	total := 0
	fs.WalkDir(Assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(Assets, p)
			total += len(b)
		}
		return nil
	})
	t.Logf("embedded assets: %d bytes", total)
	if total == 0 || total > 150_000 {
		t.Errorf("embedded assets: %d bytes, want at most 150000", total)
	}
}

// BenchmarkStep is step-to-update on the server: one round of the
// baseline played and its new rows and narration encoded as the response,
// through the handler (no network).
func BenchmarkStep(b *testing.B) {
	srv := New(Options{MaxRounds: 1 << 30, MaxCells: 1 << 40})
	h := srv.Handler()
	newSession := func() string {
		rounds := max(b.N, 1) + 1
		req := httptest.NewRequest("POST", "/api/sessions", strings.NewReader(`{"scenario":"baseline","rounds":`+itoa(rounds)+`}`))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusCreated {
			b.Fatal(w.Body.String())
		}
		for id := range srv.sessions {
			return id
		}
		return ""
	}
	id := newSession()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req := httptest.NewRequest("POST", "/api/sessions/"+id+"/step?n=1", nil)
		req.Host = "127.0.0.1"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Body.String())
		}
	}
}

// BenchmarkFirstPage serves what a first visit loads: the page, its
// script and style sheet, the default scenario's controls.
func BenchmarkFirstPage(b *testing.B) {
	h := New(Options{}).Handler()
	b.ReportAllocs()
	for range b.N {
		for _, p := range []string{"/", "/static/app.js", "/static/style.css", "/api/lessons", "/api/scenarios/baseline"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
			if w.Code != http.StatusOK {
				b.Fatalf("%s: %d", p, w.Code)
			}
		}
	}
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}
