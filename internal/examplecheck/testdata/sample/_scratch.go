package sample

// Scratch is in a file go build ignores for its leading underscore.
func Scratch(n int) {}
