package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one abstraction XGrad adds to a {@link org.nd4j.linalg.learning.GradientUpdater}: the weight change that the
 * base optimizer is predicted to make over the next {@code s} steps, computed from its <em>current</em> state.
 *
 * <p>Paper, eq. (26) and Table I: {@code θ̂_{t+s} = θ_t − γ_t·s·Δθ_t}. For every optimizer, {@code γ_t·s·Δθ_t} is
 * {@code s} times the step the base optimizer applied at the previous iteration, rescaled to the learning rate of the
 * upcoming iteration {@code γ_t} (schedules honoured). For heavy-ball SGD this is {@code γ_t·s·v}; for Adam it is
 * {@code γ_t·s·√(1−β2^t)/(1−β1^t)·m/(√v+ε)} with DL4J's bias-correction and ε conventions (see docs/algorithm.md).
 * Before the first update the change is exactly zero.
 *
 * <p>Every X-updater's {@code GradientUpdater} implements this interface. The prediction is pure: calling it never
 * changes the optimizer state.
 */
public interface WeightPredictor {

    /** @return the number of prediction steps {@code s} (0 = plain base optimizer). */
    int getPredictionSteps();

    /**
     * Writes {@code γ_t·s·Δθ} (eq. 26) into {@code target}, from the current state, without changing the state.
     *
     * @param target    array of this updater block's length (any shape of that length, c-order contiguous view)
     * @param iteration the upcoming iteration {@code t} (the model's iteration count before the step)
     * @param epoch     the upcoming epoch (the model's epoch count)
     * @return false if the change is exactly zero (no step taken yet, s = 0 or γ_t = 0); {@code target} is then zeroed
     */
    boolean predictWeightChange(INDArray target, int iteration, int epoch);

    /**
     * Writes the predicted weights {@code θ̂ = θ − γ_t·s·Δθ} (eq. 26) into {@code target} in as few elementwise passes
     * as the optimizer allows (the change is never materialized: Δθ is computed into {@code target}, then one fused
     * {@code target = θ − γ_t·s·target}). {@code target} may be the parameter view itself; {@code theta} must not
     * alias it. The state is not changed.
     *
     * @return false if the change is zero ({@code target} then holds θ)
     */
    boolean predictWeights(INDArray target, INDArray theta, int iteration, int epoch);

    /**
     * Updater-only mode (no {@code WeightPredictionListener}): between iterations the parameters hold
     * {@code θ̂ = θ − P}, where {@code P} is the prediction the updater applied inside its last update.
     * This writes that {@code P} into {@code target}, so that {@code θ = params + P}.
     *
     * @param target    array of this block's length
     * @param iteration the model's current iteration count (the upcoming iteration)
     * @return false if no prediction is applied to the parameters ({@code target} is then zeroed)
     */
    boolean appliedWeightChange(INDArray target, int iteration);

    /**
     * Chooses who applies the prediction. {@code true} (the default) = updater-only mode: the updater moves the
     * parameters from {@code θ̂_t} to {@code θ̂_{t+1}} inside its own update. {@code false} = an external driver
     * (the listener) writes {@code θ̂} before each forward pass and restores {@code θ} before the update.
     * Switching off does not touch the parameters; call it only after the parameters were restored to θ
     * (see {@link #forgetAppliedWeightChange()}).
     */
    void setSelfPredicting(boolean selfPredicting);

    /** @return true in updater-only mode (see {@link #setSelfPredicting(boolean)}). */
    boolean isSelfPredicting();

    /** Records that the parameters hold the true θ again (no prediction applied); the state is otherwise untouched. */
    void forgetAppliedWeightChange();

    /**
     * Records that the parameters now hold {@code θ̂} as {@link #predictWeights} wrote it for {@code iteration} and
     * {@code epoch}: from here on updater-only mode takes it back inside the next update.
     */
    void markPredictionApplied(int iteration, int epoch);

    /**
     * Gives the updater the parameter view of its block. Only optimizers whose base step depends on θ need it
     * (decoupled weight decay of {@link XAdamW}); for the others it is ignored.
     *
     * @param blockParams the block's parameter view (same length as its gradient), or null to detach
     */
    void attachParameters(INDArray blockParams);

    /** @return true if the base step needs the parameter view ({@link #attachParameters(INDArray)}). */
    boolean needsParameters();
}
