package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"brink/mc"
)

// progressBar draws "[=====>    ] 45 % 4,500/10,000  3,210/s  ETA 2s" on a
// terminal, redrawing one line.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	total int64
	start time.Time
	now   func() time.Time
}

func newProgressBar(w io.Writer, total int64, start time.Time) *progressBar {
	return &progressBar{w: w, total: total, start: start, now: time.Now}
}

func (p *progressBar) update(done int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r\033[K%s", p.line(done, p.now().Sub(p.start)))
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
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
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("[%s] %3.0f %% %s/%s  %s/s  ETA %s ", bar, 100*frac, commas(done), commas(p.total), commas(int64(rate)), eta)
}

// commas formats n with thousands separators.
func commas(n int64) string { return mc.Commas(n) }
