module github.com/aerongo/aerongo

go 1.24

require (
	github.com/HdrHistogram/hdrhistogram-go v1.1.2
	github.com/dave/jennifer v1.7.1
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
