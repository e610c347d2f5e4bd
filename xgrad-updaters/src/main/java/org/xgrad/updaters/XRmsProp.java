package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on RMSprop (paper Table I, row "RMSprop"). The base step is DL4J's stock {@code RmsPropUpdater}:
 * {@code v = ρ·v + (1−ρ)·g²}, {@code u = γ·g/(√v+ε)}.
 *
 * <p>The step uses the latest gradient, so one extra array keeps the last gradient g (N extra values per block).
 * Δθ = {@code g/(√v+ε)} from the current v and that g.
 */
public class XRmsProp extends XSquaredGradientFamily {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = RmsProp.DEFAULT_RMSPROP_LEARNING_RATE;
    /** The default RMS decay ρ. */
    public static final double DEFAULT_RMS_DECAY = RmsProp.DEFAULT_RMSPROP_RMSDECAY;
    /** The default ε. */
    public static final double DEFAULT_EPSILON = RmsProp.DEFAULT_RMSPROP_EPSILON;

    /** The RMS decay ρ. */
    private final double rmsDecay;

    /** Default learning rate 0.1, ρ 0.95, ε 1e-8 (DL4J's RmsProp defaults). */
    public XRmsProp(int predictionSteps) { this(DEFAULT_LEARNING_RATE, predictionSteps); }
    /** As DL4J's {@code RmsProp(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XRmsProp(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code RmsProp(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XRmsProp(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code RmsProp(learningRate, rmsDecay, epsilon)}, plus s. */
    public XRmsProp(double learningRate, double rmsDecay, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).rmsDecay(rmsDecay).epsilon(epsilon));
    }

    @JsonCreator(mode = DELEGATING)
    private XRmsProp(Builder b) {
        super(b);
        this.rmsDecay = Hyperparameters.unitInterval(name(), "rmsDecay", b.rmsDecay);
    }

    /** @return a builder with every hyperparameter at its default */
    public static Builder builder() { return new Builder(); }

    @Override
    public RmsProp stockTwin() { return withLearningRate(new RmsProp(DEFAULT_LEARNING_RATE, rmsDecay, epsilon)); }

    /** @return the RMS decay ρ */
    public double getRmsDecay() { return rmsDecay; }

    @Override
    protected Map<String, Double> hyperparameters() { return named("rmsDecay", rmsDecay, "epsilon", epsilon); }

    /** Every hyperparameter of {@link XRmsProp}, at its default. */
    public static final class Builder extends XSquaredGradientFamily.Builder<Builder> {
        @JsonProperty("rmsDecay")
        private double rmsDecay = DEFAULT_RMS_DECAY;

        Builder() { super(DEFAULT_LEARNING_RATE, DEFAULT_EPSILON); }

        /** Decay ρ of the squared-gradient average, in [0, 1). */
        public Builder rmsDecay(double rmsDecay) { this.rmsDecay = rmsDecay; return this; }

        @Override
        public XRmsProp build() { return new XRmsProp(this); }
    }
}
