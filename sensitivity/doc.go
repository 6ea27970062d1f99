// Package sensitivity computes global sensitivity analyses and scenario
// discovery over the runs of a model: the designs (Saltelli's A/B/AB_i
// blocks built from a Sobol' sequence, and Morris trajectories), the
// estimators (first-order and total Sobol' indices with bootstrap
// intervals; Morris elementary effects μ, μ*, σ) and PRIM, the patient
// rule induction method of Friedman & Fisher (1999).
//
// The designs live in the unit cube; mapping a coordinate to a parameter
// value (uniform, log-uniform or triangular, see scenarios.Prior) is a
// separate step, as in gonum's stat/samplemv.
//
// # Saltelli design
//
// For D parameters and N base samples (a power of two), the Sobol'
// sequence in 2D dimensions gives row i of matrix A (its first D
// coordinates) and of matrix B (the last D). AB_j is A with column j
// taken from B. The design has N·(D+2) rows, sample-major: sample i's
// rows are A_i, B_i, AB_1,i, …, AB_D,i, so the first N/8, N/4 and N/2
// samples are themselves designs (used by the convergence table). Every
// row carries its Block, so an analysis never reads rows in the wrong
// order.
//
// # Estimators
//
// With f_A, f_B and f_ABj the outputs and V the variance of the 2N
// outputs of A and B (divided by 2N), the first-order index is Saltelli
// et al. (2010), S_j = mean(f_B·(f_ABj − f_A))/V, and the total index is
// Jansen (1999), ST_j = mean((f_A − f_ABj)²)/(2V). Their 95% intervals
// are bootstrap percentile intervals over the N samples (resampled with
// replacement), from a fixed seed.
//
// # Morris
//
// r trajectories on a grid of p levels with step Δ = p/(2(p−1)) (Morris
// 1991): each starts at a random grid point, then moves each factor
// once, in a random order, by +Δ where that stays in [0,1] and by −Δ
// otherwise, so every point stays on the grid. The elementary effect of factor j is the
// change of the output over the signed step; μ is their mean, μ* the mean
// of their absolute values (Campolongo, Cariboni & Saltelli 2007), σ their
// standard deviation. μ*'s interval is a bootstrap over trajectories.
//
// docs/sensitivity.md explains how to choose N and r and how to read the
// outputs.
package sensitivity
