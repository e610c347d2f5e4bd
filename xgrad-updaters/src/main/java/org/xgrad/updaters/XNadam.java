package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on Nadam (beyond the paper). The base step is DL4J's stock {@code NadamUpdater}:
 * {@code u = γ·(β1·m + (1−β1)·g)/(1−β1^t) / (√v+ε)}.
 *
 * <p>The step uses the latest gradient, so one extra array keeps the Nesterov numerator
 * {@code n = β1·m + (1−β1)·g} of the last step (N extra values per parameter block).
 * Δθ = {@code n/(1−β1^t) / (√v+ε)}.
 */
public class XNadam extends XAdamFamily {

    /** Default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XNadam(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XNadam(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public XNadam(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    @JsonCreator
    private XNadam(@JsonProperty("learningRate") double learningRate,
                   @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                   @JsonProperty("predictionSteps") int predictionSteps,
                   @JsonProperty("beta1") double beta1,
                   @JsonProperty("beta2") double beta2,
                   @JsonProperty("epsilon") double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
    }

    /** Builder with every hyperparameter. */
    public static PlainBuilder<XNadam> builder() {
        return new PlainBuilder<>(XNadam::new, DEFAULT_EPSILON);
    }

    @Override
    public IUpdater stockTwin() {
        return withLearningRate(new Nadam(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon));
    }

    @Override
    protected boolean keepsLastGradient() {
        return true;
    }

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

    @Override
    protected Factory<XNadam> factory() {
        return XNadam::new;
    }
}
