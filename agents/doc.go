// Package agents holds the decision rules of minilateral's middle powers and
// the vocabulary shared by every payoff model: factors, rule names and the
// tie-breaking conventions.
//
// A rule never computes payoffs itself. Each round the engine hands it a
// Choice: the payoff every available action would give, all other players'
// actions held fixed, plus what the rule family needs (a peer's payoff for
// imitation, the exclusion horizon for forward-looking agents). The rule
// answers with an action and, after the round, learns from the realised
// payoff. Only Choose may draw random numbers, and only from the generator
// it is given, so evaluating alternatives never perturbs a run's stream.
//
// The five rules are
//
//   - best-response: asynchronous myopic best response with revision
//     probability q and a selectable tie rule;
//   - logit: quantal response, P(a) ∝ exp(λ·u_a);
//   - roth-erev: reinforcement learning with forgetting φ and
//     experimentation ε (Erev & Roth 1998), payoffs shifted to be
//     non-negative by the round's worst alternative;
//   - imitation: the Fermi rule, copy a random peer's action with
//     probability 1/(1+exp(−β·(u_peer−u_own)));
//   - forward-looking: compares discounted values of staying and of
//     leaving, with leavers excluded for P rounds and one-off offers
//     counted once.
//
// Superpowers follow one of three policy modes (Mode): fixed controls and
// budget; adaptive, whose rule AdaptControls moves export controls one
// step to whichever neighbour raises the superpower's utility; and divide
// and rule, whose rule Buy ranks bloc members by the damage their exit
// does per unit of offer price and buys within the budget. As for the
// nations, the payoff model supplies the utilities, prices and scores;
// these functions decide.
package agents
