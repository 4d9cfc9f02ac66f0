//go:build unix

package retrieval

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used so far, on every core:
// benchmarks report it next to wall time, which other work on a shared
// machine inflates.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
