// Package sample is the package examplecheck's test reads.
package sample

import "iter"

// T is an exported type.
type T struct{}

// New is a constructor: go/doc lists it under T.
func New() *T { return &T{} }

// Parse is a plain function.
func Parse(s string) (T, error) { return T{}, nil }

// Do takes an argument: an entry point.
func (T) Do(n int) {}

// All returns an iterator: an entry point.
func (T) All() iter.Seq[int] { return func(func(int) bool) {} }

// Name is an accessor.
func (T) Name() string { return "" }

// Err is an accessor too.
func (T) Err() error { return nil }

// Close is never an entry point.
func (T) Close() error { return nil }

// Error is never an entry point.
func (T) Error() string { return "" }

type hidden struct{}

// Exported is a method of an unexported type.
func (hidden) Exported(n int) {}

func helper(n int) {}
