package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.Map;
import java.util.function.Function;

/**
 * Common base of the Adam-type X-updaters (β1, β2, ε): {@link XAdam}, {@link XAdamW}, {@link XNadam},
 * {@link XAMSGrad}, {@link XAdaMax}, {@link XAdaBelief}. The base step is the stock ND4J updater of
 * {@link #stockTwin()} (given by the subclass as a {@link Stock}), bit for bit; Δθ is Adam's unless a subclass says
 * otherwise.
 */
public abstract class XAdamFamily extends XUpdater {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The default β1. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** The default β2. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** The default ε. */
    public static final double DEFAULT_EPSILON = 1e-8;

    /** β1, the decay of the first moment m. */
    protected final double beta1;
    /** β2, the decay of the second moment v. */
    protected final double beta2;
    /** ε, added to the denominator. */
    protected final double epsilon;
    /** How the stock twin is made. */
    @JsonIgnore
    private final Stock stock;

    /** DL4J's stock configuration of an Adam-type optimizer, e.g. {@code Adam::new}. */
    @FunctionalInterface
    protected interface Stock extends Serializable {
        /** @return the stock configuration with these hyperparameters */
        IUpdater create(double learningRate, double beta1, double beta2, double epsilon);
    }

    /**
     * @param settings the hyperparameters
     * @param stock    DL4J's configuration of the base optimizer, whose {@code GradientUpdater} runs the base step
     */
    protected XAdamFamily(Builder<?, ?> settings, Stock stock) {
        super(settings);
        this.stock = stock;
        this.beta1 = Hyperparameters.unitInterval(name(), "beta1", settings.beta1);
        this.beta2 = Hyperparameters.unitInterval(name(), "beta2", settings.beta2);
        this.epsilon = Hyperparameters.positive(name(), "epsilon", settings.epsilon);
    }

    @Override
    public IUpdater stockTwin() { return withLearningRate(stock.create(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon)); }

    @Override
    protected long baseStateSize(long numParams) { return stockTwin().stateSize(numParams); }

    /**
     * The stock step, and Δθ of the Adam rows of Table I (AdamW's too: the decay is not extrapolated):
     * {@code √(1−β2^k)/(1−β1^k) · m/(√d+ε)}, k the steps taken, d the last array of the stock state (v for Adam:
     * [m, v]; v̂ for AMSGrad: [m, v, v̂]; AdaBelief's d: [m, d]).
     */
    @Override
    Kernel kernel(BlockState state) {
        INDArray m = state.stockArray(0);
        INDArray d = state.lastStockArray();
        return Kernel.stock(state, k -> Direction.ratio(m, d, true, epsilon, adamCorrection(k)));
    }

    /** {@code 1/(1−β1^k)}: DL4J's first-moment bias correction after k steps (k ≥ 1). */
    protected double firstMomentCorrection(int k) { return 1.0 / (1.0 - Math.pow(beta1, Math.max(k, 1))); }

    /** {@code √(1−β2^k)/(1−β1^k)}: DL4J Adam's step-size correction α_t/γ after k steps (k ≥ 1). */
    protected double adamCorrection(int k) {
        return Math.sqrt(1.0 - Math.pow(beta2, Math.max(k, 1))) * firstMomentCorrection(k);
    }

    /** @return β1, the decay of the first moment m */
    public double getBeta1() { return beta1; }

    /** @return β2, the decay of the second moment v */
    public double getBeta2() { return beta2; }

    /** @return ε, added to the denominator */
    public double getEpsilon() { return epsilon; }

    @Override
    double denominatorEpsilon() { return epsilon; }

    @Override
    protected Map<String, Double> hyperparameters() { return named("beta1", beta1, "beta2", beta2, "epsilon", epsilon); }

    /**
     * Learning rate (or schedule), s, β1, β2, ε: the settings of every Adam-type X-updater.
     *
     * @param <U> the updater it builds
     * @param <B> the concrete builder
     */
    public abstract static class Builder<U extends XAdamFamily, B extends Builder<U, B>> extends XUpdater.Builder<B> {
        /** β1, the decay of the first moment m. */
        @JsonProperty("beta1")
        protected double beta1 = DEFAULT_BETA1;
        /** β2, the decay of the second moment v. */
        @JsonProperty("beta2")
        protected double beta2 = DEFAULT_BETA2;
        /** ε, added to the denominator. */
        @JsonProperty("epsilon")
        protected double epsilon;

        /** A builder with these defaults (for the subclasses). */
        protected Builder(double defaultEpsilon) {
            super(DEFAULT_LEARNING_RATE);
            this.epsilon = defaultEpsilon;
        }

        /** First-moment decay β1 in [0, 1). */
        public B beta1(double beta1) { this.beta1 = beta1; return self(); }

        /** Second-moment decay β2 in [0, 1). */
        public B beta2(double beta2) { this.beta2 = beta2; return self(); }

        /** ε > 0. */
        public B epsilon(double epsilon) { this.epsilon = epsilon; return self(); }

        @Override
        public abstract U build();
    }

    /**
     * The builder of the Adam-type updaters with no hyperparameter beyond β1, β2, ε.
     *
     * @param <U> the updater it builds
     */
    public static final class PlainBuilder<U extends XAdamFamily> extends Builder<U, PlainBuilder<U>> {
        private final transient Function<PlainBuilder<U>, U> constructor;

        /** For DL4J's JSON, which reads a configuration back through its builder. */
        PlainBuilder() { this(null, DEFAULT_EPSILON); }

        PlainBuilder(Function<PlainBuilder<U>, U> constructor, double defaultEpsilon) {
            super(defaultEpsilon);
            this.constructor = constructor;
        }

        @Override
        public U build() { return constructor.apply(this); }
    }
}
