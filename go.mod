module github.com/aerongo/aerongo

go 1.24
