package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on Nadam (beyond the paper). The base step is DL4J's stock {@code NadamUpdater}:
 * {@code u = γ·(β1·m + (1−β1)·g)/(1−β1^t) / (√v+ε)}.
 *
 * <p>The step uses the latest gradient, so one extra array keeps the Nesterov numerator
 * {@code n = β1·m + (1−β1)·g} of the last step (N extra values per parameter block).
 * Δθ = {@code n/(1−β1^t) / (√v+ε)}.
 */
public class XNadam extends XAdamFamily {

    /** s prediction steps; default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XNadam(int steps) { this(DEFAULT_LEARNING_RATE, steps); }
    /** As DL4J's {@code Nadam(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNadam(double learningRate, int steps) { this(builder().rate(learningRate, null, steps)); }
    /** As DL4J's {@code Nadam(schedule)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNadam(ISchedule schedule, int steps) { this(builder().rate(Double.NaN, schedule, steps)); }

    /** DL4J's {@code Nadam(learningRate, beta1, beta2, epsilon)}, plus s. */
    public XNadam(double learningRate, double beta1, double beta2, double epsilon, int steps) {
        this(builder().rate(learningRate, null, steps).beta1(beta1).beta2(beta2).epsilon(epsilon));
    }
    @JsonCreator(mode = DELEGATING) private XNadam(PlainBuilder<XNadam> settings) { super(settings, Nadam::new); }

    /** Every hyperparameter, at its default. */
    public static PlainBuilder<XNadam> builder() { return new PlainBuilder<>(XNadam::new, DEFAULT_EPSILON); }

    @Override
    protected int extraStateArrays() { return 1; }

    /** The stock step, then the Nesterov numerator {@code n = β1·m + (1−β1)·g}; Δθ = {@code n/(1−β1^k)/(√v+ε)}. */
    @Override
    Kernel kernel(BlockState state) {
        INDArray m = state.stockArray(0);
        INDArray v = state.stockArray(1);
        INDArray numerator = state.extra(0);
        return Kernel.of((gradient, theta, iteration, epoch) -> {
            numerator.assign(gradient);
            state.stockStep(gradient, iteration, epoch);
            numerator.muli(1 - beta1);
            Nd4j.exec(new Axpy(m, numerator, numerator, beta1));
        }, k -> Direction.ratio(numerator, v, true, epsilon, firstMomentCorrection(k)));
    }
}
