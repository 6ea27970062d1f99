package web

// Lesson is a guided page: short text, the question to ask and the
// setting to try. A lesson with a Scenario sets the page up; one without
// (the classic games, which the page does not play) gives the command to
// run in a terminal. The texts follow docs/teaching.md.
type Lesson struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Scenario string   `json:"scenario,omitempty"`
	Sets     []string `json:"sets,omitempty"`
	Rounds   int      `json:"rounds,omitempty"`
	Command  string   `json:"command,omitempty"`
	Text     string   `json:"text"`
	Question string   `json:"question"`
	Try      string   `json:"try"`
}

// Lessons are the guided pages, in class order.
var Lessons = []Lesson{
	{ID: "coalition", Title: "1. Why agreements stay small: the coalition game",
		Command:  "minilateral stability lesson-coalition",
		Text:     "Five countries each choose whether to sign an agreement; signatories maximise their joint payoff, outsiders free-ride. Only a coalition of 3 is stable, whatever the number of countries (Carraro & Siniscalco 1993).",
		Question: "Why does adding countries not enlarge the stable agreement? What would have to change in the payoffs?",
		Try:      "In a terminal: minilateral stability lesson-coalition --tie status-quo"},
	{ID: "pd", Title: "2. Cooperation in the shadow of the future: the repeated prisoner's dilemma",
		Command:  "minilateral run lesson-pd --out out/pd",
		Text:     "Tit-for-tat meets grim trigger; after each round the game continues with probability δ. With T, R, P, S = 5, 3, 1, 0 grim trigger sustains cooperation for δ ≥ 1/2, tit-for-tat for δ ≥ 2/3.",
		Question: "What in international politics plays the role of δ? Why might a bloc that expects to last be more cohesive?",
		Try:      "In a terminal: minilateral run lesson-pd --set world.continuation=0.3 --out out/pd-short"},
	{ID: "rubinstein", Title: "3. Bargaining power: Rubinstein's alternating offers",
		Command:  "minilateral run lesson-rubinstein --out out/rb",
		Text:     "Two players split a surplus, making offers in turn; the first mover gets (1−δ₂)/(1−δ₁δ₂): 0.714 with δ = 0.9 and 0.8. An outside option below the responder's share changes nothing.",
		Question: "What is the bloc's outside option against Washington, and when is it worth anything?",
		Try:      "In a terminal: minilateral run lesson-rubinstein --set game.rubinstein.outside_option=0.4 --out out/rb-outside"},
	{ID: "threat", Title: "4. The AI bloc: does a switching threat hold it together?",
		Scenario: "baseline", Rounds: 50,
		Text:     "The calibrated world: the US, China and thirteen middle powers; India, France and Japan found the bloc. A round is a quarter (2026–2045). The world moves: compute follows output, open-weight releases come and go, US controls change by chance, and small groups can move together. Watch the membership raster and the narration: the others join in a wave, some in joint moves, the last in round 9 (seed 1), drawn by the pool's shared capability and the terms its open-weight threat extracts.",
		Question: "Move bloc.threat_credibility down to 0 and press Setup. Why do Israel, Saudi Arabia and the UAE take US deals while ten stay with no terms at all? Then set bloc.non_rivalry to 0.2: why does no bloc survive?",
		Try:      "Compare threat_credibility 0.6 with 0.2 on the same seed."},
	{ID: "divide", Title: "5. Divide and rule: the price of breaking a bloc",
		Scenario: "divide-and-rule", Rounds: 60,
		Text:     "The US pays per-round subsidies to members who take its deal, each just above what the member loses by leaving, and only where it gains more from the exit than it pays. With a budget of 0.3 a quarter the bloc does not break: the US pays India and Saudi Arabia, who left on their own, to stay in its deal, and eleven remain.",
		Question: "Why does no budget, however large, buy one of the eleven? Why does 0.05 keep only Saudi Arabia out? What could the bloc do — try punishing defectors harder (bloc.exclusion_rounds = 20)?",
		Try:      "Compare superpowers.US.budget 0.3 with 0.05 and with 0 on the same seed."},
	{ID: "controls", Title: "6. Export controls and the divergence",
		Scenario: "baseline", Rounds: 80,
		Text:     "Export controls cut a restricted actor's compute and what the US stack gives it. US controls also change by chance (±0.1, probability 0.3 each way a quarter): set superpowers.US.control_up_rate and control_down_rate to 0 to hold them where you put them. Watch the terms and divergence panels (frontier ÷ mean usable capability) as you tighten US controls — then do it again with the threat switched off, and again with control changes on.",
		Question: "With a credible threat, do tighter controls break the bloc or raise the terms it extracts? Without a threat, where do the middle powers go? With control changes on, why do 0.3 and 0.9 end alike?",
		Try:      "With control changes off, compare superpowers.US.export_controls 0.3 with 0.9 on the same seed."},
}
