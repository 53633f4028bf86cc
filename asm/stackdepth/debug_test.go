package stackdepth

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// TestDebugDump prints the depth at every instruction of the code objects
// named by PYASM_STACKDEBUG=file.pyc:name[:firstline], for looking into a
// difference the ground-truth test reports.
func TestDebugDump(t *testing.T) {
	spec := os.Getenv("PYASM_STACKDEBUG")
	if spec == "" {
		t.Skip("set PYASM_STACKDEBUG=file.pyc:name[:firstline]")
	}
	parts := strings.Split(spec, ":")
	data, err := os.ReadFile(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	p, err := pyc.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	top, _ := p.Code()
	v := p.Version
	for _, co := range allCode(parts[0], top, nil) {
		if len(parts) > 1 && strOf(co.code.Name) != parts[1] {
			continue
		}
		if len(parts) > 2 && fmt.Sprint(co.code.FirstLineNo) != parts[2] {
			continue
		}
		in, err := input(v, co.code)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Compute(v, in)
		t.Logf("%s line %d: ours %d, co_stacksize %d, flags %#x, err %v", strOf(co.code.Name), co.code.FirstLineNo, res.MaxDepth, co.code.StackSize, co.code.Flags, err)
		for _, h := range in.Handlers {
			t.Logf("  handler %d-%d -> %d depth %d lasti %v", 2*h.Start, 2*h.End, 2*h.Target, h.Depth, h.Lasti)
		}
		var b strings.Builder
		for i := range in.Instructions {
			x := &in.Instructions[i]
			target := ""
			if x.Op != nil && x.Op.Jump != versions.NotJump {
				off, _ := bytecode.JumpTarget(v, x)
				target = fmt.Sprintf(" -> %d", off)
			}
			fmt.Fprintf(&b, "  %4d  [%3d]  %s %d%s\n", x.Offset, res.Depth[i], x.Name(), x.Arg, target)
		}
		t.Log("\n" + b.String())
	}
}
