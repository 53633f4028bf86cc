package resolve

// SetAsideMin sets, for a test, the size of program from which slot walks
// go aside (aside.go); the function it gives sets it back.
func SetAsideMin(n int) (restore func()) {
	old := asideMinInstrs
	asideMinInstrs = n
	return func() { asideMinInstrs = old }
}
