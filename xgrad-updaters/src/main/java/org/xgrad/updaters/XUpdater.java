package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Base of every XGrad updater configuration: a DL4J {@link IUpdater} whose {@code GradientUpdater} also predicts the
 * weight change of the next {@code s} steps (paper eq. 26, Table I).
 *
 * <p>A subclass states three things about its optimizer and nothing else:
 * <ul>
 *   <li>{@link #baseStateSize(long)} and {@link #applyBaseStep}: the base optimizer's update, which for every
 *   optimizer with a DL4J twin is the stock ND4J {@code GradientUpdater} itself (bit for bit);</li>
 *   <li>{@link #writeStepDirection}: Δθ of Table I, the base step per unit learning rate, read from the state;</li>
 *   <li>{@link #extraStateArrays()}: how many parameter-sized arrays it keeps beyond the stock state in order to
 *   know that step (e.g. the last gradient, for optimizers whose step uses the latest gradient).</li>
 * </ul>
 * The prediction mechanism itself lives in one place, {@link XGradientUpdater}.
 *
 * <p>State view layout (per updater block of N parameters): {@code [stock state | extra arrays (N each) | scalars]},
 * with the stock arrays first, exactly where the stock updater keeps them. See {@link XGradientUpdater}.
 */
public abstract class XUpdater implements IUpdater, Cloneable {

    /** Scalar slots per variable at the end of the state view: steps taken, applied prediction coefficient. */
    static final int SCALAR_SLOTS = 2;

    protected double learningRate;
    protected ISchedule learningRateSchedule;
    protected int predictionSteps;

    protected XUpdater(double learningRate, ISchedule learningRateSchedule, int predictionSteps) {
        if (learningRateSchedule == null) {
            Hyperparameters.learningRate(name(), learningRate);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.predictionSteps = Hyperparameters.predictionSteps(name(), predictionSteps);
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

    /**
     * @return true for optimizers whose step uses the latest gradient (RMSprop, AdaGrad, Nadam): the gradient is then
     * kept in one extra parameter-sized state array ({@code extraState(0)}) before each base step.
     */
    protected boolean keepsLastGradient() { return false; }

    /** @return the number of extra parameter-sized arrays needed to know the last step. */
    protected int extraStateArrays() { return keepsLastGradient() ? 1 : 0; }

    /**
     * @return γ of eq. 26 at (iteration, epoch): the learning rate, which the prediction and Δθ (a step per unit
     * learning rate) are scaled by
     */
    protected double predictionRate(int iteration, int epoch) { return getLearningRate(iteration, epoch); }

    /**
     * Creates the base optimizer's updater on its part of the state view. Optimizers with a DL4J twin return the
     * stock {@code GradientUpdater}; others return null and implement {@link #applyBaseStep} themselves.
     */
    protected abstract GradientUpdater<?> instantiateBase(INDArray baseStateView, boolean initialize);

    /**
     * Applies the base optimizer's step: on return {@code gradient} holds the update (subtracted from the
     * parameters by DL4J) and the state has advanced. Default: the stock updater.
     */
    protected void applyBaseStep(XGradientUpdater updater, INDArray gradient, int iteration, int epoch) {
        GradientUpdater<?> stock = updater.stockUpdater();
        stock.getConfig().setLrAndSchedule(learningRate, learningRateSchedule);
        stock.applyUpdater(gradient, iteration, epoch);
    }

    /**
     * Writes Δθ of Table I into {@code target}: the step the base optimizer applied at the previous iteration, per
     * unit learning rate, read from the current state. Must not change the state.
     *
     * @param upcomingIteration the iteration the prediction is for; bias corrections use it as "steps so far"
     */
    protected abstract void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration);

    /**
     * @return DL4J's stock configuration whose {@code GradientUpdater} this X-updater runs for its base step, with the
     * same hyperparameters (learning rate and schedule included), or null where DL4J has none (XSgd)
     */
    public IUpdater stockTwin() { return null; }

    /** Sets this updater's learning rate and schedule on a freshly built stock twin. */
    protected <U extends IUpdater> U withLearningRate(U stock) {
        stock.setLrAndSchedule(learningRate, learningRateSchedule);
        return stock;
    }

    /**
     * Writes {@code scale · numerator / (f(denominator) + epsilon)} into {@code target}, f = sqrt or identity, without
     * temporary arrays: the shape of Δθ of every adaptive optimizer in Table I.
     */
    protected static void writeRatio(INDArray target, INDArray numerator, INDArray denominator, boolean sqrt,
                                     double epsilon, double scale) {
        if (sqrt) {
            Nd4j.exec(new Sqrt(denominator, target));
        } else {
            target.assign(denominator);
        }
        if (epsilon != 0) {
            target.addi(epsilon);
        }
        target.rdivi(numerator);
        if (scale != 1) {
            target.muli(scale);
        }
    }

    /** @return the optimizer-specific hyperparameters, for equality and hashing. */
    protected abstract double[] hyperparameters();

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
        double value = learningRateSchedule.valueAt(iteration, epoch);
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

    public double getLearningRate() { return learningRate; }

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
                && Arrays.equals(hyperparameters(), other.hyperparameters());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), learningRate, learningRateSchedule, predictionSteps,
                Arrays.hashCode(hyperparameters()));
    }

    @Override
    public String toString() {
        return name() + "(learningRate=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", predictionSteps=" + predictionSteps + ", " + Arrays.toString(hyperparameters()) + ")";
    }

    /**
     * Builder base shared by every X-updater: learning rate, its schedule and the prediction steps.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        protected double learningRate;
        protected ISchedule learningRateSchedule;
        protected int predictionSteps = 1;

        protected Builder(double defaultLearningRate) {
            this.learningRate = defaultLearningRate;
        }

        @SuppressWarnings("unchecked")
        protected B self() { return (B) this; }

        /** Learning rate γ (ignored when a schedule is set). */
        public B learningRate(double learningRate) { this.learningRate = learningRate; return self(); }

        /** Learning-rate schedule γ(iteration, epoch); takes precedence over {@link #learningRate(double)}. */
        public B learningRateSchedule(ISchedule schedule) { this.learningRateSchedule = schedule; return self(); }

        /** Prediction steps s ≥ 0 (eq. 26); 0 = plain base optimizer. Default 1. */
        public B predictionSteps(int predictionSteps) { this.predictionSteps = predictionSteps; return self(); }

        public abstract XUpdater build();
    }
}
