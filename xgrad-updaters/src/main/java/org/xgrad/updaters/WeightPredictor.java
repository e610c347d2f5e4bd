package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an X-updater's {@link org.nd4j.linalg.learning.GradientUpdater} offers beyond DL4J's contract, for the code
 * that drives weight prediction (xgrad-listeners). Three jobs:
 * <ul>
 *   <li><b>prediction</b>: {@link #predictWeights}, eq. 26 from the current state (pure: the state is not changed);</li>
 *   <li><b>mode</b>: {@link #setMode} / {@link #getMode}, and in updater-only mode {@link #appliedWeightChange}, the
 *   prediction the parameters hold;</li>
 *   <li><b>parameters</b>: {@link #attachParameters}, the block's parameter view (decoupled weight decay needs θ).</li>
 * </ul>
 *
 * <p>Eq. 26: {@code θ̂_{t+s} ≈ θ_t − γ·s·Δθ_{t+1}}. For every optimizer {@code γ·s·Δθ_{t+1}} is computed as {@code s}
 * times the step the base optimizer applied at the previous iteration, rescaled to the learning rate of the upcoming
 * iteration (schedules honoured); before the first update it is exactly zero. docs/algorithm.md gives Δθ per
 * optimizer.
 */
public interface WeightPredictor {

    /** {@link #setMode}'s {@code appliedIteration} when the parameters hold the true weights θ. */
    int NOTHING_APPLIED = -1;

    /** @return the number of prediction steps {@code s} (0 = plain base optimizer). */
    int getPredictionSteps();

    /**
     * Writes the predicted weights {@code θ̂ = θ − γ·s·Δθ} into {@code target} in as few elementwise passes as the
     * optimizer allows (Δθ is computed into {@code target}, then one fused {@code target = θ − γ·s·target}).
     * {@code target} may be the parameter view itself; {@code theta} must not alias it. The state is not changed.
     *
     * @param target    array of this updater block's length (any shape of that length, c-order contiguous view)
     * @param theta     the true weights θ of the block
     * @param iteration the upcoming iteration (the model's iteration count before the step)
     * @param epoch     the upcoming epoch (the model's epoch count)
     * @return false if the change is zero (no step taken yet, s = 0 or γ = 0): {@code target} then holds θ
     */
    boolean predictWeights(INDArray target, INDArray theta, int iteration, int epoch);

    /** @return the current mode (a new updater is in {@link PredictionMode#UPDATER_ONLY}) */
    PredictionMode getMode();

    /**
     * Sets the mode and tells the updater what the parameters hold now: the true weights θ
     * ({@code appliedIteration = NOTHING_APPLIED}), or, in updater-only mode, θ̂ exactly as {@link #predictWeights}
     * wrote it for ({@code appliedIteration}, {@code appliedEpoch}), which the next update then takes back. The
     * parameters themselves are not touched: the caller writes them.
     */
    void setMode(PredictionMode mode, int appliedIteration, int appliedEpoch);

    /**
     * Updater-only mode: between iterations the parameters hold {@code θ̂ = θ − P}, {@code P} being the prediction
     * applied by the updater. Writes {@code P} into {@code target}, so that {@code θ = params + P}.
     *
     * @param target    array of this block's length
     * @param iteration the model's current iteration count (the upcoming iteration)
     * @return false if no prediction is applied ({@code target} is then zeroed)
     */
    boolean appliedWeightChange(INDArray target, int iteration);

    /**
     * Gives the updater the parameter view of its block: optimizers whose base step depends on θ (the decoupled
     * weight decay of {@link XAdamW}) need it; the others ignore it.
     *
     * @param blockParams the block's parameter view (same length as its gradient), or null to detach
     */
    void attachParameters(INDArray blockParams);
}
