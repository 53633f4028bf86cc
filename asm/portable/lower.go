package portable

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Lower returns p with every portable instruction replaced by the real
// instructions of p's release. A program without portable instructions is
// returned as it is. p itself is not changed: the blocks that hold
// portable instructions are copied. warnings are findings that do not stop
// the build (2.7's line table cannot go back, so a portable program's .line
// that goes back is dropped with a warning); the error, if any, is an
// asm.ErrorList.
func Lower(p *asm.Program) (out *asm.Program, warnings asm.ErrorList, err error) {
	if !Has(p) || p.Version == nil || p.Version.Portable == nil {
		return p, nil, nil
	}
	if errs := asm.Check(p); len(errs) > 0 {
		return nil, nil, errs.Err()
	}
	out, warnings, err = lower(p)
	if (err != nil || len(warnings) > 0) && !asm.Located(p) {
		// Findings in a program built in Go without positions: the same
		// lowering of a copy whose statements know their place names it.
		_, warnings, lerr := lower(asm.Locate(p))
		if err != nil {
			return nil, warnings, lerr
		}
		return out, warnings, nil
	}
	return out, warnings, err
}

func lower(p *asm.Program) (out *asm.Program, warnings asm.ErrorList, err error) {
	l := &lowerer{v: p.Version, module: p.Module, blocks: map[string]*asm.Code{},
		parents: map[*asm.Code]*asm.Code{}, scopes: map[*asm.Code]scope{}}
	l.index(p.Module, nil)
	l.inferScopes(p.Module, nil)
	lowered := *p
	lowered.Module = l.code(p.Module)
	l.warnings.Sort()
	if err := l.errs.Err(); err != nil {
		return nil, l.warnings, err
	}
	return &lowered, l.warnings, nil
}

type lowerer struct {
	v              *versions.Version
	module         *asm.Code
	blocks         map[string]*asm.Code
	parents        map[*asm.Code]*asm.Code
	scopes         map[*asm.Code]scope
	errs, warnings asm.ErrorList
}

// block is what the lowering of one code block keeps.
type block struct {
	c *asm.Code
	// order numbers the block's labels and instructions in code order, to
	// tell a forward jump from a backward one; taken holds every label.
	order map[any]int
	taken map[string]bool
	// lastLine is the latest line of a 2.7 block, dropped counts the
	// .lines that would go back from it.
	lastLine int
	dropped  int
	firstBad *asm.Line
	badFrom  int
}

func (l *lowerer) errorf(pos asm.Pos, format string, args ...any) *asm.Error {
	return l.errs.Add(pos, format, args...)
}

// index records every block by label and the block each is written in.
func (l *lowerer) index(c, parent *asm.Code) {
	if parent != nil {
		if _, dup := l.blocks[c.Label]; !dup {
			l.blocks[c.Label] = c
		}
		l.parents[c] = parent
	}
	for _, child := range childBlocks(c.Body) {
		l.index(child, c)
	}
}

// code lowers one block and the blocks in it.
func (l *lowerer) code(c *asm.Code) *asm.Code {
	b := &block{c: c, order: map[any]int{}, taken: map[string]bool{}}
	n := 0
	var number func([]asm.Stmt)
	number = func(body []asm.Stmt) {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Label:
				if s != nil {
					b.taken[s.Name] = true
					b.order[s.Name] = n
				}
			case *asm.Instr:
				b.order[s] = n
			case *asm.Try:
				if s != nil {
					number(s.Body)
				}
			}
			n++
		}
	}
	number(c.Body)
	if l.v.Lines == versions.LnotabUnsigned {
		b.lastLine = firstLine(c)
	}
	out := *c
	out.Body = l.body(b, c.Body)
	if s := l.scopes[c]; len(s.cells) > 0 || len(s.frees) > 0 {
		out.CellVars, out.FreeVars = s.cells, s.frees
	}
	l.checkLocals(c, out.Body)
	if b.dropped > 0 {
		w := l.warnings.Add(b.firstBad.Pos, ".line %d goes back from line %d, which %s's line table cannot say: the instructions keep line %d",
			b.firstBad.Line, b.badFrom, l.v, b.badFrom)
		if b.dropped > 1 {
			w.Msg += fmt.Sprintf(" (and %d more such .lines in this block)", b.dropped-1)
		}
		w.Warning, w.Advice = true, true
		w.Hint = "the program runs the same; only tracebacks and tracers see the later line"
	}
	return &out
}

