package scenarios

// Sweep is the [sweep] table: the design of a parameter sweep.
type Sweep struct{}
