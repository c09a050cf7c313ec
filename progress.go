package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"pantau/importer"
)

// progress shows an import's progress: a bar redrawn in place (rows, rows/s,
// ETA when the total is known) on a terminal, a plain line every few seconds
// otherwise.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	tty   bool
	total int64 // bytes of the input, 0 when unknown
	bytes func() int64
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, label string) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, label: label, tty: tty, start: time.Now()}
}

func (p *progress) update(pr importer.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if pr.Phase == "reading" {
		every := 2 * time.Second
		if p.tty {
			every = 100 * time.Millisecond
		}
		if now.Sub(p.last) < every {
			return
		}
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(pr.Read) / el
	}
	frac := -1.0
	if p.total > 0 && p.bytes != nil {
		frac = float64(p.bytes()) / float64(p.total)
	}
	if !p.tty {
		line := fmt.Sprintf("%s: %s %d rows, %.0f rows/s", p.label, pr.Phase, pr.Read, rate)
		if frac >= 0 && pr.Phase == "reading" {
			line += fmt.Sprintf(", %.0f%%", 100*frac)
		}
		fmt.Fprintln(p.w, line)
		return
	}
	bar := ""
	eta := ""
	if frac >= 0 && pr.Phase == "reading" {
		n := int(frac * 30)
		bar = "[" + strings.Repeat("#", min(n, 30)) + strings.Repeat(".", max(0, 30-n)) + "] "
		if frac > 0.01 {
			eta = fmt.Sprintf(", ETA %s", time.Duration(el/frac*(1-frac)*float64(time.Second)).Round(time.Second))
		}
	}
	fmt.Fprintf(p.w, "\r\033[K%s: %s%s %d rows, %.0f rows/s%s", p.label, bar, pr.Phase, pr.Read, rate, eta)
	p.drawn = true
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
	}
}
