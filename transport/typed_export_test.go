package transport

// Hooks for the typed-stream tests of package transport_test, which import
// the generated packages under gen/ (those import transport, so the tests
// cannot live in package transport itself).

// TypedTestDriverDir is the directory of the shared embedded test driver.
func TypedTestDriverDir() string { return sharedDriver.Dir() }

// TypedTestRace reports whether the tests run under the race detector.
const TypedTestRace = raceEnabled
