// Package web is minilateral's live teaching page: a local HTTP server
// that runs simulations in sessions and draws them in the browser.
//
// [New] returns a [Server]; [Server.Handler] registers every route in one
// place. The page, its script and its style sheet are embedded in the
// binary (go:embed, package variable Assets) and served with the
// Content-Security-Policy default-src 'self', so no request leaves the
// machine. Live updates are plain polling: the page asks the server to
// step a session and receives the new rows of the run's tables.
//
// A session holds one run of one scenario with one seed. Its tables are
// the rows that package results writes for 'minilateral run' (the header
// from results.RoundsHeader, each row from results.AppendRoundRow and
// results.AppendNationRows); the page reads columns by name from the
// header, so columns added to the model just appear. Exports replay the
// session's scenario and seed through results.NewRunWriter, the very code
// path of the CLI, so a downloaded CSV is byte-identical to the file
// 'minilateral run' writes for the command line the page shows.
//
// Bounds: every request body is capped (Options.MaxBody), and so are the
// number of live sessions, the rounds of a run, and a run's rounds ×
// nations; sessions idle longer than Options.TTL expire. Scenario names
// are looked up among the bundled scenarios only: the server never opens
// a file named by a request. A server bound to loopback refuses requests
// whose Host header is not a loopback name (DNS rebinding).
//
// The page plays the ai-bloc model; the classic games (lesson-pd and the
// others) are refused with a message giving the 'minilateral run' command,
// and their guided pages give the terminal command instead.
//
// [WriteReplay] turns a run directory into one self-contained HTML file
// that replays the run without a server.
package web
