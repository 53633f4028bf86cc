//go:build !linux

package main

// Huge pages are asked for on Linux only (see hugepages_linux.go).
func hugePagesAsked() bool                              { return false }
func adviseHugePages(size uintptr) (start, end uintptr) { return 0, 0 }
