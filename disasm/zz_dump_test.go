package disasm
import ("os";"strings";"testing";"fmt";"github.com/pyasm/pyasm/marshal";"github.com/pyasm/pyasm/pyc")
func TestZZDump(t *testing.T){
	b, _ := os.ReadFile(os.Getenv("ZZ")); s := string(b); s = s[strings.Index(s,"\n")+1:]
	var data []byte; fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "[]byte("), ")"), "%q", &data)
	f, err := pyc.Read(data); if err != nil { t.Fatal(err) }
	c := f.Object.(*marshal.Code)
	t.Logf("%+v", *c)
	for _, o := range []marshal.Object{c.Bytecode, c.Consts, c.Names, c.VarNames, c.FreeVars, c.CellVars, c.Filename, c.Name, c.LineTable} { t.Logf("%T %s", o, marshal.Repr(o, f.Version.Marshal, 200)) }
}
