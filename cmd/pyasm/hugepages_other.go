//go:build !linux || !(amd64 || arm64)

package main

// Huge pages are asked for on 64-bit Linux only (see hugepages_linux.go).
func hugePagesAsked() bool                              { return false }
func adviseHugePages(size uintptr) (start, end uintptr) { return 0, 0 }