// firstLine is the line a 2.7 block starts at, as the resolver takes it.
func firstLine(c *asm.Code) int {
	if c.FirstLineNo != nil {
		return *c.FirstLineNo
	}
	return asm.FirstLine(c.Body)
}

func (l *lowerer) body(b *block, body []asm.Stmt) []asm.Stmt {
	out := make([]asm.Stmt, 0, len(body))
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Code:
			if s == nil {
				out = append(out, s)
				continue
			}
			out = append(out, l.code(s))
		case *asm.Try:
			if s == nil {
				out = append(out, s)
				continue
			}
			t := *s
			t.Body = l.body(b, s.Body)
			out = append(out, &t)
		case *asm.Line:
			if s != nil && l.v.Lines == versions.LnotabUnsigned {
				if s.Line < b.lastLine {
					if b.dropped == 0 {
						b.firstBad, b.badFrom = s, b.lastLine
					}
					b.dropped++
					continue
				}
				b.lastLine = s.Line
			}
			out = append(out, s)
		case *asm.Instr:
			if s != nil && Is(s.Op) {
				out = append(out, l.instr(b, s)...)
			} else {
				out = append(out, s)
			}
		default:
			out = append(out, s)
		}
	}
	return out
}

// instr lowers one portable instruction: its operands are checked, the
// facts its template may need worked out, and the release's template
// filled in.
func (l *lowerer) instr(b *block, in *asm.Instr) []asm.Stmt {
	sh := instructions[in.Op]
	if !l.checkShape(in, sh) {
		return nil
	}
	facts := map[string][]asm.Operand{}
	variant := ""
	for i, a := range in.Args {
		switch sh.operands[i] {
		case label:
			id, _ := a.(*asm.Ident)
			at, ok := b.order[id.Name]
			if !ok {
				e := l.errorf(a.OperandPos(), "no label %s in this code block", id.Name)
				if near := asm.Suggest(id.Name, keys(b.taken)); near != "" {
					e.Hint = "did you mean " + near + "?"
				}
				return nil
			}
			variant = "forward"
			if at <= b.order[in] {
				variant = "backward"
			}
		case operator:
			variant = a.(*asm.Symbol).Text
		}
	}
	if !l.facts(b, in, facts) {
		return nil
	}
	tmpl, ok := l.v.PortableForm(in.Op, variant)
	if !ok {
		spelled := in.Op
		if sh.operands != nil && sh.operands[0] == operator {
			spelled += " " + variant
		}
		l.errorf(in.Pos, "%s has no form on %s: the release has no such operation", spelled, l.v)
		return nil
	}
	return l.expand(b, in, tmpl, facts)
}

// checkShape checks a portable instruction's operands against what it
// takes.
func (l *lowerer) checkShape(in *asm.Instr, sh shape) bool {
	if len(in.Flags) > 0 {
		l.errorf(in.Pos, "%s takes no flag words (%s)", in.Op, strings.Join(in.Flags, " "))
		return false
	}
	if in.ExtendedArgs > 0 {
		l.errorf(in.Pos, "EXTENDED_ARG cannot come before %s, a portable instruction", in.Op).Hint =
			"pyasm lower shows its real instructions, to put it before one of them"
		return false
	}
	min, max := len(sh.operands)-sh.optional, len(sh.operands)
	switch {
	case max == 0 && len(in.Args) > 0:
		l.errorf(in.Args[0].OperandPos(), "%s takes no operand", in.Op)
		return false
	case len(in.Args) < min || len(in.Args) > max:
		pos := in.Pos
		if len(in.Args) > max {
			pos = in.Args[max].OperandPos()
		}
		l.errorf(pos, "%s takes %s", in.Op, sh.what)
		return false
	}
	for i, a := range in.Args {
		if a == nil {
			l.errorf(in.Pos, "%s: operand %d is nil", in.Op, i+1)
			return false
		}
	}
	ok := true
	for i, a := range in.Args {
		if label, missing := l.missingBlock(sh.operands[i], a); missing {
			// As the grammar says it of text, so that Go gets the same words.
			e := l.errorf(a.OperandPos(), "no code block is labelled %s", label)
			if near := asm.Suggest(label, keys(l.labels())); near != "" {
				e.Hint = "did you mean @" + near + "?"
			}
			ok = false
			continue
		}
		if msg := l.checkOperand(in, sh.operands[i], a); msg != "" {
			e := l.errorf(a.OperandPos(), "%s takes %s: %s", in.Op, sh.what, msg)
			if _, raw := a.(*asm.Raw); raw {
				e.Hint = "a portable instruction's operands are symbolic: pyasm lower shows the real instructions, which take !N"
			}
			ok = false
		}
	}
	return ok
}

