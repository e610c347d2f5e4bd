package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on AMSGrad (beyond the paper). The base step is DL4J's stock {@code AMSGradUpdater}:
 * {@code v̂ = max(v̂, v)}, {@code u = γ·√(1−β2^t)/(1−β1^t) · m/(√v̂+ε)}.
 *
 * <p>Δθ = {@code √(1−β2^t)/(1−β1^t) · m/(√v̂+ε)} from the current m and v̂; no extra state.
 */
public class XAmsGrad extends XAdamFamily {

    /** Default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAmsGrad(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XAmsGrad(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public XAmsGrad(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    @JsonCreator
    private XAmsGrad(@JsonProperty("learningRate") double learningRate,
               @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
               @JsonProperty("predictionSteps") int predictionSteps,
               @JsonProperty("beta1") double beta1,
               @JsonProperty("beta2") double beta2,
               @JsonProperty("epsilon") double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
    }

    /** Builder with every hyperparameter. */
    public static PlainBuilder<XAmsGrad> builder() {
        return new PlainBuilder<>(XAmsGrad::new, DEFAULT_EPSILON);
    }

    @Override
    public IUpdater stockTwin() {
        return withLearningRate(new AMSGrad(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon));
    }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeAdamDirection(updater, target, upcomingIteration, 2);
    }

    @Override
    protected Factory<XAmsGrad> factory() {
        return XAmsGrad::new;
    }
}
