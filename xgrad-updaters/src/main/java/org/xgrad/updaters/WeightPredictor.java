package org.xgrad.updaters;

/**
 * What an X-updater's {@link org.nd4j.linalg.learning.GradientUpdater} offers beyond DL4J's contract, for the code
 * that drives weight prediction (xgrad-listeners): the record of what its block's parameters hold, with the
 * transitions of Algorithm 1 and between the modes.
 *
 * <p>Eq. 26: {@code θ̂_{t+s} ≈ θ_t − γ·s·Δθ_{t+1}}. For every optimizer {@code γ·s·Δθ_{t+1}} is computed as {@code s}
 * times the step the base optimizer applied at the previous iteration, rescaled to the learning rate of the upcoming
 * iteration (schedules honoured); before the first update it is exactly zero. docs/algorithm.md gives Δθ per
 * optimizer.
 */
public interface WeightPredictor {

    /** @return the number of prediction steps {@code s} (0 = plain base optimizer). */
    int getPredictionSteps();

    /** @return the record of what this block's parameters hold (the same instance for the updater's lifetime) */
    BlockWeights weights();
}