// missingBlock reports a code operand that names no block of the program.
func (l *lowerer) missingBlock(kind operand, a asm.Operand) (string, bool) {
	if kind != code {
		return "", false
	}
	if lit, ok := a.(*asm.Literal); ok {
		if cr, ok := lit.Value.(*asm.CodeRef); ok && l.blocks[cr.Label] == nil {
			return cr.Label, true
		}
	}
	return "", false
}

// labels is the set of the program's block labels.
func (l *lowerer) labels() map[string]bool {
	out := map[string]bool{}
	for label := range l.blocks {
		out[label] = true
	}
	return out
}

// checkOperand says what is wrong with one operand, or "".
func (l *lowerer) checkOperand(in *asm.Instr, kind operand, a asm.Operand) string {
	if _, raw := a.(*asm.Raw); raw {
		return "not a raw !N"
	}
	lit, _ := a.(*asm.Literal)
	switch kind {
	case label, name:
		if _, ok := a.(*asm.Ident); !ok {
			return "not " + describe(a)
		}
	case count:
		if n, ok := countOf(a); !ok || n > 1<<16 {
			return "a whole number from 0 to 65536, not " + describe(a)
		}
	case constant:
		if lit == nil {
			return "not " + describe(a)
		}
	case code:
		ref, ok := a.(*asm.Literal)
		if !ok {
			return "not " + describe(a)
		}
		cr, ok := ref.Value.(*asm.CodeRef)
		if !ok {
			return "not " + describe(a)
		}
		if l.blocks[cr.Label] == nil {
			return "no code block is labelled " + cr.Label
		}
	case kwnames:
		t, ok := a.(*asm.Literal)
		var tup *marshal.Tuple
		if ok {
			tup, ok = t.Value.(*marshal.Tuple)
		}
		if !ok {
			return "not " + describe(a)
		}
		for _, item := range tup.Items {
			if _, ok := keyword(item); !ok {
				return "a keyword name is a string, not " + describe(&asm.Literal{Value: item})
			}
		}
		if n, _ := countOf(in.Args[0]); len(tup.Items) > n {
			return fmt.Sprintf("%d keyword names for %d arguments", len(tup.Items), n)
		}
	case operator:
		sym, ok := a.(*asm.Symbol)
		if !ok || !contains(operators[in.Op], sym.Text) {
			return "one of " + strings.Join(operators[in.Op], " ")
		}
	}
	return ""
}

// keyword is the text of a keyword name: a str, or on 2.7 a byte string.
func keyword(v asm.Value) (string, bool) {
	switch v := v.(type) {
	case *marshal.Str:
		return v.Value(), true
	case *marshal.Bytes:
		return string(v.Data), true
	}
	return "", false
}

func countOf(a asm.Operand) (int, bool) {
	lit, ok := a.(*asm.Literal)
	if !ok {
		return 0, false
	}
	n, ok := lit.Value.(*marshal.Int)
	if !ok || n.Value.Sign() < 0 || !n.Value.IsInt64() || n.Value.Int64() > 1<<30 {
		return 0, false
	}
	return int(n.Value.Int64()), true
}

