package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Common base of {@link XAdaGrad} and {@link XRmsProp}: the step divides the latest gradient by the square root of an
 * accumulated squared gradient h, {@code u = γ·g/(√h+ε)}, so the last gradient is kept (one extra N-array) and
 * {@code Δθ = g/(√h+ε)}. The base step is the stock DL4J updater of {@link #stockTwin()}.
 */
public abstract class XSquaredGradientFamily extends XUpdater {

    /** ε, added to the denominator. */
    protected final double epsilon;

    /** Validates and takes the settings of the family. */
    protected XSquaredGradientFamily(Builder<?> settings) {
        super(settings);
        this.epsilon = Hyperparameters.positive(name(), "epsilon", settings.epsilon);
    }

    /** @return ε, added to the denominator */
    public double getEpsilon() { return epsilon; }

    @Override
    double denominatorEpsilon() { return epsilon; }

    @Override
    protected long baseStateSize(long numParams) { return numParams; }

    @Override
    protected int extraStateArrays() { return 1; }

    @Override
    Kernel kernel(BlockState state) {
        INDArray h = state.stockArray(0);
        INDArray lastGradient = state.extra(0);
        return Kernel.of((gradient, theta, iteration, epoch) -> {
            lastGradient.assign(gradient);
            state.stockStep(gradient, iteration, epoch);
        }, k -> Direction.ratio(lastGradient, h, true, epsilon, 1));
    }

    /**
     * Learning rate, s and ε.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> extends XUpdater.Builder<B> {
        /** ε, added to the denominator. */
        @JsonProperty("epsilon")
        protected double epsilon;

        /** A builder with these defaults (for the subclasses). */
        protected Builder(double defaultLearningRate, double defaultEpsilon) {
            super(defaultLearningRate);
            this.epsilon = defaultEpsilon;
        }

        /** ε > 0. */
        public B epsilon(double epsilon) { this.epsilon = epsilon; return self(); }
    }
}
