module github.com/pyasm/pyasm

go 1.23

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
)
