package sim

// RandomTOML gives the external tests (package sim_test, which may import
// packages that import sim, such as results) the random scenarios of
// TestInvariants.
var RandomTOML = randomTOML
