package scenarios

// Scenario is a whole scenario file. Field tags give the TOML keys; every
// numeric field is addressable by its dotted key (see Keys and Set).
type Scenario struct {
	Name        string                 `toml:"name"`
	Description string                 `toml:"description"`
	Model       string                 `toml:"model" doc:"payoff model: ai-bloc (the default) or a classic game"`
	Rounds      int                    `toml:"rounds" doc:"maximum number of rounds (quarters in the ai-bloc model)" range:"1,1000000"`
	Seed        uint64                 `toml:"seed" doc:"master seed of the run's random stream"`
	World       World                  `toml:"world"`
	Bloc        Bloc                   `toml:"bloc"`
	Decisions   Decisions              `toml:"decisions"`
	Superpowers map[string]*Superpower `toml:"superpowers"`
	Nations     map[string]*Nation     `toml:"nations"`
	Game        Game                   `toml:"game"`        // classic-game parameters (games.go)
	Sweep       Sweep                  `toml:"sweep"`       // sweep design (sweep.go)
	Sensitivity Sensitivity            `toml:"sensitivity"` // sensitivity analysis (sensitivity.go)

	// path is the file the scenario came from, for error messages.
	path  string
	lines lineIndex
}

// Weights are the CES weights α_f of the five factors.
type Weights struct {
	Talent   float64 `toml:"talent" range:"0,1" doc:"CES weight of talent"`
	Compute  float64 `toml:"compute" range:"0,1" doc:"CES weight of compute"`
	Capital  float64 `toml:"capital" range:"0,1" doc:"CES weight of capital"`
	Hardware float64 `toml:"hardware" range:"0,1" doc:"CES weight of hardware"`
	Energy   float64 `toml:"energy" range:"0,1" doc:"CES weight of low-carbon energy"`
}

// Array returns the weights in agents.Factor order.
func (w Weights) Array() [5]float64 {
	return [5]float64{w.Talent, w.Compute, w.Capital, w.Hardware, w.Energy}
}

// Endowment is a nation's world share of each factor. It converts to
// Weights for arithmetic.
type Endowment struct {
	Talent   float64 `toml:"talent" range:"0,1" doc:"world share of top AI talent"`
	Compute  float64 `toml:"compute" range:"0,1" doc:"world share of AI compute"`
	Capital  float64 `toml:"capital" range:"0,1" doc:"world share of private AI investment"`
	Hardware float64 `toml:"hardware" range:"0,1" doc:"world share of chip-making capacity"`
	Energy   float64 `toml:"energy" range:"0,1" doc:"world share of low-carbon power for compute"`
}

// Trade holds one value for each tradable factor (M3).
type Trade struct {
	Compute  float64 `toml:"compute" range:"0,1e6"`
	Hardware float64 `toml:"hardware" range:"0,1e6"`
	Capital  float64 `toml:"capital" range:"0,1e6"`
}

// Shocks are the world's random events (M10), each off at rate 0.
type Shocks struct {
	OpenRate      float64 `toml:"open_rate" range:"0,1" doc:"λ_O, probability per round of a gap-closing open-weight release"`
	OpenJump      float64 `toml:"open_jump" range:"0,1" doc:"Δ_o, rise of the open-weight share o at a release"`
	OpenReversion float64 `toml:"open_reversion" range:"0,1" doc:"κ_o, share of the gap to ō that o closes each round"`
	OpenMean      float64 `toml:"open_mean" range:"0,1" doc:"ō, the open-weight share o reverts to"`
	AffinitySigma float64 `toml:"affinity_sigma" range:"0,1" doc:"σ_η, standard deviation per round of each affinity's mean-reverting walk (0: off)"`
	AffinityRev   float64 `toml:"affinity_reversion" range:"0,1" doc:"θ_η, share of the gap to its initial value an affinity closes each round"`
}

