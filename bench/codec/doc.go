// Package codec benchmarks whole-message encode and decode of SBE's Car
// example through the code aerongen generates (flyweights and plain
// structs) and, in the same run, through the Go code that SBE's own
// generator writes (build tag sbego; scripts/sbe-go-baseline.sh makes it):
// its flyweights (sbe-go-flyweight) and its default struct codecs over
// io.Writer and io.Reader (sbe-go-struct, range checks off).
//
//	bash scripts/sbe-go-baseline.sh
//	go test -tags sbego -run '^$' -bench . -benchmem -count 10 ./bench/codec | tee new.txt
//	go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da new.txt
//
// Every implementation writes and reads every field, group entry and var
// data element of the same Car (tests check that the frames are the same
// bytes), and none allocates in steady state: with the flyweights SBE's var
// data is copied into a caller buffer (its string getters allocate),
// aerongen's is returned as a view; the struct codecs decode into a reused
// value.
package codec
