package sim

import "math/rand/v2"

// splitmix64 is the finaliser of Steele, Lea & Flood (2014). It scrambles
// seeds so that nearby master seeds and stream numbers give unrelated PCG
// states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Stream returns the random generator of stream number stream under a
// master seed. A run's stream number comes from its place in the design
// (its replicate, or its run index), never from the worker running it.
func Stream(master, stream uint64) *rand.Rand {
	hi := splitmix64(master ^ splitmix64(stream))
	lo := splitmix64(hi ^ 0x6a09e667f3bcc909 ^ stream)
	return rand.New(rand.NewPCG(hi, lo))
}
