package disasm
import ("os";"testing";"github.com/pyasm/pyasm/marshal";"github.com/pyasm/pyasm/pyc")
func TestZZNL(t *testing.T){
	for _, v := range []string{"2.7","3.8","3.10"} {
	b, _ := os.ReadFile("../explain/testdata/tour-"+v+".pyc")
	f, _ := pyc.Read(b)
	c := f.Object.(*marshal.Code); c.NLocals += 3
	out, _ := f.Bytes()
	_, d, err := textRoundTrip(out, "x")
	t.Log(v, d, err)
	}
}
