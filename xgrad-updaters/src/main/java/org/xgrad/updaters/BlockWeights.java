package org.xgrad.updaters;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the parameters of one X-updater block hold: the true weights θ, or predicted weights θ̂ together with what
 * gives θ back. Every caller reads it here; the only ways it changes are the transitions below (and, in updater-only
 * mode, the update itself, {@link XGradientUpdater#applyUpdater}).
 *
 * <pre>
 *   LISTENER      θ  ──predict(t)──▶  θ̂_t = θ − P_t, θ kept here  ──restore()──▶  θ
 *   UPDATER_ONLY  θ̂_t = θ_t − P_t, P_t = c·Δθ with c in the state view  ──update──▶  θ̂_{t+1}
 *                 ──restoreTrueParams()──▶  θ (c = 0)
 *   UPDATER_ONLY ──toListenerMode()──▶ LISTENER θ
 * </pre>
 * {@code P_t = s·γ_t·Δθ}, Δθ read from the optimizer's current state ({@code XGradientUpdater.direction}); before the
 * first step P is exactly zero and θ̂ = θ.
 *
 * <p><b>Algorithm 1, listener mode</b>: {@link #predict} (steps 1–2: cache θ_t, write θ̂), the framework's forward
 * and backward pass at θ̂ (step 3), {@link #restore} (step 4), and the updater's base step on θ_t (step 5). Updater-only
 * mode folds the same steps into the update: see {@link XGradientUpdater#applyUpdater}.
 *
 * <p>The record needs the block's parameter view ({@link #attach}); a new updater starts in updater-only mode, with
 * no view. The mode and the cached θ are not saved with the model: a saved model holds θ (listener mode) or θ̂ with
 * its coefficient in the updater state (updater-only mode).
 */
public final class BlockWeights {

    private final XGradientUpdater updater;
    private PredictionMode mode = PredictionMode.UPDATER_ONLY;
    private INDArray params;
    /** The shape of the attached parameters, which {@link #trueParams} returns. */
    private long[] shape;
    /** Listener mode: θ while the parameters hold θ̂; allocated at the first prediction. */
    private INDArray theta;
    /** Listener mode: the parameters hold θ̂ and {@link #theta} holds θ. */
    private boolean predicted;

    BlockWeights(XGradientUpdater updater) {
        this.updater = updater;
    }

    /**
     * Gives the record the block's parameter view (same length as its gradient). If the parameters still hold a
     * listener's θ̂ (an iteration that failed between the forward pass and the restore), θ goes back first.
     */
    public void attach(INDArray blockParams) {
        restore();
        this.params = blockParams == null ? null : blockParams.reshape(blockParams.length());
        this.shape = blockParams == null ? null : blockParams.shape();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries (no effects)
    // ---------------------------------------------------------------------------------------------------------

    /** @return who writes θ̂: a listener ({@link PredictionMode#LISTENER}) or the updater itself */
    public PredictionMode mode() { return mode; }

    /** @return true if the parameters hold θ̂ rather than θ */
    public boolean holdsPrediction() {
        return mode == PredictionMode.LISTENER ? predicted : updater.appliedCoefficient() != 0;
    }

    /** @return the attached parameter view (flat), or null */
    public INDArray params() { return params; }

    /**
     * @param iteration the model's iteration count
     * @return a new array with θ, shaped like the attached parameters (allocated outside any workspace)
     */
    public INDArray trueParams(int iteration) {
        INDArray copy;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            copy = (predicted ? theta : requireParams()).dup();
        }
        INDArray applied = appliedPrediction(iteration);
        if (applied != null) {
            copy.addi(applied);
        }
        return copy.reshape(shape);
    }

    /** @return bytes of the cached θ (listener mode), 0 before the first prediction */
    public long cacheBytes() { return theta == null ? 0 : theta.length() * theta.dataType().width(); }

    // ---------------------------------------------------------------------------------------------------------
    // Listener mode: Algorithm 1
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Steps 1–2 of Algorithm 1: caches θ_t and writes {@code θ̂ = θ_t − s·γ·Δθ} into the parameters. The optimizer
     * state is not changed.
     *
     * @param iteration the upcoming iteration (the model's iteration count)
     * @param epoch     the upcoming epoch
     * @return false if the prediction is zero (no step taken yet, s = 0 or γ = 0): the parameters then hold θ
     */
    public boolean predict(int iteration, int epoch) {
        requireMode(PredictionMode.LISTENER, "predict");
        restore();
        double coefficient = updater.coefficient(iteration, epoch);
        if (coefficient == 0) {
            return false;
        }
        if (theta == null) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                theta = Nd4j.createUninitialized(requireParams().dataType(), params.length());
            }
        }
        Direction direction = updater.direction(iteration);
        predicted = true;
        try {
            direction.predict(requireParams(), theta, coefficient);  // steps 1–2, one pass: θ into the cache, θ̂ = θ − c·Δθ
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        }
        return true;
    }

    /**
     * Step 4 of Algorithm 1: writes the cached θ_t back if the parameters hold θ̂.
     *
     * @return true if the parameters changed
     */
    public boolean restore() {
        if (!predicted) {
            return false;
        }
        params.assign(theta);
        predicted = false;
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Mode transitions
    // ---------------------------------------------------------------------------------------------------------

    /**
     * From updater-only to listener mode (no effect in listener mode): a prediction the updater applied is taken out
     * of the parameters, which hold θ afterwards; the updater applies the base step alone from now on.
     */
    public void toListenerMode(int iteration) {
        if (mode == PredictionMode.LISTENER) {
            return;
        }
        restoreTrueParams(iteration);
        mode = PredictionMode.LISTENER;
    }

    /**
     * Writes θ into the parameters: in listener mode the cached θ ({@link #restore}), in updater-only mode the
     * parameters plus the applied prediction, which is then recorded as none (the next iteration runs at θ, the
     * following ones predict again).
     *
     * @return true if the parameters changed
     */
    public boolean restoreTrueParams(int iteration) {
        if (mode == PredictionMode.LISTENER) {
            return restore();
        }
        INDArray applied = appliedPrediction(iteration);
        if (applied != null) {
            requireParams().addi(applied);
        }
        updater.setAppliedCoefficient(0);
        return applied != null;
    }

    /** What a block's parameters held, to be put back exactly ({@link #hold}, {@link #putBack}). */
    public static final class Held {
        private final INDArray params;
        private final double coefficient;

        private Held(INDArray params, double coefficient) {
            this.params = params;
            this.coefficient = coefficient;
        }
    }

    /**
     * @return a copy of what the parameters hold now and of the applied prediction's coefficient, so that after
     * {@link #restoreTrueParams} and work at θ, {@link #putBack} returns the block to exactly this state
     */
    public Held hold() {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return new Held(requireParams().dup(), updater.appliedCoefficient());
        }
    }

    /** Puts back what {@link #hold} recorded, bit for bit (parameters and applied coefficient). */
    public void putBack(Held held) {
        requireParams().assign(held.params);
        updater.setAppliedCoefficient(held.coefficient);
    }

    // ---------------------------------------------------------------------------------------------------------
    // For the updater
    // ---------------------------------------------------------------------------------------------------------

    /** @return P, the prediction the parameters hold in updater-only mode, as a new array; null if none */
    INDArray appliedPrediction(int iteration) {
        double coefficient = mode == PredictionMode.UPDATER_ONLY ? updater.appliedCoefficient() : 0;
        if (coefficient == 0) {
            return null;
        }
        INDArray change = updater.newBlockArray();
        updater.direction(iteration).write(change, coefficient);
        return change;
    }

    /** @return θ_t for the base step: the parameters, plus {@code applied} (P_t) in updater-only mode */
    Kernel.TrueWeights duringStep(INDArray applied) {
        return (target, scale) -> {
            Nd4j.exec(new Axpy(requireParams(), target, target, scale));
            if (applied != null) {
                Nd4j.exec(new Axpy(applied, target, target, scale));
            }
        };
    }

    /** @return false if no parameter view is attached */
    boolean attached() { return params != null; }

    private INDArray requireParams() {
        if (params == null) {
            throw new IllegalStateException(name() + ": no parameter view attached to this updater block; "
                    + "call XGrad.attach(network) once after network.init()");
        }
        return params;
    }

    private void requireMode(PredictionMode required, String what) {
        if (mode != required) {
            throw new IllegalStateException(name() + ": " + what + " needs " + required + " mode; this block is in "
                    + mode + " mode (toListenerMode first)");
        }
    }

    private String name() { return updater.getConfig().name(); }
}
