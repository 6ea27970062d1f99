package sweep

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// Result is one finished run.
type Result struct {
	Run
	Params  []float64    // the point's values, in sweep order
	Out     *sim.Outcome // nil when the run failed before finishing
	Err     error        // panic, NaN outcome or construction error
	Rounds  []byte       // series_rounds.csv rows, for recorded points
	Nations []byte       // series_nations.csv rows, for recorded points
	Vals    []float64    // a function model's outcomes
	fn      bool         // the run is of a function model
}

// Row returns the run's runs.csv row.
func (r *Result) Row(dst []byte, S int) []byte {
	if r.fn {
		row := results.ValuesRow{Run: r.Index, Point: r.Point, Replicate: r.Replicate, Seed: r.Stream,
			Params: r.Params, Vals: r.Vals}
		if r.Err != nil {
			row.Err = r.Err.Error()
		}
		return results.AppendValuesRow(dst, &row, len(r.Vals))
	}
	row := results.RunRow{Run: r.Index, Point: r.Point, Replicate: r.Replicate, Seed: r.Stream,
		Params: r.Params, Out: r.Out}
	if r.Err != nil {
		row.Err = r.Err.Error()
	}
	return results.AppendRunRow(dst, &row, S)
}

// FaultHook, when set (by tests), is called with every run's outcome
// before it is checked; it may panic or spoil the outcome to simulate a
// failing run.
var FaultHook func(r Run, o *sim.Outcome)

// Window is the number of runs that may be outstanding (running, or
// finished and waiting for an earlier run) per worker. It bounds the
// reorder buffer: memory does not grow with the number of runs.
const Window = 4

// Execute runs runs lo ≤ k < hi of the plan on the given number of worker
// goroutines and calls reduce with each result in run order, from the
// calling goroutine. When ctx is cancelled it stops handing out runs, lets
// the running ones finish, reduces those that continue the run order and
// returns ctx.Err(). An error from reduce stops it likewise and is
// returned.
func (p *Plan) Execute(ctx context.Context, lo, hi, workers int, reduce func(*Result) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := Window * workers
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	done := make(chan *Result, window)

	go func() { // dispatcher: hands out runs in order, at most window ahead
		defer close(jobs)
		for k := lo; k < hi; k++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var w worker
			for k := range jobs {
				done <- w.run(p, k)
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	pending := make(map[int]*Result, window)
	next := lo
	var err error
	for r := range done {
		if err != nil {
			continue // drain
		}
		pending[r.Index] = r
		for {
			x, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if e := reduce(x); e != nil {
				err = e
				cancel()
				break
			}
			next++
			<-slots
		}
	}
	if err != nil {
		return err
	}
	if next < hi {
		return ctx.Err()
	}
	return nil
}

// worker keeps the scenario of the last point it ran: consecutive runs
// mostly share a point.
type worker struct {
	point  int
	s      *scenarios.Scenario
	err    error
	params []float64
}

func (w *worker) run(p *Plan, k int) (res *Result) {
	r := p.Run(k)
	if w.s == nil && w.err == nil || w.point != r.Point {
		w.point = r.Point
		w.s, w.err = p.apply(r.Point)
		w.params = p.Values(r.Point, nil)
	}
	res = &Result{Run: r, Params: w.params}
	if p.fn != nil && w.err != nil {
		res.fn, res.Vals = true, make([]float64, len(p.fn.Outcomes))
	}
	if w.err != nil {
		res.Err = w.err
		return res
	}
	defer func() {
		if x := recover(); x != nil {
			res.Out, res.Rounds, res.Nations = nil, nil, nil
			res.Err = fmt.Errorf("panic: %v%s", x, panicSite(debug.Stack()))
		}
	}()
	if p.fn != nil {
		w.runFunc(p, res)
		return res
	}
	run, err := sim.New(w.s, sim.Stream(p.Master, r.Stream))
	if err != nil {
		res.Err = err
		return res
	}
	var onRound func(*sim.Run)
	if p.Recorded(r.Point) {
		prefix := []byte(strconv.Itoa(r.Index) + "," + strconv.Itoa(r.Point) + "," + strconv.Itoa(r.Replicate) + ",")
		onRound = func(x *sim.Run) {
			res.Rounds = append(res.Rounds, prefix...)
			res.Rounds = results.AppendRoundRow(res.Rounds, x)
			res.Nations = results.AppendNationRows(res.Nations, prefix, x)
		}
	}
	o := run.RunAll(onRound)
	if FaultHook != nil {
		FaultHook(r, o)
	}
	if err := results.CheckOutcome(o, p.SIDs); err != nil {
		res.Err = err
		res.Rounds, res.Nations = nil, nil
		return res
	}
	res.Out = o
	return res
}

// panicSite returns " at FILE:LINE" of the function that panicked, found
// in a stack trace, or "".
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+3 < len(lines) {
			site := strings.TrimSpace(lines[i+3])
			if j := strings.LastIndex(site, " +0x"); j > 0 {
				site = site[:j]
			}
			if j := strings.LastIndex(site, "/"); j >= 0 {
				site = site[j+1:]
			}
			return " at " + site
		}
	}
	return ""
}
