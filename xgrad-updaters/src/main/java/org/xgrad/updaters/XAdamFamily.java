package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.io.Serializable;

import java.util.function.Function;

/**
 * Common base of the Adam-type X-updaters (β1, β2, ε): {@link XAdam}, {@link XAdamW}, {@link XNadam},
 * {@link XAmsGrad}, {@link XAdaMax}, {@link XAdaBelief}. The base step is the stock ND4J updater of
 * {@link #stockTwin()} (given by the subclass as a {@link Stock}), bit for bit; Δθ is Adam's unless a subclass says
 * otherwise. Every constructor of a subclass goes through one {@link Settings}, which is also
 * the form DL4J's JSON has: a loaded configuration is validated exactly like a built one.
 */
public abstract class XAdamFamily extends XUpdater {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    protected final double beta1;
    protected final double beta2;
    protected final double epsilon;
    @JsonIgnore
    private final Stock stock;

    /** DL4J's stock configuration of an Adam-type optimizer, e.g. {@code Adam::new}. */
    @FunctionalInterface
    protected interface Stock extends Serializable {
        IUpdater create(double learningRate, double beta1, double beta2, double epsilon);
    }

    /**
     * @param settings the hyperparameters
     * @param stock    DL4J's configuration of the base optimizer, whose {@code GradientUpdater} runs the base step
     */
    protected XAdamFamily(Settings settings, Stock stock) {
        super(settings.learningRate, settings.learningRateSchedule, settings.predictionSteps);
        this.stock = stock;
        this.beta1 = Hyperparameters.unitInterval(name(), "beta1", settings.beta1);
        this.beta2 = Hyperparameters.unitInterval(name(), "beta2", settings.beta2);
        this.epsilon = Hyperparameters.positive(name(), "epsilon", settings.epsilon);
    }

    /**
     * The settings of an Adam-type updater: the fields DL4J writes to JSON (each subclass reads them back through its
     * one-line {@code @JsonCreator}), what the builder collects and what the convenience constructors fill in.
     */
    public static class Settings {
        @JsonProperty("learningRate")
        double learningRate = DEFAULT_LEARNING_RATE;
        @JsonProperty("learningRateSchedule")
        ISchedule learningRateSchedule;
        @JsonProperty("predictionSteps")
        int predictionSteps = 1;
        @JsonProperty("beta1")
        double beta1 = DEFAULT_BETA1;
        @JsonProperty("beta2")
        double beta2 = DEFAULT_BETA2;
        @JsonProperty("epsilon")
        double epsilon = DEFAULT_EPSILON;

        Settings() {
        }

        /** A learning rate or a schedule (the other NaN/null), s, and ε; β1 and β2 at their defaults. */
        static Settings of(double learningRate, ISchedule learningRateSchedule, int predictionSteps, double epsilon) {
            Settings s = new Settings();
            s.learningRate = learningRate;
            s.learningRateSchedule = learningRateSchedule;
            s.predictionSteps = predictionSteps;
            s.epsilon = epsilon;
            return s;
        }
    }

    @Override
    public IUpdater stockTwin() { return withLearningRate(stock.create(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon)); }

    /**
     * Δθ of the Adam rows of Table I (AdamW's too: the decay is not extrapolated):
     * {@code √(1−β2^k)/(1−β1^k) · m/(√d+ε)}, k the steps taken, m the first array of the stock state, d its last (v
     * for Adam: [m, v]; v̂ for AMSGrad: [m, v, v̂]; AdaBelief's d: [m, d]).
     */
    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeRatio(target, updater.baseState(0), updater.baseState(updater.baseStateArrays() - 1), true, epsilon,
                adamCorrection(upcomingIteration));
    }

    @Override
    protected long baseStateSize(long numParams) { return stockTwin().stateSize(numParams); }

    @Override
    protected GradientUpdater<?> instantiateBase(INDArray baseStateView, boolean initialize) {
        return stockTwin().instantiate(baseStateView, initialize);
    }

    /** {@code 1/(1−β1^k)}: DL4J's first-moment bias correction after k steps (k ≥ 1). */
    protected double firstMomentCorrection(int k) { return 1.0 / (1.0 - Math.pow(beta1, Math.max(k, 1))); }

    /** {@code √(1−β2^k)/(1−β1^k)}: DL4J Adam's step-size correction α_t/γ after k steps (k ≥ 1). */
    protected double adamCorrection(int k) {
        return Math.sqrt(1.0 - Math.pow(beta2, Math.max(k, 1))) * firstMomentCorrection(k);
    }

    public double getBeta1() { return beta1; }

    public double getBeta2() { return beta2; }

    public double getEpsilon() { return epsilon; }

    @Override
    protected double[] hyperparameters() { return new double[] {beta1, beta2, epsilon}; }

    /**
     * Builder of every Adam-type X-updater: learning rate (or schedule), prediction steps, β1, β2, ε.
     *
     * @param <U> the updater it builds
     * @param <B> the concrete builder
     */
    public abstract static class Builder<U extends XAdamFamily, B extends Builder<U, B>> extends XUpdater.Builder<B> {
        protected double beta1 = DEFAULT_BETA1;
        protected double beta2 = DEFAULT_BETA2;
        protected double epsilon;

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

        /** @return what this builder collected */
        protected Settings settings() {
            Settings settings = Settings.of(learningRate, learningRateSchedule, predictionSteps, epsilon);
            settings.beta1 = beta1;
            settings.beta2 = beta2;
            return settings;
        }

        @Override
        public abstract U build();
    }

    /**
     * The builder of the Adam-type updaters that have no hyperparameter beyond β1, β2, ε.
     *
     * @param <U> the updater it builds
     */
    public static final class PlainBuilder<U extends XAdamFamily> extends Builder<U, PlainBuilder<U>> {
        private final Function<Settings, U> constructor;

        PlainBuilder(Function<Settings, U> constructor, double defaultEpsilon) {
            super(defaultEpsilon);
            this.constructor = constructor;
        }

        @Override
        public U build() { return constructor.apply(settings()); }
    }
}