// World holds the parameters of production, access and the run.
type World struct {
	RoundsPerYear   int     `toml:"rounds_per_year" range:"1,365" doc:"rounds per year (4: a round is a quarter); labels the year column"`
	Productivity    float64 `toml:"productivity" range:"0,1e9" doc:"A, value per round of one unit of CES output (calibrated: modelled output = global private AI investment)"`
	Rho             float64 `toml:"rho" range:"-50,1" doc:"ρ, CES exponent: <0 complements, 0 Cobb–Douglas, 1 perfect substitutes"`
	Scale           float64 `toml:"scale" range:"1,3" doc:"γ, returns to scale of pooled inputs: Y = A·CES^γ (1 switches pooling scale effects off)"`
	Weights         Weights `toml:"weights"`
	Depreciation    float64 `toml:"depreciation" range:"1e-9,0.999999" doc:"d, depreciation of every capability stock per round (strictly inside (0,1))"`
	OpenWeight      float64 `toml:"open_weight" range:"0,1" doc:"o, open-weight level as a fraction of the lagged best frontier"`
	OpenWeightLag   int     `toml:"open_weight_lag" range:"0,100" doc:"L, rounds by which open weights lag the frontier"`
	ImportValue     float64 `toml:"import_value" range:"0,1" doc:"ω, value of a superpower's stack relative to own (1 switches dependence off; open weights are not discounted)"`
	ComputeToRun    float64 `toml:"compute_to_run" range:"0,1" doc:"c_run, effective compute (world share) at which capacity to use frontier AI is one half"`
	Sovereign       float64 `toml:"sovereign_affinity" range:"0,1" doc:"η_0, every nation's affinity to its own or open stack (market split)"`
	TradeDepth      Trade   `toml:"trade_depth" doc:"λ_f, most a nation can buy per round, in world shares per unit of its GDP share (0: no trade)"`
	Price           Trade   `toml:"price" doc:"π_f, value per round of one unit (world share) bought"`
	ControlBite     float64 `toml:"control_bite" range:"0,1" doc:"ξ, fraction of a restricted actor's compute lost to export controls"`
	RivalPenalty    float64 `toml:"rival_penalty" range:"0,1" doc:"extra restriction a superpower imposes on a rival's deal partner"`
	PartnerFeed     float64 `toml:"partner_feed" range:"0,1" doc:"φ, share of a deal partner's endowment feeding its superpower's production (divergence channel; 0 off)"`
	MarketValue     float64 `toml:"market_value" range:"0,1e9" doc:"μ, value to a superpower per round of one unit of world GDP share using its stack"`
	LeadValue       float64 `toml:"lead_value" range:"0,1e6" doc:"λ_L, weight a superpower puts on its lead's flow d_c·(F_s − best rival) (dimensionless)"`
	Reinvestment    float64 `toml:"reinvestment" range:"0,1" doc:"ψ, share of the modelled world's compute and capital reallocated each round among actors in proportion to their output (M9; 0 off)"`
	TalentMobility  float64 `toml:"talent_mobility" range:"0,1" doc:"ψ_T, share of the modelled world's talent reallocated each round in proportion to output (M9; 0 off, the default: the record shows talent not following output)"`
	Shocks          Shocks  `toml:"shocks"`
	Continuation    float64 `toml:"continuation" range:"0,1" doc:"δ_c, probability the game continues after each round (1: fixed rounds)"`
	Window          int     `toml:"window" range:"1,1000000" doc:"W, rounds at the end over which per-run averages are taken"`
	CredibleThreat  float64 `toml:"credible_threat" range:"0,1" doc:"threat credibility p counted as a credible threat in per-run outcomes"`
	SettleTolerance float64 `toml:"settle_tolerance" range:"0,1" doc:"settling round: first round after which membership changes in at most this fraction of remaining rounds"`
}

