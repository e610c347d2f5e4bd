package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on AdaBelief (beyond the paper). The base step is DL4J's stock {@code AdaBeliefUpdater}:
 * {@code d = β2·d + (1−β2)(g−m)² + ε}, {@code u = γ·√(1−β2^t)/(1−β1^t) · m/(√d+ε)}.
 *
 * <p>Δθ = {@code √(1−β2^t)/(1−β1^t) · m/(√d+ε)} from the current m and d (AdaBelief's paper calls it s; here s is
 * the number of prediction steps); no extra state.
 * With s = 0 this is also the way to use AdaBelief in a DL4J network at all (DL4J's own AdaBelief cannot, see
 * {@link XUpdater#instantiate}).
 */
public class XAdaBelief extends XAdamFamily {

    /** DL4J AdaBelief's default ε. */
    public static final double DEFAULT_ADABELIEF_EPSILON = AdaBelief.DEFAULT_EPSILON;

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-14. */
    public XAdaBelief(int steps) { this(DEFAULT_LEARNING_RATE, steps); }

    /** As DL4J's {@code AdaBelief(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaBelief(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code AdaBelief(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaBelief(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code AdaBelief(learningRate, beta1, beta2, epsilon)}, plus s. */
    public XAdaBelief(double learningRate, double beta1, double beta2, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).beta1(beta1).beta2(beta2).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XAdaBelief(PlainBuilder<XAdaBelief> b) { super(b, AdaBelief::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XAdaBelief> builder() {
        return new PlainBuilder<>(XAdaBelief::new, DEFAULT_ADABELIEF_EPSILON);
    }
}
