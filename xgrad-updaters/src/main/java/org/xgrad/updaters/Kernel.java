package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimizer's math on one block, over the block's state arrays bound to their names (m, v, velocity …) when the
 * kernel is made ({@link XUpdater#kernel}): the base step and Δθ of Table I.
 */
interface Kernel {

    /**
     * The base optimizer's step: {@code gradient} becomes the update DL4J subtracts from the parameters, and the state
     * advances.
     *
     * @param theta the block's true weights θ_t, for the optimizers whose step depends on them (decoupled decay)
     */
    void step(INDArray gradient, TrueWeights theta, int iteration, int epoch);

    /**
     * Writes Δθ of Table I into {@code target}: the step the base optimizer applied last, per unit learning rate, from
     * the current state. Pure.
     *
     * @param k the upcoming iteration; the bias corrections count it as the steps taken so far
     */
    void direction(INDArray target, int k);

    /** The true weights θ of a block, as far as a kernel needs them. */
    @FunctionalInterface
    interface TrueWeights {
        /** {@code target += scale·θ}. */
        void addTo(INDArray target, double scale);
    }

    /** Δθ alone, for kernels whose base step is the stock DL4J updater. */
    @FunctionalInterface
    interface Direction {
        void write(INDArray target, int k);
    }

    /** A kernel whose base step is the stock DL4J updater on the block's stock state, and whose Δθ is {@code d}. */
    static Kernel stock(BlockState state, Direction d) {
        return new Kernel() {
            @Override
            public void step(INDArray gradient, TrueWeights theta, int iteration, int epoch) {
                state.stockStep(gradient, iteration, epoch);
            }

            @Override
            public void direction(INDArray target, int k) { d.write(target, k); }
        };
    }
}
