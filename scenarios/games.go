package scenarios

// Game holds the parameters of the classic payoff models (model =
// "coalition", "prisoners-dilemma", "rubinstein", ...). It is empty for the
// AI-bloc model.
type Game struct{}