// Bloc holds the minilateral bloc's rules and the bargaining parameters.
type Bloc struct {
	Enabled          bool     `toml:"enabled" doc:"whether the bloc may exist at all (false: forbidden)"`
	Founders         []string `toml:"founders" doc:"founding members (middle-power ids); may be empty"`
	Entry            string   `toml:"entry" doc:"open: anyone not excluded may join; consensus: a joiner must not lower any member's payoff"`
	ExclusionRounds  int      `toml:"exclusion_rounds" range:"0,1000" doc:"P, rounds a leaver is barred from rejoining (0: no punishment)"`
	PoolingShare     float64  `toml:"pooling_share" range:"0,1" doc:"κ, share of a member's inputs pooled into the Common Compute Reserve"`
	ExitHaircut      float64  `toml:"exit_haircut" range:"0,1" doc:"h_exit, share of a leaver's claim on the reserve it forfeits"`
	NonRivalry       float64  `toml:"non_rivalry" range:"0,1" doc:"ν, non-rivalry of the pooled stack: member gets K_B·share^(1−ν)"`
	Contribution     float64  `toml:"contribution" range:"0,1e9" doc:"c_0, contribution cost per member per round (total c_0·|B|, split by the rule)"`
	ContributionRule string   `toml:"contribution_rule" doc:"equal, gdp or endowment: how the total contribution is split"`
	Coordination     float64  `toml:"coordination" range:"0,1e9" doc:"χ, coordination cost per member per other member per round"`
	Threat           float64  `toml:"threat_credibility" range:"0,1" doc:"c, ceiling of the switching threat's credibility (0: no threat)"`
	ThreatSwitch     bool     `toml:"threat" doc:"whether the switching-threat mechanism exists at all"`
	ThreatThreshold  float64  `toml:"threat_threshold" range:"0,100" doc:"θ, alternative ratio z at which the logistic L(z) is one half"`
	ThreatSteepness  float64  `toml:"threat_steepness" range:"1e-6,1000" doc:"k, steepness of the logistic credibility curve"`
	BargainingPower  float64  `toml:"bargaining_power" range:"0,1" doc:"β, a bargaining group's Nash bargaining power"`
	Collective       bool     `toml:"collective_bargaining" doc:"whether members bargain as one group (false: each bargains alone, as loners do)"`
	Standards        float64  `toml:"standards_leverage" range:"0,10" doc:"ς, standards leverage: a group's bargaining power rises by ς·m_G·(1−β) (0 off)"`
}

// Decisions are the default decision-rule parameters of every nation.
type Decisions struct {
	Rule       string  `toml:"rule" doc:"best-response, logit, roth-erev, imitation or forward-looking"`
	Revision   float64 `toml:"revision" range:"1e-9,1" doc:"q, probability a nation revises its action in a round"`
	Tie        string  `toml:"tie" doc:"best-response tie rule: stay, join, outside or random"`
	Lambda     float64 `toml:"lambda" range:"0,1e9" doc:"λ, logit rationality"`
	Forgetting float64 `toml:"forgetting" range:"0,1" doc:"φ, Roth–Erev forgetting"`
	Experiment float64 `toml:"experimentation" range:"0,0.999999" doc:"ε, Roth–Erev experimentation"`
	Initial    float64 `toml:"initial_propensity" range:"1e-12,1e9" doc:"Roth–Erev initial propensity"`
	Beta       float64 `toml:"beta" range:"0,1e9" doc:"β_F, Fermi imitation intensity"`
	Discount   float64 `toml:"discount" range:"1e-9,0.999999" doc:"δ, discount factor per round: values actions (annuity weight) and drives the forward-looking rule"`
	// Coalitional moves (M12) are the engine's, so they live with the rules.
	CoalitionRate float64 `toml:"coalition_rate" range:"0,1" doc:"q_c, probability per round that a random group of nations considers a joint move to one common action (M12; 0 off)"`
	CoalitionSize int     `toml:"coalition_size" range:"2,1000" doc:"g_max, largest group considering a joint move (groups of 2..g_max, uniformly)"`
}

// DecisionOverride overrides some of the Decisions for one nation.
type DecisionOverride struct {
	Rule       *string  `toml:"rule"`
	Revision   *float64 `toml:"revision" range:"1e-9,1"`
	Tie        *string  `toml:"tie"`
	Lambda     *float64 `toml:"lambda" range:"0,1e9"`
	Forgetting *float64 `toml:"forgetting" range:"0,1"`
	Experiment *float64 `toml:"experimentation" range:"0,0.999999"`
	Initial    *float64 `toml:"initial_propensity" range:"1e-12,1e9"`
	Beta       *float64 `toml:"beta" range:"0,1e9"`
	Discount   *float64 `toml:"discount" range:"1e-9,0.999999"`
}

