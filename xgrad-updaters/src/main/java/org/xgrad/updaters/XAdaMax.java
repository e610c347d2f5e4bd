package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on AdaMax (beyond the paper). The base step is DL4J's stock {@code AdaMaxUpdater}:
 * {@code u_∞ = max(β2·u_∞, |g|)}, {@code u = γ/(1−β1^t) · m/u_∞} (DL4J's kernel adds 1e-32 to u_∞ and no ε).
 *
 * <p>Δθ = {@code m/u_∞/(1−β1^t)} from the current m and u_∞; no extra state.
 */
public class XAdaMax extends XAdamFamily {

    /** Default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAdaMax(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XAdaMax(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public XAdaMax(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    @JsonCreator
    private XAdaMax(@JsonProperty("learningRate") double learningRate,
               @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
               @JsonProperty("predictionSteps") int predictionSteps,
               @JsonProperty("beta1") double beta1,
               @JsonProperty("beta2") double beta2,
               @JsonProperty("epsilon") double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
    }

    /** Builder with every hyperparameter. */
    public static PlainBuilder<XAdaMax> builder() {
        return new PlainBuilder<>(XAdaMax::new, DEFAULT_EPSILON);
    }

    @Override
    public IUpdater stockTwin() {
        return withLearningRate(new AdaMax(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon));
    }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeRatio(target, updater.baseState(0), updater.baseState(1), false, 0, firstMomentCorrection(upcomingIteration));
    }

    @Override
    protected Factory<XAdaMax> factory() {
        return XAdaMax::new;
    }
}
