//go:build ignore

// A program beside the package that the build leaves out: its functions
// are not the package's entry points.
package main

// Helper would be an entry point if Read read this file.
func Helper(n int) {}

func main() {}
