package sample_test

import "example/sample"

func ExampleNew() {
	sample.New()
	// Output:
}

func ExampleT_Do() {
	sample.New().Do(1)
}

func ExampleT_Do_twice() {
	sample.New().Do(2)
	// Output: nothing
}
