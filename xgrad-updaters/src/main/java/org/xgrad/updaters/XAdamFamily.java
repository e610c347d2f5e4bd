package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Common base of the Adam-type X-updaters (β1, β2, ε): {@link XAdam}, {@link XAdamW}, {@link XNadam},
 * {@link XAmsGrad}, {@link XAdaMax}, {@link XAdaBelief}. The base step is the stock ND4J updater of
 * {@link #stockTwin()}, bit for bit.
 */
public abstract class XAdamFamily extends XUpdater {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    protected final double beta1;
    protected final double beta2;
    protected final double epsilon;

    protected XAdamFamily(double learningRate, ISchedule learningRateSchedule, int predictionSteps,
                          double beta1, double beta2, double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps);
        this.beta1 = Hyperparameters.unitInterval(name(), "beta1", beta1);
        this.beta2 = Hyperparameters.unitInterval(name(), "beta2", beta2);
        this.epsilon = Hyperparameters.positive(name(), "epsilon", epsilon);
    }

    /** @return the stock DL4J configuration with the same hyperparameters (learning rate and schedule included). */
    public abstract IUpdater stockTwin();

    @Override
    protected long baseStateSize(long numParams) {
        return stockTwin().stateSize(numParams);
    }

    @Override
    protected GradientUpdater<?> instantiateBase(INDArray baseStateView, boolean initialize) {
        return stockTwin().instantiate(baseStateView, initialize);
    }

    /** {@code 1/(1−β1^k)}: DL4J's first-moment bias correction after k steps (k ≥ 1). */
    protected double firstMomentCorrection(int k) {
        return 1.0 / (1.0 - Math.pow(beta1, Math.max(k, 1)));
    }

    /** {@code √(1−β2^k)/(1−β1^k)}: DL4J Adam's step-size correction α_t/γ after k steps (k ≥ 1). */
    protected double adamCorrection(int k) {
        return Math.sqrt(1.0 - Math.pow(beta2, Math.max(k, 1))) * firstMomentCorrection(k);
    }

    /**
     * Δθ of the Adam rows of Table I: {@code √(1−β2^k)/(1−β1^k) · m/(√d+ε)}, m = base state 0, d = base state
     * {@code denominatorIndex} (v for Adam, v̂ for AMSGrad, s for AdaBelief).
     */
    protected void writeAdamDirection(XGradientUpdater updater, INDArray target, int k, int denominatorIndex) {
        writeRatio(target, updater.baseState(0), updater.baseState(denominatorIndex), true, epsilon, adamCorrection(k));
    }

    public double getBeta1() {
        return beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    @Override
    protected double[] hyperparameters() {
        return new double[] {beta1, beta2, epsilon};
    }

    /** The canonical constructor of a concrete Adam-type updater. */
    @FunctionalInterface
    protected interface Factory<U extends XAdamFamily> {
        U create(double learningRate, ISchedule learningRateSchedule, int predictionSteps, double beta1, double beta2,
                 double epsilon);
    }

    /** @return the canonical constructor of this class (used by {@link #clone()}). */
    protected abstract Factory<? extends XAdamFamily> factory();

    @Override
    public XAdamFamily clone() {
        return factory().create(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
    }

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
        public B beta1(double beta1) {
            this.beta1 = beta1;
            return self();
        }

        /** Second-moment decay β2 in [0, 1). */
        public B beta2(double beta2) {
            this.beta2 = beta2;
            return self();
        }

        /** ε > 0. */
        public B epsilon(double epsilon) {
            this.epsilon = epsilon;
            return self();
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
        private final Factory<U> factory;

        PlainBuilder(Factory<U> factory, double defaultEpsilon) {
            super(defaultEpsilon);
            this.factory = factory;
        }

        @Override
        public U build() {
            return factory.create(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
        }
    }
}