func describe(a asm.Operand) string {
	switch a := a.(type) {
	case *asm.Ident:
		return "the name " + a.Name
	case *asm.Symbol:
		return "the operator " + a.Text
	case *asm.Raw:
		return "!" + strconv.FormatUint(uint64(a.Value), 10)
	case *asm.Literal:
		switch a.Value.(type) {
		case *asm.CodeRef:
			return "a code block"
		case *marshal.Int:
			return "a number"
		case *marshal.Tuple:
			return "a tuple"
		}
		return "a constant"
	}
	return "that"
}

func intOp(pos asm.Pos, n int) *asm.Literal {
	return &asm.Literal{Pos: pos, Value: &marshal.Int{Value: big.NewInt(int64(n))}}
}

// strOp is a str constant; on 2.7 a byte string, as 2.7's compiler writes
// names.
func (l *lowerer) strOp(pos asm.Pos, s string) *asm.Literal {
	if l.v.Marshal.Python2 {
		return &asm.Literal{Pos: pos, Value: &marshal.Bytes{Data: []byte(s)}}
	}
	return &asm.Literal{Pos: pos, Value: marshal.NewStr(s)}
}

func names(pos asm.Pos, list []string) []asm.Operand {
	out := make([]asm.Operand, len(list))
	for i, n := range list {
		out[i] = &asm.Ident{Pos: pos, Name: n}
	}
	return out
}

func flag(pos asm.Pos, on bool) []asm.Operand {
	if on {
		return []asm.Operand{intOp(pos, 1)}
	}
	return nil
}

// facts works out what the templates of in may need beyond its operands.
func (l *lowerer) facts(b *block, in *asm.Instr, f map[string][]asm.Operand) bool {
	pos := in.Pos
	one := func(o asm.Operand) []asm.Operand { return []asm.Operand{o} }
	switch in.Op {
	case "kwarg":
		f["name"] = one(l.strOp(pos, in.Args[0].(*asm.Ident).Name))
	case "call_kw":
		n, _ := countOf(in.Args[0])
		k := len(in.Args[1].(*asm.Literal).Value.(*marshal.Tuple).Items)
		f["packed"] = one(intOp(pos, n-k|k<<8))
	case "make_function":
		target := l.blocks[in.Args[0].(*asm.Literal).Value.(*asm.CodeRef).Label]
		defaults := 0
		if len(in.Args) > 1 {
			defaults, _ = countOf(in.Args[1])
		}
		frees := l.scopes[target].frees
		if len(frees) > 0 && l.parents[target] != b.c {
			l.errorf(in.Args[0].OperandPos(), "make_function @%s: %s has free variables (%s), so it must be written inside the block that makes it",
				target.Label, target.Label, strings.Join(frees, ", "))
			return false
		}
		fl := 0
		if defaults > 0 {
			fl |= 1
			f["defaults"] = one(intOp(pos, defaults))
		} else {
			f["defaults"] = one(intOp(pos, 0))
		}
		if len(frees) > 0 {
			fl |= 8
			f["closure"] = names(pos, frees)
			f["nclosure"] = one(intOp(pos, len(frees)))
		}
		f["flags"] = one(intOp(pos, fl))
		f["qualname"] = one(l.strOp(pos, l.qualName(target)))
	case "prologue":
		s := l.scopes[b.c]
		f["frees"] = one(intOp(pos, len(s.frees)))
		f["cells"] = names(pos, s.cells)
		kind, gen := l.generator(b.c)
		f["generator"] = flag(pos, gen)
		f["genkind"] = one(intOp(pos, kind))
	}
	return true
}

// generator tells whether a block is a generator, and which kind in
// GEN_START's terms (0 generator, 1 coroutine, 2 async generator): by its
// .flags when it gives them, else by whether it yields.
func (l *lowerer) generator(c *asm.Code) (kind int, ok bool) {
	if c.Flags != nil {
		for i, n := range []string{"GENERATOR", "COROUTINE", "ASYNC_GENERATOR"} {
			if *c.Flags&versions.BitNamed(l.v.CodeFlags, n) != 0 {
				return i, true
			}
		}
		return 0, false
	}
	var yields func([]asm.Stmt) bool
	yields = func(body []asm.Stmt) bool {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Instr:
				if s != nil && (s.Op == "yield" || s.Op == "YIELD_VALUE" || s.Op == "YIELD_FROM") {
					return true
				}
			case *asm.Try:
				if s != nil && yields(s.Body) {
					return true
				}
			}
		}
		return false
	}
	return 0, yields(c.Body)
}

