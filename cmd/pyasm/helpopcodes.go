package main

// The opcode reference: pyasm help opcodes [X.Y] lists a release's
// instruction set, pyasm help OPCODE [X.Y] explains one name. Every fact
// comes from the version tables (numbers, operands, caches, the stack
// pictures the verifier walks, the rename hints the assembler gives) and
// the words from versions/opdoc; nothing here describes an opcode itself.

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
	"github.com/pyasm/pyasm/versions/opdoc"
)

// helpRelease reads the optional X.Y after a help topic; the newest
// release when there is none (chosen false).
func helpRelease(args []string) (v *versions.Version, chosen bool, err error) {
	switch len(args) {
	case 0:
		return versions.Newest(), false, nil
	case 1:
		v, err := versions.Lookup(args[0])
		return v, true, err
	}
	return nil, false, fmt.Errorf("too many arguments: %s", strings.Join(args, " "))
}

// writeOpcodeList is pyasm help opcodes: one line per opcode of v, then
// the names that are not opcodes of a .pyc.
func writeOpcodeList(w io.Writer, v *versions.Version, chosen bool) {
	fmt.Fprintf(w, "Opcodes of CPython %s", v)
	if !chosen {
		fmt.Fprintf(w, ", the newest release pyasm knows (pyasm help opcodes X.Y for another)")
	}
	fmt.Fprintf(w, ".\npyasm help OPCODE %s explains one. Stack pictures list what an instruction\ntakes, bottom first, then -- and what it leaves; name:kind is a slot that\nholds that kind (null, nullable, iter, exc, lasti, any: moved unread, ...;\nspec/SYNTAX.md, \"The verifier\", lists them).\n\n", v)
	// The stack picture goes last: it is the one column of any length.
	rows := [][]string{{"code", "name", "operand", "caches", "releases", "stack"}}
	for i := range v.Opcodes.Opcodes {
		op := &v.Opcodes.Opcodes[i]
		rows = append(rows, []string{
			fmt.Sprint(op.Code), op.Name, operandWord(v, op), fmt.Sprint(op.Caches),
			versions.FormatReleases(versions.ReleasesWith(op.Name)), picture(v, op.Name) + byArgument(v, op.Name),
		})
	}
	writeColumns(w, rows, map[int]bool{0: true, 3: true})
	if len(v.Opcodes.PseudoOpcodes) > 0 {
		fmt.Fprintf(w, "\nPseudo-instructions of the %s compiler, which never appear in a .pyc:\n", v)
		writeWords(w, v.Opcodes.PseudoOpcodes)
	}
	if len(v.Opcodes.Specialized) > 0 {
		fmt.Fprintf(w, "\nSpecialized and instrumented forms the %s interpreter makes at run time,\nwhich never appear in a .pyc:\n", v)
		writeWords(w, v.Opcodes.Specialized)
	}
}

// picture is the stack picture of an opcode as the table writes it.
func picture(v *versions.Version, name string) string {
	if sig := v.Sig(name); sig != nil {
		return sig.Text
	}
	return "?"
}

// byArgument points the opcode table to the pictures some arguments have
// of their own.
func byArgument(v *versions.Version, name string) string {
	if len(v.ArgSigs(name)) == 0 {
		return ""
	}
	return "  (some arguments differ: pyasm help " + name + ")"
}

// argPictures are the lines for the pictures the table keys by one
// argument of the opcode, in the order of the arguments.
func argPictures(v *versions.Version, name string) []string {
	sigs := v.ArgSigs(name)
	args := slices.Sorted(maps.Keys(sigs))
	lines := make([]string, 0, len(args))
	for _, arg := range args {
		word := fmt.Sprint(arg)
		if names := v.NamedArgs(name); names != nil {
			if text, ok := names.Format(arg); ok {
				word = text
			}
		}
		lines = append(lines, fmt.Sprintf("stack with %s: %s", word, sigs[arg].Text))
	}
	return lines
}

