package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdaBeliefUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * Base of every XGrad updater configuration: a DL4J {@link IUpdater} whose {@code GradientUpdater} also predicts the
 * weight change of the next {@code s} steps (paper eq. 26, Table I).
 *
 * <p>An optimizer's file holds its defaults, its hyperparameters and its math, nothing else:
 * <ul>
 *   <li>{@link #baseStateSize(long)} and {@link #extraStateArrays()}: its state, the stock DL4J layout first, then
 *   the parameter-sized arrays it keeps beyond it in order to know its last step (e.g. the last gradient);</li>
 *   <li>{@link #kernel}: the base step (for every optimizer with a DL4J twin the stock ND4J {@code GradientUpdater}
 *   itself, bit for bit) and Δθ of Table I, over those arrays bound to their names.</li>
 * </ul>
 * The prediction itself lives in {@link BlockWeights} (listener mode) and {@link XGradientUpdater#applyUpdater}
 * (updater-only mode).
 *
 * <p>One construction idiom for all: public constructors for the usual cases, and a {@code Builder} with every
 * hyperparameter at its default, which is also the form DL4J's JSON is read back through (a loaded configuration is
 * validated exactly like a built one, in the one private constructor that takes the builder).
 */
public abstract class XUpdater implements IUpdater, Cloneable {

    /** Scalar slots per variable at the end of the state view: steps taken, applied prediction coefficient. */
    static final int SCALAR_SLOTS = 2;

    /** The fixed learning rate (NaN when a schedule is set). */
    protected double learningRate;
    /** The learning-rate schedule, or null. */
    protected ISchedule learningRateSchedule;
    /** The prediction steps s. */
    protected int predictionSteps;

    /** Validates and takes the settings every X-updater has. */
    protected XUpdater(Builder<?> settings) {
        if (settings.learningRateSchedule == null) {
            Hyperparameters.learningRate(name(), settings.learningRate);
        }
        this.learningRate = settings.learningRate;
        this.learningRateSchedule = settings.learningRateSchedule;
        this.predictionSteps = Hyperparameters.predictionSteps(name(), settings.predictionSteps);
    }

    /** For an updater whose learning rate lives elsewhere ({@link XWrapped}: in the wrapped configuration). */
    protected XUpdater(int predictionSteps) {
        this.learningRate = Double.NaN;
        this.predictionSteps = Hyperparameters.predictionSteps(name(), predictionSteps);
    }

    /** @return the short optimizer name used in messages, e.g. "XAdam". */
    protected String name() { return getClass().getSimpleName(); }

    // ---------------------------------------------------------------------------------------------------------
    // What each optimizer defines
    // ---------------------------------------------------------------------------------------------------------

    /** @return the size of the base optimizer's own state for {@code numParams} parameters (stock layout). */
    protected abstract long baseStateSize(long numParams);

    /** @return the number of parameter-sized arrays kept beyond the stock state, to know the last step */
    protected int extraStateArrays() { return 0; }

    /** @return the optimizer's math on one block, its state arrays bound to their names */
    abstract Kernel kernel(BlockState state);

    /** @return the ε added to a denominator of the step (√v + ε …), or NaN if there is none */
    double denominatorEpsilon() { return Double.NaN; }

    /** @return true if the base step needs the block's true weights θ (decoupled weight decay) */
    boolean readsTrueWeights() { return false; }

    /**
     * @return γ of eq. 26 at (iteration, epoch): the learning rate, which the prediction and Δθ (a step per unit
     * learning rate) are scaled by
     */
    protected double predictionRate(int iteration, int epoch) { return getLearningRate(iteration, epoch); }

    /** Creates the stock DL4J updater of {@link #stockTwin()} on its part of the state view. */
    GradientUpdater<?> instantiateStock(INDArray stockView, boolean initialize) {
        return instantiate(stockTwin(), stockView, initialize);
    }

    /**
     * Creates a stock DL4J updater on {@code view} as DL4J's networks would, where DL4J 1.0.0-M2.1 cannot: a stateless
     * one (Sgd, NoOp) takes no view at all, and {@code AdaBelief.instantiate} fails on the 1-D views networks use
     * ({@code gradientShape[1]} of a 1-D shape), so its {@link AdaBeliefUpdater} is built on a row view of the same
     * state instead (its math untouched).
     */
    static GradientUpdater<?> instantiate(IUpdater stock, INDArray view, boolean initialize) {
        if (view.length() == 0) {
            return stock.instantiate((INDArray) null, initialize);
        }
        if (stock instanceof AdaBelief) {
            AdaBeliefUpdater updater = new AdaBeliefUpdater((AdaBelief) stock);
            long length = view.length();
            updater.setStateViewArray(view.reshape(1, length), new long[] {length / 2}, 'c', initialize);
            return updater;
        }
        return stock.instantiate(view, initialize);
    }

    /** Gives the stock updater's configuration this updater's learning rate and schedule (DL4J may change them). */
    void synchronizeStock(IUpdater stock) { stock.setLrAndSchedule(learningRate, learningRateSchedule); }

    /**
     * @return DL4J's stock configuration whose {@code GradientUpdater} this X-updater runs for its base step, with the
     * same hyperparameters (learning rate and schedule included), or null where DL4J has none (XSgdm)
     */
    public IUpdater stockTwin() { return null; }

    /** Sets this updater's learning rate and schedule on a freshly built stock twin. */
    protected <U extends IUpdater> U withLearningRate(U stock) {
        stock.setLrAndSchedule(learningRate, learningRateSchedule);
        return stock;
    }

    /** @return the optimizer-specific hyperparameters by name, in order: for equality, hashing and toString. */
    protected abstract Map<String, Double> hyperparameters();

    /** @return {@code name1, value1, name2, value2, …} as an ordered map, for {@link #hyperparameters()} */
    protected static Map<String, Double> named(Object... namesAndValues) {
        Map<String, Double> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            named.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return named;
    }

    // ---------------------------------------------------------------------------------------------------------
    // IUpdater
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public final long stateSize(long numParams) {
        return baseStateSize(numParams) + extraStateArrays() * numParams + SCALAR_SLOTS;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new XGradientUpdater(this, viewArray, initializeViewArray);
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new XGradientUpdater(this, XGradientUpdater.viewOf(name(), updaterState), initializeStateArrays);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        if (learningRateSchedule == null) {
            return learningRate;
        }
        return checkedRate(learningRateSchedule.valueAt(iteration, epoch), iteration, epoch);
    }

    /** @return {@code value}, a learning rate a schedule gave at (iteration, epoch), if it is valid */
    protected double checkedRate(double value, int iteration, int epoch) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name() + ": learningRateSchedule gave " + value + " at iteration "
                    + iteration + ", epoch " + epoch + "; valid range is [0, +inf) and finite");
        }
        return value;
    }

    @Override
    public boolean hasLearningRate() { return true; }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule == null) {
            Hyperparameters.learningRate(name(), lr);
        }
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    /** @return the fixed learning rate (NaN when a schedule is set) */
    public double getLearningRate() { return learningRate; }

    /** @return the learning-rate schedule, or null */
    public ISchedule getLearningRateSchedule() { return learningRateSchedule; }

    /** @return the number of prediction steps {@code s} (0 = plain base optimizer). */
    public int getPredictionSteps() { return predictionSteps; }

    /** A copy with the same hyperparameters (the fields are immutable but the schedule, which is copied too). */
    @Override
    public XUpdater clone() {
        try {
            XUpdater copy = (XUpdater) super.clone();
            copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        XUpdater other = (XUpdater) o;
        return Double.compare(learningRate, other.learningRate) == 0
                && Objects.equals(learningRateSchedule, other.learningRateSchedule)
                && predictionSteps == other.predictionSteps
                && hyperparameters().equals(other.hyperparameters());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), learningRate, learningRateSchedule, predictionSteps,
                hyperparameters());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name()).append("(learningRate=")
                .append(learningRateSchedule != null ? learningRateSchedule : learningRate)
                .append(", predictionSteps=").append(predictionSteps);
        hyperparameters().forEach((name, value) -> s.append(", ").append(name).append('=').append(value));
        return s.append(')').toString();
    }

    /**
     * The settings every X-updater has: learning rate (or schedule) and prediction steps. Each optimizer's
     * {@code Builder} extends it with its own hyperparameters; DL4J's JSON is read back into it.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        /** The fixed learning rate (NaN when a schedule is set). */
        @JsonProperty("learningRate")
        protected double learningRate;
        /** The learning-rate schedule, or null. */
        @JsonProperty("learningRateSchedule")
        protected ISchedule learningRateSchedule;
        /** The prediction steps s. */
        @JsonProperty("predictionSteps")
        protected int predictionSteps = 1;

        /** A builder with these defaults (for the subclasses). */
        protected Builder(double defaultLearningRate) {
            this.learningRate = defaultLearningRate;
        }

        /** @return this builder */
        @SuppressWarnings("unchecked")
        protected B self() { return (B) this; }

        /** Learning rate γ (ignored when a schedule is set). */
        public B learningRate(double learningRate) { this.learningRate = learningRate; return self(); }

        /** Learning-rate schedule γ(iteration, epoch); takes precedence over {@link #learningRate(double)}. */
        public B learningRateSchedule(ISchedule schedule) { this.learningRateSchedule = schedule; return self(); }

        /** Prediction steps s ≥ 0 (eq. 26); 0 = plain base optimizer. Default 1. */
        public B predictionSteps(int predictionSteps) { this.predictionSteps = predictionSteps; return self(); }

        /** The learning rate, or the schedule if {@code schedule} is not null, and s. */
        B rate(double learningRate, ISchedule schedule, int steps) {
            this.learningRate = schedule == null ? learningRate : Double.NaN;
            this.learningRateSchedule = schedule;
            this.predictionSteps = steps;
            return self();
        }

        /** @return the updater, validated */
        public abstract XUpdater build();
    }
}
