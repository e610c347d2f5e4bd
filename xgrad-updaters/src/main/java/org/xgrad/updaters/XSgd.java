package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on SGD with heavy-ball momentum (paper Table I, row "SGDM"), as the authors' code computes it:
 * {@code v ← μ·v + (1−τ)·g} from {@code v = 0}, {@code θ ← θ − γ·v} (with dampening τ > 0, PyTorch's own SGD instead
 * starts with {@code v = g}; with the default τ = 0 both agree).
 * DL4J has no such updater ({@code Nesterovs} is a different method), so the base step is implemented here.
 *
 * <p>Δθ = v (the momentum buffer): the prediction is {@code γ_t·s·v}, no extra state.
 *
 * <pre>.updater(new XSgd(0.1, 1))</pre>
 */
public class XSgd extends XUpdater {

    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_DAMPENING = 0.0;

    private final double momentum;
    private final double dampening;

    /** Default learning rate 0.1, momentum 0.9, dampening 0. */
    public XSgd(int predictionSteps) {
        this(DEFAULT_LEARNING_RATE, predictionSteps);
    }

    public XSgd(double learningRate, int predictionSteps) {
        this(learningRate, null, predictionSteps, DEFAULT_MOMENTUM, DEFAULT_DAMPENING);
    }

    public XSgd(ISchedule learningRateSchedule, int predictionSteps) {
        this(Double.NaN, learningRateSchedule, predictionSteps, DEFAULT_MOMENTUM, DEFAULT_DAMPENING);
    }

    @JsonCreator
    private XSgd(@JsonProperty("learningRate") double learningRate,
                 @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                 @JsonProperty("predictionSteps") int predictionSteps,
                 @JsonProperty("momentum") double momentum,
                 @JsonProperty("dampening") double dampening) {
        super(learningRate, learningRateSchedule, predictionSteps);
        this.momentum = Hyperparameters.unitInterval(name(), "momentum", momentum);
        this.dampening = Hyperparameters.unitInterval(name(), "dampening", dampening);
    }

    public static Builder builder() { return new Builder(); }

    public double getMomentum() { return momentum; }

    public double getDampening() { return dampening; }

    @Override
    protected long baseStateSize(long numParams) { return numParams; }

    @Override
    protected GradientUpdater<?> instantiateBase(INDArray baseStateView, boolean initialize) { return null; }

    @Override
    protected void applyBaseStep(XGradientUpdater updater, INDArray gradient, int iteration, int epoch) {
        INDArray velocity = updater.baseState(0);
        velocity.muli(momentum);
        Nd4j.exec(new Axpy(gradient, velocity, velocity, 1 - dampening));
        gradient.assign(velocity).muli(getLearningRate(iteration, epoch));
    }

    @Override
    protected void writeStepDirection(XGradientUpdater updater, INDArray target, int upcomingIteration) {
        target.assign(updater.baseState(0));
    }

    @Override
    protected double[] hyperparameters() { return new double[] {momentum, dampening}; }

    /** Builder with every hyperparameter of {@link XSgd}. */
    public static class Builder extends XUpdater.Builder<Builder> {
        private double momentum = DEFAULT_MOMENTUM;
        private double dampening = DEFAULT_DAMPENING;

        Builder() {
            super(DEFAULT_LEARNING_RATE);
        }

        /** Momentum μ in [0, 1). */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }

        /** Dampening τ in [0, 1). */
        public Builder dampening(double dampening) { this.dampening = dampening; return this; }

        @Override
        public XSgd build() {
            return new XSgd(learningRate, learningRateSchedule, predictionSteps, momentum, dampening);
        }
    }
}
