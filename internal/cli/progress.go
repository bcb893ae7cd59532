package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"brink/mc"
)

// DefaultProgressEvery is how often a command writes a progress line when
// stderr is not a terminal (a Slurm or Kubernetes log): often enough to see
// a job move, rarely enough not to flood the log.
const DefaultProgressEvery = 5 * time.Second

// progressBar shows how far a command has got. On a terminal it draws
// "[=====>    ] 45 % 4,500/10,000  3,210/s  ETA 2s", redrawing one line; in a
// log (every > 0) it writes a line such as
// "brink run: 45 % 4,500/10,000 trajectories, 3,210/s, ETA 2s" at most once
// per interval, and a last line when done if it wrote any.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	total int64
	start time.Time
	now   func() time.Time

	cmd     string        // in a log: the command, e.g. "brink run"
	every   time.Duration // in a log: the interval between lines; 0 on a terminal
	last    time.Time     // in a log: when the last line was written
	written bool          // in a log: a line was written
	done    int64
	// turns, if set before finish, is the mean number of agent-turns (an
	// actor at a decision epoch) a trajectory took: the last line gives
	// their rate too, the unit agent-based simulators are compared in.
	turns float64
}

func newProgressBar(w io.Writer, total int64, start time.Time) *progressBar {
	return &progressBar{w: w, total: total, start: start, now: time.Now}
}

// newProgress is the progress display of a command of total trajectories:
// a bar on a terminal, lines every env.ProgressEvery in a log, or nil if
// neither is wanted.
func newProgress(env *Env, cmd string, total int64) *progressBar {
	switch {
	case env.StderrIsTerminal:
		return newProgressBar(env.Stderr, total, time.Now())
	case env.ProgressEvery > 0:
		p := newProgressBar(env.Stderr, total, time.Now())
		p.cmd, p.every, p.last = cmd, env.ProgressEvery, p.start
		return p
	}
	return nil
}

func (p *progressBar) update(done int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.every == 0 {
		fmt.Fprintf(p.w, "\r\033[K%s", p.line(done, p.now().Sub(p.start)))
		return
	}
	p.done = done
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last, p.written = now, true
		fmt.Fprintln(p.w, p.logLine(done, now.Sub(p.start)))
	}
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.every == 0 {
		fmt.Fprint(p.w, "\r\033[K")
		return
	}
	if p.written {
		el := p.now().Sub(p.start)
		r := rate(p.done, el)
		turns := ""
		if p.turns > 0 {
			turns = fmt.Sprintf(", %.3g M agent-turns/s", r*p.turns/1e6)
		}
		fmt.Fprintf(p.w, "%s: %s/%s trajectories in %s (%s/s%s)\n", p.cmd, commas(p.done), commas(p.total),
			el.Round(time.Second), commas(int64(r)), turns)
	}
}

func rate(done int64, elapsed time.Duration) float64 {
	if s := elapsed.Seconds(); s > 0 {
		return float64(done) / s
	}
	return 0
}

// eta is the time left at the rate so far, or "?".
func (p *progressBar) eta(done int64, r float64) string {
	if r > 0 {
		return time.Duration(float64(p.total-done) / r * float64(time.Second)).Round(time.Second).String()
	}
	return "?"
}

// line renders the bar for `done` trajectories after `elapsed`.
func (p *progressBar) line(done int64, elapsed time.Duration) string {
	const width = 30
	frac := float64(done) / float64(p.total)
	fill := int(frac * width)
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(" ", width-fill-1)
	}
	r := rate(done, elapsed)
	return fmt.Sprintf("[%s] %3.0f %% %s/%s  %s/s  ETA %s ", bar, 100*frac, commas(done), commas(p.total), commas(int64(r)), p.eta(done, r))
}

// logLine is the line a log gets for `done` trajectories after `elapsed`.
func (p *progressBar) logLine(done int64, elapsed time.Duration) string {
	r := rate(done, elapsed)
	return fmt.Sprintf("%s: %.0f %% %s/%s trajectories, %s/s, ETA %s", p.cmd, 100*float64(done)/float64(p.total),
		commas(done), commas(p.total), commas(int64(r)), p.eta(done, r))
}

// commas formats n with thousands separators.
func commas(n int64) string { return mc.Commas(n) }
