package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on Adam (paper Table I, row "Adam"). The base step is DL4J's stock {@code AdamUpdater}.
 *
 * <p>Δθ = {@code √(1−β2^t)/(1−β1^t) · m/(√v+ε)}: DL4J's own conventions (bias corrections of the t steps taken so
 * far, ε added to √v), read from the current m and v; no extra state.
 *
 * <pre>.updater(new XAdam(1))</pre>
 */
public class XAdam extends XAdamFamily {

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAdam(int steps) { this(DEFAULT_LEARNING_RATE, steps); }
    /** As DL4J's {@code Adam(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdam(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code Adam(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdam(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code Adam(learningRate, beta1, beta2, epsilon)}, plus s. */
    public XAdam(double learningRate, double beta1, double beta2, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).beta1(beta1).beta2(beta2).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XAdam(PlainBuilder<XAdam> settings) { super(settings, Adam::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XAdam> builder() { return new PlainBuilder<>(XAdam::new, DEFAULT_EPSILON); }
}
