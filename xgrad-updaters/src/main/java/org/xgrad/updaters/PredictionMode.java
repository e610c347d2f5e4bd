package org.xgrad.updaters;

/** Who writes the predicted weights θ̂ into the network's parameters. */
public enum PredictionMode {
    /**
     * A driver outside the updater (xgrad-listeners' {@code WeightPredictionListener}) writes θ̂ before each forward
     * pass and puts θ back before the update; the updater applies the base optimizer's step alone. The network holds
     * θ between iterations.
     */
    LISTENER,
    /**
     * The updater itself moves the parameters from θ̂_t to θ̂_{t+1} inside each update; the network holds θ̂ between
     * iterations (the default: {@code .updater(new XAdam(1))} alone predicts).
     */
    UPDATER_ONLY
}
