package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on RMSprop (paper Table I, row "RMSprop"). The base step is DL4J's stock {@code RmsPropUpdater}:
 * {@code v = ρ·v + (1−ρ)·g²}, {@code u = γ·g/(√v+ε)}.
 *
 * <p>The step uses the latest gradient, so one extra array keeps the last gradient g (N extra values per block).
 * Δθ = {@code g/(√v+ε)} from the current v and that g.
 */
public class XRmsProp extends XSquaredGradientFamily {

    public static final double DEFAULT_LEARNING_RATE = RmsProp.DEFAULT_RMSPROP_LEARNING_RATE;
    public static final double DEFAULT_RMS_DECAY = RmsProp.DEFAULT_RMSPROP_RMSDECAY;
    public static final double DEFAULT_EPSILON = RmsProp.DEFAULT_RMSPROP_EPSILON;

    private final double rmsDecay;

    /** Default learning rate 0.1, ρ 0.95, ε 1e-8 (DL4J's RmsProp defaults). */
    public XRmsProp(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XRmsProp(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_RMS_DECAY, DEFAULT_EPSILON);
    }

    public XRmsProp(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_RMS_DECAY, DEFAULT_EPSILON);
    }

    @JsonCreator
    private XRmsProp(@JsonProperty("learningRate") double learningRate,
                     @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                     @JsonProperty("predictionSteps") int predictionSteps,
                     @JsonProperty("rmsDecay") double rmsDecay,
                     @JsonProperty("epsilon") double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps, epsilon);
        this.rmsDecay = Hyperparameters.unitInterval(name(), "rmsDecay", rmsDecay);
    }

    public static Builder builder() { return new Builder(); }

    @Override
    public RmsProp stockTwin() { return withLearningRate(new RmsProp(DEFAULT_LEARNING_RATE, rmsDecay, epsilon)); }

    public double getRmsDecay() { return rmsDecay; }

    @Override
    protected double[] hyperparameters() { return new double[] {rmsDecay, epsilon}; }

    /** Builder with every hyperparameter of {@link XRmsProp}. */
    public static class Builder extends XUpdater.Builder<Builder> {
        private double rmsDecay = DEFAULT_RMS_DECAY;
        private double epsilon = DEFAULT_EPSILON;

        Builder() {
            super(DEFAULT_LEARNING_RATE);
        }

        /** Decay ρ of the squared-gradient average, in [0, 1). */
        public Builder rmsDecay(double rmsDecay) { this.rmsDecay = rmsDecay; return this; }

        /** ε > 0. */
        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }

        @Override
        public XRmsProp build() {
            return new XRmsProp(learningRate, learningRateSchedule, predictionSteps, rmsDecay, epsilon);
        }
    }
}
