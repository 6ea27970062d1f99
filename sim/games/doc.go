// Package games holds minilateral's classic games: payoff modules that run
// on the same engine as the AI-bloc model (sim.Engine), and the exact
// coalition-stability analysis that the agent-based dynamics are checked
// against.
//
// The payoff modules, registered with sim.RegisterModel under the scenario
// model names in parentheses, are
//
//   - the linear-benefit quadratic-cost coalition game of international
//     environmental agreements (coalition): π_i = b_i·Q − c_i·q_i²/2;
//     members maximise their joint payoff, non-members play their
//     dominant strategy (Carraro & Siniscalco 1993; Finus 2001). Equal
//     b and c give the symmetric game, analysed by coalition size;
//     per-player lists give the asymmetric game, analysed over all 2^n
//     coalitions;
//   - Barrett's (1994) variant with convex damages (barrett), in the
//     emissions form of Rubio & Ulph (2006): π_i = b·(a·e_i − e_i²/2) −
//     c·E²/2; non-members best-respond, signatories act as Nash players
//     or as Stackelberg leaders, and emissions are either interior
//     (Barrett's unconstrained solution, possibly negative) or constrained
//     to be non-negative (Kuhn–Tucker, as Rubio & Ulph 2006 argue);
//   - the repeated prisoner's dilemma (prisoners-dilemma) with payoffs
//     T > R > P > S, 2R > T+S, played under the engine's random stopping
//     rule (continuation probability δ), with the strategies
//     always-cooperate, always-defect, tit-for-tat, grim, random and
//     alternate as agents.Rule values;
//   - Rubinstein's (1982) alternating-offers bargaining (rubinstein) with
//     discount factors δ1, δ2 and an optional outside option for player 2
//     (Binmore, Shaked & Sutton 1989), solved by backward induction over a
//     finite horizon; each action's payoff is its subgame-perfect
//     continuation value, so best response plays the equilibrium.
//
// The stability analysis (BySize for symmetric games, Enumerate for
// asymmetric ones, Analyse for a scenario) checks internal and external
// stability in the sense of d'Aspremont, Jacquemin, Gabszewicz & Weymark
// (1983): no member gains by leaving, no outsider gains by joining.
// Payoffs are compared with an explicit tolerance (see Equal), since exact
// ties occur in these games, and the rule for an indifferent player is
// selectable (Tie). Enumeration refuses games with more than MaxPlayers
// players. The equations and sources are in docs/games.md; the published
// results the tests reproduce are listed in docs/validation.md.
package games