// operandWord says how the argument is written: the operand kinds of
// spec/SYNTAX.md's instruction table, with any flag words.
func operandWord(v *versions.Version, op *versions.Opcode) string {
	form := v.ArgForms[op.Name]
	word := map[versions.Operand]string{
		versions.OperandNone: "-", versions.OperandRaw: "number", versions.OperandConst: "constant",
		versions.OperandName: "name", versions.OperandLocal: "local", versions.OperandFree: "cell",
		versions.OperandCompare: "operator",
	}[op.Operand]
	switch {
	case op.Operand == versions.OperandJump:
		word = map[versions.JumpKind]string{
			versions.JumpForward: "label (forward)", versions.JumpBackward: "label (backward)",
			versions.JumpAbsolute: "label (absolute)",
		}[op.Jump]
	case op.Name == "BINARY_OP" && len(v.Opcodes.BinaryOps) > 0:
		word = "operator"
	case form.Pair:
		word = "local local"
	case v.NamedArgs(op.Name) != nil:
		word = "number or name"
	}
	var flags []string
	for f := range form.Flags {
		flags = append(flags, f)
	}
	sort.Strings(flags)
	for _, f := range flags {
		word += " [" + f + "]"
	}
	return word
}

// writeColumns writes rows as left-aligned columns (right-aligned where
// right says), the last column unpadded.
func writeColumns(w io.Writer, rows [][]string, right map[int]bool) {
	width := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			switch {
			case i == len(r)-1:
				b.WriteString(c)
			case right[i]:
				b.WriteString(pad + c + "  ")
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// writeWords writes names filled into indented lines.
func writeWords(w io.Writer, names []string) {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	writeWrapped(w, "  ", "  ", strings.Join(sorted, " "))
}

// writeWrapped fills text into lines of at most 76 columns: the first
// starts with first, the others with rest.
func writeWrapped(w io.Writer, first, rest, text string) {
	line, empty := first, true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > 76 {
			fmt.Fprintln(w, line)
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	if !empty {
		fmt.Fprintln(w, line)
	}
}

// knownOpcodeName says whether some release knows name as an opcode,
// a pseudo-instruction or a specialized form.
func knownOpcodeName(name string) bool {
	for _, v := range versions.All() {
		if v.Opcode(name) != nil || contains(v.Opcodes.PseudoOpcodes, name) || contains(v.Opcodes.Specialized, name) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allOpcodeNames lists every name any release knows, for suggestions.
func allOpcodeNames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, v := range versions.All() {
		for _, op := range v.Opcodes.Opcodes {
			add(op.Name)
		}
		for _, n := range v.Opcodes.PseudoOpcodes {
			add(n)
		}
		for _, n := range v.Opcodes.Specialized {
			add(n)
		}
	}
	return out
}

// standing says what name is in release v, in words that do not name v,
// so that releases where it stands the same fold into one line.
func standing(v *versions.Version, name string) []string {
	if op := v.Opcode(name); op != nil {
		caches := ""
		if op.Caches > 0 {
			caches = fmt.Sprintf(", %d cache units", op.Caches)
			if op.Caches == 1 {
				caches = ", 1 cache unit"
			}
		}
		operand := "operand: " + operandWord(v, op)
		if op.Operand == versions.OperandNone {
			operand = "no operand"
		}
		lines := []string{fmt.Sprintf("code %d, %s%s", op.Code, operand, caches)}
		if r, ok := v.ArgRange(name); ok {
			// The verifier refuses an argument outside it.
			lines = append(lines, fmt.Sprintf("argument %d to %d: %s", r.Min, r.Max, r.What))
		}
		if names := v.NamedArgs(name); names != nil {
			lines = append(lines, "names: "+strings.Join(names.Names(), " "))
		}
		lines = append(lines, "stack: "+picture(v, name))
		return append(lines, argPictures(v, name)...)
	}
	if contains(v.Opcodes.Specialized, name) {
		if base := asm.SpecializedBase(v, name); base != "" {
			return []string{"made from " + base + " at run time, never in a .pyc: write " + base}
		}
		return []string{"made by the interpreter at run time, never in a .pyc"}
	}
	s := "not an opcode"
	if contains(v.Opcodes.PseudoOpcodes, name) {
		s = "a pseudo-instruction of the compiler, never in a .pyc"
	}
	if hint := versions.RenameHint(v, name); hint != "" {
		s += "; " + hint
	}
	return []string{s}
}

// writeOpcodeHelp is pyasm help OPCODE [X.Y]: what the name does, then
// how it stands in one release (v, when chosen) or in each.
func writeOpcodeHelp(w io.Writer, name string, v *versions.Version, chosen bool) {
	doc := opdoc.Lookup(name)
	if chosen {
		fmt.Fprintf(w, "%s in CPython %s\n\n", name, v)
	} else {
		fmt.Fprintf(w, "%s in every release (pyasm help %s X.Y for one)\n\n", name, name)
	}
	if doc != nil {
		writeWrapped(w, "", "", doc.Text)
		for _, n := range doc.Notes {
			if !chosen || n.Applies(v) {
				writeWrapped(w, "  "+n.Releases()+": ", "      ", n.Text)
			}
		}
		fmt.Fprintln(w)
	}
	if chosen {
		fmt.Fprintf(w, "In %s:\n", v)
		for _, line := range standing(v, name) {
			writeStanding(w, "  ", "    ", line)
		}
		if in := versions.ReleasesWith(name); len(in) > 0 {
			fmt.Fprintf(w, "\nReleases with %s: %s.\n", name, versions.FormatReleases(in))
		}
		return
	}
	all := versions.All()
	var rows [][]string
	for i := 0; i < len(all); {
		here := standing(all[i], name)
		j := i
		for j+1 < len(all) && sameLines(standing(all[j+1], name), here) {
			j++
		}
		rows = append(rows, append([]string{versions.FormatReleases(all[i : j+1])}, here...))
		i = j + 1
	}
	width := 0
	for _, r := range rows {
		width = max(width, len([]rune(r[0])))
	}
	indent := strings.Repeat(" ", width+2)
	for _, r := range rows {
		for k, line := range r[1:] {
			first := indent
			if k == 0 {
				first = r[0] + indent[len([]rune(r[0])):]
			}
			writeStanding(w, first, indent+"  ", line)
		}
	}
}

// writeStanding writes one line of standing, wrapped unless it is a
// stack picture, which reads best whole.
func writeStanding(w io.Writer, first, rest, line string) {
	if strings.HasPrefix(line, "stack: ") {
		fmt.Fprintln(w, first+line)
		return
	}
	writeWrapped(w, first, rest, line)
}

func sameLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// runHelpTopic is pyasm help with a topic other than a command alone:
// opcodes [X.Y] or OPCODE [X.Y].
func runHelpTopic(args []string, out, errOut io.Writer) int {
	topic, rest := args[0], args[1:]
	v, chosen, err := helpRelease(rest)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm help %s: %v\n", topic, err)
		return exitUsage
	}
	for _, c := range commands {
		if c.name == topic {
			fmt.Fprintf(errOut, "pyasm help %s: a command's help takes no release\n", topic)
			return exitUsage
		}
	}
	if topic == "opcodes" {
		writeOpcodeList(out, v, chosen)
		return exitOK
	}
	name := topic
	if !knownOpcodeName(name) && knownOpcodeName(strings.ToUpper(name)) {
		name = strings.ToUpper(name)
	}
	if knownOpcodeName(name) {
		writeOpcodeHelp(out, name, v, chosen)
		return exitOK
	}
	candidates := append(allOpcodeNames(), "opcodes")
	for _, c := range commands {
		candidates = append(candidates, c.name)
	}
	fmt.Fprintf(errOut, "pyasm help: no command or opcode is named %q", topic)
	if near := asm.Suggest(strings.ToUpper(topic), candidates); near != "" {
		fmt.Fprintf(errOut, "; did you mean %s?", near)
	} else if near := asm.Suggest(topic, candidates); near != "" {
		fmt.Fprintf(errOut, "; did you mean %s?", near)
	}
	fmt.Fprintf(errOut, "\n(pyasm help lists the commands, pyasm help opcodes the opcodes)\n")
	return exitUsage
}
