// Package aibloc is the AI-bloc payoff model (version 2): middle powers
// choose each round between a minilateral bloc that pools talent, money and
// compute, a bilateral deal with one superpower, or going alone, while the
// superpowers set export controls and bargain over what their stacks earn
// in the middle powers' markets.
//
// Every equation is written out in docs/model.md, labelled; each file says
// which labels it implements:
//
//	model.go       construction, the engine's Model interface, the round (S1–S3)
//	valuation.go   how a nation values an action (V1–V3)
//	access.go      restrictions, inputs, trade, claims and imports (M2, M3: R1–R3, P1–P3, A1–A3, C1–C3)
//	threat.go      the threat as the alternative and bargaining (M5, M6, M11: T1–T3, B1–B4)
//	policy.go      superpower utility and strategic policy (M7, M8: U1, D1)
//	shocks.go      a world that moves: releases, control changes, affinity walks (M10: W1–W3)
//	reinvest.go    compounding: output credited, compute and capital reallocated (M9: G1–G3)
//	coalition.go   the joint-move payoff of coalitional moves (M12: J1)
//	metrics.go     what a round records
//	oneshot.go     the one-shot membership game for exact stability analysis
//	ces.go         the CES production function (M1)
//
// Units: a round is one quarter. Stocks (capability K, K_B, F, O) are in
// "value", the numéraire (one unit of capability flow per round is worth
// one unit of value per round); flows (output, terms, costs, transfers,
// subsidies) are in value per round. Endowments and markets are world
// shares. The dimension table is in docs/model.md.
//
// Given the engine's decisions, the model draws random numbers only for
// its shocks (M10), in Begin, in a documented order, and none when every
// shock rate is 0. Payoff evaluation is pure and, in a steady state,
// allocation-free.
package aibloc
