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
public class XAMSGrad extends XAdamFamily {

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAMSGrad(int steps) { this(DEFAULT_LEARNING_RATE, steps); }
    /** As DL4J's {@code AMSGrad(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAMSGrad(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code AMSGrad(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAMSGrad(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code AMSGrad(learningRate, beta1, beta2, epsilon)}, plus s. */
    public XAMSGrad(double learningRate, double beta1, double beta2, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).beta1(beta1).beta2(beta2).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XAMSGrad(PlainBuilder<XAMSGrad> settings) { super(settings, AMSGrad::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XAMSGrad> builder() { return new PlainBuilder<>(XAMSGrad::new, DEFAULT_EPSILON); }
}
