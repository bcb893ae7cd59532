package cli

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles writes the CPU and heap profiles that -cpuprofile and -memprofile
// ask for, in the format of runtime/pprof, to be read with `go tool pprof`.
type profiles struct {
	cpu *os.File
	mem string
}

// startProfiles starts the CPU profile (cpu, if not empty) and remembers
// where the heap profile goes (mem); stop ends both.
func startProfiles(cpu, mem string) (*profiles, error) {
	p := &profiles{mem: mem}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		p.cpu = f
	}
	return p, nil
}

// stop ends the CPU profile and writes the heap profile: the memory in use
// after a garbage collection and every allocation since the start.
func (p *profiles) stop() error {
	var errs []error
	if p.cpu != nil {
		pprof.StopCPUProfile()
		if err := p.cpu.Close(); err != nil {
			errs = append(errs, fmt.Errorf("-cpuprofile: %w", err))
		}
		p.cpu = nil
	}
	if p.mem != "" {
		runtime.GC()
		f, err := os.Create(p.mem)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("-memprofile: %w", err))
		}
		p.mem = ""
	}
	return errors.Join(errs...)
}
