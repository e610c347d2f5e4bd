package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;

/**
 * XGrad on SGD with heavy-ball momentum (paper Table I, row "SGDM"), as the authors' code computes it:
 * {@code v ← μ·v + (1−τ)·g} from {@code v = 0}, {@code θ ← θ − γ·v} (with dampening τ > 0, PyTorch's own SGD instead
 * starts with {@code v = g}; with the default τ = 0 both agree).
 * DL4J has no such updater ({@code Nesterovs} is a different method), so the base step is implemented here. DL4J's
 * plain {@code Sgd} (no momentum) has its own twin, {@link XSgd}.
 *
 * <p>Δθ = v (the momentum buffer): the prediction is {@code γ_t·s·v}, no extra state.
 *
 * <pre>.updater(new XSgdm(0.1, 1))   // learning rate 0.1, momentum 0.9</pre>
 */
public class XSgdm extends XUpdater {

    /** The default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** The default momentum μ. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** The default dampening τ. */
    public static final double DEFAULT_DAMPENING = 0.0;

    /** The momentum μ. */
    private final double momentum;
    /** The dampening τ. */
    private final double dampening;

    /** Default learning rate 0.1, momentum 0.9, dampening 0. */
    public XSgdm(int predictionSteps) { this(DEFAULT_LEARNING_RATE, predictionSteps); }
    /** Learning rate and s; momentum 0.9, dampening 0. */
    public XSgdm(double learningRate, int predictionSteps) { this(builder().rate(learningRate, null, predictionSteps)); }
    /** A learning-rate schedule and s; momentum 0.9, dampening 0. */
    public XSgdm(ISchedule schedule, int predictionSteps) { this(builder().rate(Double.NaN, schedule, predictionSteps)); }

    @JsonCreator(mode = DELEGATING)
    private XSgdm(Builder b) {
        super(b);
        this.momentum = Hyperparameters.unitInterval(name(), "momentum", b.momentum);
        this.dampening = Hyperparameters.unitInterval(name(), "dampening", b.dampening);
    }

    /** @return a builder with every hyperparameter at its default */
    public static Builder builder() { return new Builder(); }

    /** @return the momentum μ */
    public double getMomentum() { return momentum; }

    /** @return the dampening τ */
    public double getDampening() { return dampening; }

    @Override
    protected long baseStateSize(long numParams) { return numParams; }

    @Override
    Kernel kernel(BlockState state) {
        INDArray velocity = state.stockArray(0);
        return Kernel.of((gradient, theta, iteration, epoch) -> {
            velocity.muli(momentum);
            Nd4j.exec(new Axpy(gradient, velocity, velocity, 1 - dampening));
            gradient.assign(velocity).muli(getLearningRate(iteration, epoch));
        }, k -> Direction.of(velocity));
    }

    @Override
    protected Map<String, Double> hyperparameters() { return named("momentum", momentum, "dampening", dampening); }

    /** Every hyperparameter of {@link XSgdm}, at its default. */
    public static final class Builder extends XUpdater.Builder<Builder> {
        @JsonProperty("momentum")
        private double momentum = DEFAULT_MOMENTUM;
        @JsonProperty("dampening")
        private double dampening = DEFAULT_DAMPENING;

        Builder() { super(DEFAULT_LEARNING_RATE); }

        /** Momentum μ in [0, 1). */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }

        /** Dampening τ in [0, 1). */
        public Builder dampening(double dampening) { this.dampening = dampening; return this; }

        @Override
        public XSgdm build() { return new XSgdm(this); }
    }
}
