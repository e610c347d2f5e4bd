package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.IntFunction;

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
     * @param k the upcoming iteration; the bias corrections count it as the steps taken so far
     * @return Δθ of Table I: the step the base optimizer applied last, per unit learning rate, read from the current
     * state (nothing is computed until it is used)
     */
    Direction direction(int k);

    /** The true weights θ of a block, as far as a kernel needs them. */
    @FunctionalInterface
    interface TrueWeights {
        /** {@code target += scale·θ}. */
        void addTo(INDArray target, double scale);
    }

    /** A base step, as a lambda. */
    @FunctionalInterface
    interface Step {
        void apply(INDArray gradient, TrueWeights theta, int iteration, int epoch);
    }

    /** The kernel of base step {@code step} and Δθ {@code d}. */
    static Kernel of(Step step, IntFunction<Direction> d) {
        return new Kernel() {
            @Override
            public void step(INDArray gradient, TrueWeights theta, int iteration, int epoch) {
                step.apply(gradient, theta, iteration, epoch);
            }

            @Override
            public Direction direction(int k) { return d.apply(k); }
        };
    }

    /** A kernel whose base step is the stock DL4J updater on the block's stock state, and whose Δθ is {@code d}. */
    static Kernel stock(BlockState state, IntFunction<Direction> d) {
        return of((gradient, theta, iteration, epoch) -> state.stockStep(gradient, iteration, epoch), d);
    }
}
