package main

import (
	"os"
	"runtime/debug"
)

// Heap bounds. By default Go's collector runs each time the heap doubles
// what was live: a dis of a module of a few hundred kilobytes, whose live
// data is a few megabytes, ran it a dozen times, a third of the process's
// CPU. pyasm instead sets a soft limit per worker and turns the doubling
// rule off, so the collector runs only as the heap nears the limit: never
// for a module the size of 3.12's _pydecimal (a 228 KB .pyc), whose dis
// allocates about 17 MB all told; there a collection at 26 MiB cost more
// (its marking, and the write barriers while it marks) than the fresh
// memory it saved. On a tree the collector must run, and how often is
// what it costs: a worker's live data is a few megabytes (one file's), and
// at 36 MiB a worker the dis of the 3.12 stdlib (1,723 files, -j 2) ran it
// 80 times and took 15% more CPU than at 64 MiB (paired runs, 0.87 of the
// wall time; 100 MiB gave 0.82 but peaks at 200 MB). The limit grows
// with the largest input a worker may take, whose live data alone would
// otherwise be over it (the collector would then run without end).
const heapPerWorker = 64 << 20 // bytes: what one worker may grow to on a typical module

// heapPerInputByte is, by command, how a worker's bound grows with the
// largest input it may take: a .pyc holds about a quarter of the bytes of
// its .pyasm text for the same code.
var heapPerInputByte = map[string]int64{"dis": 64, "explain": 64, "build": 16}

// boundHeap sets the soft memory limit for workers of a command working on
// inputs of at most largest bytes, and collects only by it, unless the
// user set GOMEMLIMIT or GOGC.
func boundHeap(cmd string, workers int, largest int64) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	expected := heapPerInputByte[cmd] * largest // the heap the largest input needs
	per := max(int64(heapPerWorker), expected)
	limit := int64(max(workers, 1)) * per
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(-1)
	// Half the limit: the freed block counts against it until the heap
	// uses it, and the runtime would give back what goes over.
	if expected >= hugePagesFrom && hugePagesAsked() {
		adviseHugePages(uintptr(limit / 2))
	}
}

// hugePagesFrom is the heap a command must expect to grow to before
// asking for huge pages is worth the collection it takes (about a
// millisecond; the dis of a 228 KB .pyc, which grows to 17 MB, took 0.87
// and 0.91 of the time with them, paired against without, and the build of
// its 1 MB text 0.89).
const hugePagesFrom = 8 << 20