// Superpower is the US or China (any id is allowed; two are expected).
type Superpower struct {
	Name             string    `toml:"name"`
	Market           float64   `toml:"market" range:"0,1" doc:"m_s, world GDP share (its home market, valued in U1)"`
	Endowment        Endowment `toml:"endowment"`
	ExportControls   float64   `toml:"export_controls" range:"0,1" doc:"x_s, export-control stringency on chips"`
	ModelRestriction float64   `toml:"model_restriction" range:"0,1" doc:"a_s, restriction of access to frontier models"`
	AllyWaiver       float64   `toml:"ally_waiver" range:"0,1" doc:"share of restrictions waived for treaty allies"`
	DealWaiver       float64   `toml:"deal_waiver" range:"0,1" doc:"share of restrictions waived for deal partners"`
	ChipSupply       float64   `toml:"chip_supply" range:"0,1" doc:"χ_s, share of the world's AI-chip supply under this superpower's export controls"`
	DealTransfer     float64   `toml:"deal_transfer" range:"0,1e9" doc:"T_s, per-round transfer of a bilateral deal to a partner with affinity 1 (paid by the superpower)"`
	Budget           float64   `toml:"budget" range:"0,1e9" doc:"per-round budget for subsidies to members who take a deal (strategic mode, buy_members)"`
	Mode             string    `toml:"mode" doc:"fixed or strategic (adaptive and divide-and-rule are presets of strategic)"`
	AdaptControls    bool      `toml:"adapt_controls" doc:"strategic: move export controls by adapt_step each round to raise utility"`
	BuyMembers       bool      `toml:"buy_members" doc:"strategic: offer bloc members per-round subsidies to take a deal"`
	AdaptStep        float64   `toml:"adapt_step" range:"0,1" doc:"step by which a strategic superpower moves its controls per round"`
	ControlUpRate    float64   `toml:"control_up_rate" range:"0,1" doc:"λ_x⁺, probability per round that a fixed-mode superpower tightens its controls by control_jump (M10)"`
	ControlDownRate  float64   `toml:"control_down_rate" range:"0,1" doc:"λ_x⁻, probability per round that a fixed-mode superpower eases its controls by control_jump (M10)"`
	ControlJump      float64   `toml:"control_jump" range:"0,1" doc:"Δ_x, size of a control change (M10)"`
}

// Nation is a middle power.
type Nation struct {
	Name      string             `toml:"name"`
	Market    float64            `toml:"market" range:"1e-9,1" doc:"m_i, world GDP share (positive)"`
	Endowment Endowment          `toml:"endowment"`
	Affinity  map[string]float64 `toml:"affinity" range:"0,1" doc:"affinity to each superpower in [0,1]"`
	Allies    []string           `toml:"allies" doc:"superpowers this nation is a treaty ally of"`
	Decision  DecisionOverride   `toml:"decision"`
}

// Default returns a scenario holding every default value and no nations.
func Default() *Scenario {
	return &Scenario{
		Model:  "ai-bloc",
		Rounds: 80,
		Seed:   1,
		World: World{
			RoundsPerYear: 4, Productivity: 65.2, Rho: -0.5, Scale: 1.1,
			Weights:      Weights{Talent: 0.35, Compute: 0.40, Capital: 0.10, Hardware: 0.10, Energy: 0.05},
			Depreciation: 0.095, OpenWeight: 0.55, OpenWeightLag: 4, ImportValue: 0.8,
			ComputeToRun: 0.002, Sovereign: 0.15,
			TradeDepth:  Trade{Compute: 1, Hardware: 0.1, Capital: 1},
			Price:       Trade{Compute: 65, Hardware: 157, Capital: 37.7},
			ControlBite: 0.4, RivalPenalty: 0.2, PartnerFeed: 0.2,
			MarketValue: 15, LeadValue: 0.2, Continuation: 1, Window: 20,
			// The moving world's defaults are from the 2018–2025 record
			// (docs/calibration.md, "Parameters of the moving world").
			Reinvestment: 0.15,
			Shocks: Shocks{OpenRate: 0.5, OpenJump: 0.1, OpenReversion: 0.3, OpenMean: 0.38,
				AffinitySigma: 0.02, AffinityRev: 0.1},
			CredibleThreat: 0.5, SettleTolerance: 0.01,
		},
		Bloc: Bloc{
			Enabled: true, Entry: "open", ExclusionRounds: 4, PoolingShare: 0.2, NonRivalry: 0.5,
			ExitHaircut: 0.5, Contribution: 0.01, ContributionRule: "gdp", Coordination: 0.002,
			Threat: 0.6, ThreatSwitch: true, ThreatThreshold: 1, ThreatSteepness: 8,
			BargainingPower: 0.5, Collective: true, Standards: 1,
		},
		Decisions: Decisions{
			Rule: "best-response", Revision: 0.25, Tie: "stay", Lambda: 50,
			Forgetting: 0.1, Experiment: 0.05, Initial: 1, Beta: 20, Discount: 0.98,
			CoalitionRate: 0.1, CoalitionSize: 3,
		},
		Superpowers: map[string]*Superpower{},
		Nations:     map[string]*Nation{},
		Game:        DefaultGame(),
	}
}
