package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import java.util.Map;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on AdaGrad (paper Table I, row "AdaGrad"). The base step is DL4J's stock {@code AdaGradUpdater}:
 * {@code h = h + g²}, {@code u = γ·g/(√h+ε)}.
 *
 * <p>The step uses the latest gradient, so one extra array keeps the last gradient g (N extra values per block).
 * Δθ = {@code g/(√h+ε)} from the current h and that g.
 */
public class XAdaGrad extends XSquaredGradientFamily {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = AdaGrad.DEFAULT_ADAGRAD_LEARNING_RATE;
    /** The default ε. */
    public static final double DEFAULT_EPSILON = AdaGrad.DEFAULT_ADAGRAD_EPSILON;

    /** Default learning rate 0.1, ε 1e-6 (DL4J's AdaGrad defaults). */
    public XAdaGrad(int predictionSteps) { this(DEFAULT_LEARNING_RATE, predictionSteps); }
    /** As DL4J's {@code AdaGrad(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaGrad(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code AdaGrad(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaGrad(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code AdaGrad(schedule, epsilon)}, plus s. */
    public XAdaGrad(ISchedule schedule, double epsilon, int steps) {
        this(builder().rate(Double.NaN, schedule, steps).epsilon(epsilon));
    }

    /** DL4J's {@code AdaGrad(learningRate, epsilon)}, plus s. */
    public XAdaGrad(double learningRate, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XAdaGrad(Builder b) { super(b); }

    /** @return a builder with every hyperparameter at its default */
    public static Builder builder() { return new Builder(); }

    @Override
    public AdaGrad stockTwin() { return withLearningRate(new AdaGrad(DEFAULT_LEARNING_RATE, epsilon)); }

    @Override
    protected Map<String, Double> hyperparameters() { return named("epsilon", epsilon); }

    /** Every hyperparameter of {@link XAdaGrad}, at its default. */
    public static final class Builder extends XSquaredGradientFamily.Builder<Builder> {
        Builder() { super(DEFAULT_LEARNING_RATE, DEFAULT_EPSILON); }

        @Override
        public XAdaGrad build() { return new XAdaGrad(this); }
    }
}
