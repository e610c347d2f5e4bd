package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Common base of {@link XAdaGrad} and {@link XRmsProp}: the step divides the latest gradient by the square root of an
 * accumulated squared gradient h, {@code u = γ·g/(√h+ε)}, so the last gradient is kept (one extra N-array) and
 * {@code Δθ = g_last/(√h+ε)}. The base step is the stock DL4J updater of {@link #stockTwin()}.
 */
public abstract class XSquaredGradientFamily extends XUpdater {

    protected final double epsilon;

    protected XSquaredGradientFamily(double learningRate, ISchedule learningRateSchedule, int predictionSteps,
                                      double epsilon) {
        super(learningRate, learningRateSchedule, predictionSteps);
        this.epsilon = Hyperparameters.positive(name(), "epsilon", epsilon);
    }

    public double getEpsilon() { return epsilon; }

    @Override
    protected long baseStateSize(long numParams) { return numParams; }

    @Override
    protected GradientUpdater<?> instantiateBase(INDArray baseStateView, boolean initialize) {
        return stockTwin().instantiate(baseStateView, initialize);
    }

    @Override
    protected boolean keepsLastGradient() { return true; }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        writeRatio(target, updater.extraState(0), updater.baseState(0), true, epsilon, 1);
    }
}
