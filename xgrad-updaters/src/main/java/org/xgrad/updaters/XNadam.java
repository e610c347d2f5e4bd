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
    public XNadam(double learningRate, int steps) { this(Settings.of(learningRate, null, steps, DEFAULT_EPSILON)); }
    public XNadam(ISchedule schedule, int steps) { this(Settings.of(Double.NaN, schedule, steps, DEFAULT_EPSILON)); }
    @JsonCreator(mode = DELEGATING) private XNadam(Settings settings) { super(settings, Nadam::new); }

    /** Builder with every hyperparameter. */
    public static PlainBuilder<XNadam> builder() { return new PlainBuilder<>(XNadam::new, DEFAULT_EPSILON); }

    @Override
    protected boolean keepsLastGradient() { return true; }

    @Override
    protected void applyBaseStep(XGradientUpdater updater, INDArray gradient, int iteration, int epoch) {
        super.applyBaseStep(updater, gradient, iteration, epoch);
        INDArray numerator = updater.extraState(0);
        numerator.muli(1 - beta1);
        Nd4j.exec(new Axpy(updater.baseState(0), numerator, numerator, beta1));
    }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeRatio(target, updater.extraState(0), updater.baseState(1), true, epsilon,
                firstMomentCorrection(upcomingIteration));
    }
}
