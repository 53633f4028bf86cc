//go:build amd64 || arm64

package main

import (
	"os"
	"runtime"
	"strings"
	"syscall"
	"unsafe"
)

// thpEnabled is the kernel's transparent huge page mode.
const thpEnabled = "/sys/kernel/mm/transparent_hugepage/enabled"

const (
	hugePage     = 2 << 20   // bytes in an x86-64 huge page, and arm64's with 4 KiB pages
	maxAdvised   = 256 << 20 // the most bytes advised
	madvHugePage = 14        // MADV_HUGEPAGE
)

// hugePagesAsked reports whether the kernel gives huge pages only to
// memory that asks for them (mode "madvise", the common default), and the
// user has not told Go to keep its heap off them (GODEBUG=disablethp=1).
func hugePagesAsked() bool {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return false
	}
	mode, err := os.ReadFile(thpEnabled)
	return err == nil && strings.Contains(string(mode), "[madvise]")
}

// adviseHugePages has the heap's next size bytes backed by huge pages: a
// block of that size is allocated, so that the runtime maps it; marked
// MADV_HUGEPAGE; and freed, so that later allocations take its pages. It
// is never written, so none of it is faulted in until the heap uses it.
// It returns the range advised, empty when the kernel refused the advice
// or size is under two huge pages.
//
// Why: a single module's dis or build faults in 15-20 MB of fresh heap,
// and in 4 KiB pages that was about a quarter of its time (4,200 faults,
// the kernel clearing each page). Go asks for huge pages only where the
// kernel's mode is "always"; in the usual "madvise" mode the heap gets
// none unless it asks. The collection that frees the block costs about a
// millisecond, so boundHeap asks only when the work is large enough.
func adviseHugePages(size uintptr) (start, end uintptr) {
	// Past a few hundred megabytes the block only reserves address space
	// the heap will not reach before it collects, and a kernel that does
	// not overcommit might refuse it.
	size = min(size, maxAdvised) &^ (hugePage - 1)
	if size < 2*hugePage {
		return 0, 0
	}
	block := make([]byte, size)
	at := uintptr(unsafe.Pointer(&block[0]))
	// Only whole huge pages inside the block: advice on a page the heap
	// already uses would make the kernel gather it, at a cost.
	start = (at + hugePage - 1) &^ (hugePage - 1)
	end = (at + size) &^ (hugePage - 1)
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage)
	runtime.KeepAlive(block)
	block = nil
	runtime.GC()
	if errno != 0 {
		return 0, 0
	}
	return start, end
}
