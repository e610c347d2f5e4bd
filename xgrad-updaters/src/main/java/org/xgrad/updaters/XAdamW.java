package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import static org.nd4j.shade.jackson.annotation.JsonCreator.Mode.DELEGATING;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * XGrad on AdamW (paper Table I, row "AdamW"; the decoupled decay of eq. 19): decoupled weight decay
 * {@code θ ← θ − γλθ − γ·adam_step} (eq. 19), λ given here and applied exactly once.
 *
 * <p><b>How λ reaches the parameters.</b> A DL4J {@code GradientUpdater} only sees the gradient, so the updater is
 * given its block's parameter view by {@code XGrad.attach(network)} (the {@code WeightPredictionListener} does this
 * itself). The decay is added to the update with the same {@code Axpy} op as DL4J's {@code WeightDecay(λ, true)},
 * on the true θ (in updater-only mode, θ = parameter view + applied prediction). Without the parameters, the first
 * update throws a clear {@link IllegalStateException} before anything changes: the decay is never silently dropped.
 * Do not also configure {@code .weightDecay(λ)} on the network: in DL4J 1.0.0-M2.1 it registers WeightDecay twice.
 *
 * <p>Δθ = Adam's {@code √(1−β2^t)/(1−β1^t) · m/(√v+ε)} (the decay is not extrapolated, as in the paper's eq. 22→23
 * and Table I); with λ = 0 this is exactly {@link XAdam}.
 *
 * <pre>.updater(new XAdamW(1e-3, 1, 5e-4))</pre>
 */
public class XAdamW extends XAdamFamily {

    /** PyTorch's AdamW default. */
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /** The decoupled weight decay λ. */
    private final double weightDecay;

    /** s prediction steps; default learning rate 1e-3, weight decay 1e-2, β1 0.9, β2 0.999, ε 1e-8. */
    public XAdamW(int steps) { this(DEFAULT_LEARNING_RATE, steps); }

    /** Learning rate and s; weight decay λ 1e-2, β1, β2, ε at their defaults. */
    public XAdamW(double learningRate, int steps) { this(learningRate, steps, DEFAULT_WEIGHT_DECAY); }

    /** Learning rate, s and the decoupled weight decay λ; β1, β2, ε at their defaults. */
    public XAdamW(double learningRate, int steps, double weightDecay) {
        this(builder().rate(learningRate, null, steps).weightDecay(weightDecay));
    }

    /** A learning-rate schedule and s; weight decay λ 1e-2, β1, β2, ε at their defaults. */
    public XAdamW(ISchedule schedule, int steps) { this(schedule, steps, DEFAULT_WEIGHT_DECAY); }

    /** A learning-rate schedule, s and the decoupled weight decay λ; β1, β2, ε at their defaults. */
    public XAdamW(ISchedule schedule, int steps, double weightDecay) {
        this(builder().rate(Double.NaN, schedule, steps).weightDecay(weightDecay));
    }

    @JsonCreator(mode = DELEGATING)
    private XAdamW(Builder settings) {
        super(settings, Adam::new);
        this.weightDecay = Hyperparameters.nonNegative(name(), "weightDecay", settings.weightDecay);
    }

    /** @return a builder with every hyperparameter at its default */
    public static Builder builder() { return new Builder(); }

    /** @return the decoupled weight decay λ */
    public double getWeightDecay() { return weightDecay; }

    /** @return this updater with decoupled weight decay {@code weightDecay} instead (every other setting the same) */
    public XAdamW withWeightDecay(double weightDecay) {
        return builder().rate(learningRate, learningRateSchedule, predictionSteps).beta1(getBeta1()).beta2(getBeta2())
                .epsilon(getEpsilon()).weightDecay(weightDecay).build();
    }

    @Override
    boolean readsTrueWeights() { return weightDecay > 0; }

    /** Adam's stock step, then {@code u += γλθ} on the true θ; Δθ is Adam's. */
    @Override
    Kernel kernel(BlockState state) {
        Kernel adam = super.kernel(state);
        return Kernel.of((gradient, theta, iteration, epoch) -> {
            adam.step(gradient, theta, iteration, epoch);
            if (weightDecay > 0) {
                theta.addTo(gradient, getLearningRate(iteration, epoch) * weightDecay);
            }
        }, adam::direction);
    }

    @Override
    protected Map<String, Double> hyperparameters() {
        Map<String, Double> all = super.hyperparameters();
        all.put("weightDecay", weightDecay);
        return all;
    }

    /** Every hyperparameter of {@link XAdamW}, at its default. */
    public static final class Builder extends XAdamFamily.Builder<XAdamW, Builder> {
        @JsonProperty("weightDecay")
        private double weightDecay = DEFAULT_WEIGHT_DECAY;

        Builder() { super(DEFAULT_EPSILON); }

        /** Decoupled weight decay λ ≥ 0 (eq. 19). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }

        @Override
        public XAdamW build() { return new XAdamW(this); }
    }
}