// truthy is whether a fact holds: a list that is not empty, a number that
// is not 0.
func truthy(f []asm.Operand) bool {
	if len(f) == 1 {
		if lit, ok := f[0].(*asm.Literal); ok {
			if n, ok := lit.Value.(*marshal.Int); ok {
				return n.Value.Sign() != 0
			}
		}
	}
	return len(f) > 0
}

// expand fills in a template (see versions/portable.go).
func (l *lowerer) expand(b *block, in *asm.Instr, tmpl string, facts map[string][]asm.Operand) []asm.Stmt {
	lines := strings.FieldsFunc(tmpl, func(r rune) bool { return r == ';' || r == '\n' })
	fresh := map[string]string{}
	var out []asm.Stmt
	bad := func(line, why string) []asm.Stmt {
		l.errorf(in.Pos, "internal error: %s's form on %s, %q: %s", in.Op, l.v, strings.TrimSpace(line), why)
		return nil
	}
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "?"); ok {
			want := true
			if r, neg := strings.CutPrefix(rest, "!"); neg {
				want, rest = false, r
			}
			fact, after, _ := strings.Cut(rest, " ")
			if truthy(facts[fact]) != want {
				continue
			}
			line = strings.TrimSpace(after)
		}
		if hole, ok := strings.CutSuffix(line, ":"); ok && strings.HasPrefix(hole, "$") {
			out = append(out, &asm.Label{Pos: in.Pos, Name: l.freshLabel(b, fresh, hole[1:])})
			continue
		}
		fields := strings.Fields(line)
		op, rest := fields[0], fields[1:]
		// A "$list..." operand makes one instruction per item.
		items := []asm.Operand{nil}
		repeatAt := -1
		for i, w := range rest {
			if hole, ok := strings.CutSuffix(w, "..."); ok {
				repeatAt, items = i, facts[strings.TrimPrefix(hole, "$")]
			}
		}
		for _, item := range items {
			ins := &asm.Instr{Pos: in.Pos, Op: op}
			for i, w := range rest {
				switch {
				case i == repeatAt:
					ins.Args = append(ins.Args, item)
				case strings.HasPrefix(w, "$"):
					hole := w[1:]
					if n, err := strconv.Atoi(hole); err == nil {
						if n < 1 || n > len(in.Args) {
							return bad(line, "no operand "+w)
						}
						ins.Args = append(ins.Args, in.Args[n-1])
						continue
					}
					if _, isLabel := fresh[hole]; isLabel || strings.Contains(tmpl, "$"+hole+":") {
						ins.Args = append(ins.Args, &asm.Ident{Pos: in.Pos, Name: l.freshLabel(b, fresh, hole)})
						continue
					}
					f := facts[hole]
					if len(f) != 1 {
						return bad(line, "no fact "+w)
					}
					ins.Args = append(ins.Args, f[0])
				case w[0] >= '0' && w[0] <= '9':
					n, err := strconv.Atoi(w)
					if err != nil {
						return bad(line, "not a number: "+w)
					}
					ins.Args = append(ins.Args, intOp(in.Pos, n))
				default:
					ins.Flags = append(ins.Flags, w)
				}
			}
			out = append(out, ins)
		}
	}
	return out
}

// freshLabel is the block's label for a template's label: a name no label
// of the block has, the same for every use within one expansion.
func (l *lowerer) freshLabel(b *block, fresh map[string]string, hole string) string {
	if n, ok := fresh[hole]; ok {
		return n
	}
	for i := 1; ; i++ {
		n := hole + "_" + strconv.Itoa(i)
		if !b.taken[n] {
			b.taken[n] = true
			fresh[hole] = n
			return n
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
