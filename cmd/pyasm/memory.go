package main

import (
	"os"
	"runtime/debug"
)

// Heap bounds. Go's collector lets the heap grow to twice what is live
// before it collects; for a module of a few hundred kilobytes that is most
// of pyasm's peak memory. A soft limit per worker makes it collect sooner
// while the work is small, and steps aside for large inputs, whose live
// data alone would be over it (the collector would then run without end).
const (
	heapPerWorker    = 20 << 20 // bytes: what one worker may grow to on a typical module
	heapPerInputByte = 64       // a worker's bound grows with the largest input it may take
)

// boundHeap sets the soft memory limit for workers working on inputs of at
// most largest bytes, unless the user set GOMEMLIMIT or GOGC.
func boundHeap(workers int, largest int64) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	per := max(int64(heapPerWorker), heapPerInputByte*largest)
	debug.SetMemoryLimit(int64(max(workers, 1)) * per)
}
