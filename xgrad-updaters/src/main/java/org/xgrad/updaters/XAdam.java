package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on Adam (paper Table I, row "Adam"). The base step is DL4J's stock {@code AdamUpdater}.
 *
 * <p>Δθ = {@code √(1−β2^t)/(1−β1^t) · m/(√v+ε)}: DL4J's own conventions (bias corrections of the t steps taken so
 * far, ε added to √v), read from the current m and v; no extra state.
 *
 * <pre>.updater(new XAdam(1))</pre>
 */
public class XAdam extends XAdamFamily {

    /** Default learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-8. */
    public XAdam(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XAdam(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public XAdam(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    @JsonCreator
    private XAdam(@JsonProperty("learningRate") double learningRate,
                    @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                    @JsonProperty("predictionSteps") int predictionSteps,
                    @JsonProperty("beta1") double beta1,
                    @JsonProperty("beta2") double beta2,
                    @JsonProperty("epsilon") double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps, beta1, beta2, epsilon);
    }

    /** Builder with every hyperparameter. */
    public static PlainBuilder<XAdam> builder() {
        return new PlainBuilder<>(XAdam::new, DEFAULT_EPSILON);
    }

    @Override
    public IUpdater stockTwin() {
        return withLearningRate(new Adam(DEFAULT_LEARNING_RATE, beta1, beta2, epsilon));
    }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeAdamDirection(updater, target, upcomingIteration, 1);
    }

    @Override
    protected Factory<XAdam> factory() {
        return XAdam::new;
    }
}
