package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on AdaMax (beyond the paper). The base step is DL4J's stock {@code AdaMaxUpdater}:
 * {@code u_∞ = max(β2·u_∞, |g|)}, {@code u = γ/(1−β1^t) · m/u_∞} (DL4J's kernel adds 1e-32 to u_∞ and no ε).
 *
 * <p>Δθ = {@code m/u_∞/(1−β1^t)} from the current m and u_∞; no extra state.
 */
public class XAdaMax extends XAdamFamily {

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAdaMax(int steps) { this(DEFAULT_LEARNING_RATE, steps); }
    /** As DL4J's {@code AdaMax(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaMax(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code AdaMax(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaMax(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code AdaMax(learningRate, beta1, beta2, epsilon)}, plus s. */
    public XAdaMax(double learningRate, double beta1, double beta2, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).beta1(beta1).beta2(beta2).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XAdaMax(PlainBuilder<XAdaMax> settings) { super(settings, AdaMax::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XAdaMax> builder() { return new PlainBuilder<>(XAdaMax::new, DEFAULT_EPSILON); }

    /** DL4J's AdaMax kernel does not use ε (it adds 1e-32 to u_∞). */
    @Override
    double denominatorEpsilon() { return Double.NaN; }

    @Override
    Kernel kernel(BlockState state) {
        INDArray m = state.stockArray(0);
        INDArray u = state.stockArray(1);
        return Kernel.stock(state, k -> Direction.ratio(m, u, false, 0, firstMomentCorrection(k)));
    }
}
