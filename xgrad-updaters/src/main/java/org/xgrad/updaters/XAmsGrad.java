package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on AMSGrad (beyond the paper). The base step is DL4J's stock {@code AMSGradUpdater}:
 * {@code v̂ = max(v̂, v)}, {@code u = γ·√(1−β2^t)/(1−β1^t) · m/(√v̂+ε)}.
 *
 * <p>Δθ = {@code √(1−β2^t)/(1−β1^t) · m/(√v̂+ε)} from the current m and v̂; no extra state.
 */
public class XAmsGrad extends XAdamFamily {

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAmsGrad(int steps) { this(DEFAULT_LEARNING_RATE, steps); }
    public XAmsGrad(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    public XAmsGrad(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }
    @JsonCreator(mode = DELEGATING) private XAmsGrad(PlainBuilder<XAmsGrad> settings) { super(settings, AMSGrad::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XAmsGrad> builder() { return new PlainBuilder<>(XAmsGrad::new, DEFAULT_EPSILON); }
}
