package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * XGrad on any DL4J updater: {@code new XWrapped(new Nesterovs(0.1, 0.9), 1)}, {@code new XWrapped(new AdaDelta(), 1)},
 * or an {@code IUpdater} of your own. The base optimizer's own {@code GradientUpdater} runs unchanged on its part of
 * the state (bit for bit); the wrapper keeps the last step it applied, per unit learning rate, in one extra N-array.
 *
 * <p>The prediction is the library's definition of {@code γ·s·Δθ} (docs/algorithm.md), with Δθ read from that array
 * instead of the optimizer's state:
 * <pre>
 *   Δθ = u_t / γ_t              (u_t: the update the base applied at step t, γ_t: its learning rate)
 *   θ̂ = θ − s·γ_{t+1}·Δθ = θ − s·(γ_{t+1}/γ_t)·u_t
 * </pre>
 * For a base without a learning rate (AdaDelta) γ is 1: θ̂ = θ − s·u_t. For the optimizers of Table I this is the same
 * prediction as their dedicated X-updater (which reads Δθ from the state and needs no extra array): see
 * docs/algorithm.md, "Dedicated or wrapped".
 *
 * <p>The learning rate and its schedule are the base's: DL4J sets and reads them there.
 */
@JsonIgnoreProperties({"learningRate", "learningRateSchedule"})
public class XWrapped extends XUpdater {

    /** The wrapped DL4J updater. */
    private IUpdater base;

    /**
     * @param base  the optimizer to predict with (not an X-updater: those predict already)
     * @param steps prediction steps s ≥ 0 (0 = the base optimizer exactly)
     */
    @JsonCreator
    public XWrapped(@JsonProperty("base") IUpdater base, @JsonProperty("predictionSteps") int steps) {
        super(steps);
        if (base == null) {
            throw new IllegalArgumentException("XWrapped: base must be a DL4J IUpdater, got null");
        }
        if (base instanceof XUpdater) {
            XUpdater x = (XUpdater) base;
            throw new IllegalArgumentException("XWrapped: base " + x.name() + " is an X-updater, which predicts "
                    + "already; use it directly (or wrap its stockTwin())");
        }
        this.base = base.clone();
    }

    /** @return a copy of the wrapped configuration */
    public IUpdater getBase() { return base.clone(); }

    @Override
    public IUpdater stockTwin() { return base.clone(); }

    @Override
    protected long baseStateSize(long numParams) { return base.stateSize(numParams); }

    @Override
    protected int extraStateArrays() { return 1; }

    @Override
    GradientUpdater<?> instantiateStock(INDArray stockView, boolean initialize) {
        return instantiate(base, stockView, initialize);
    }

    /** The learning rate lives in the base configuration itself: nothing to copy. */
    @Override
    void synchronizeStock(IUpdater stock) {
    }

    /** The base step, then Δθ = u_t/γ_t into the extra array (zero when γ_t = 0: the step was zero too). */
    @Override
    Kernel kernel(BlockState state) {
        INDArray lastStep = state.extra(0);
        return Kernel.of((gradient, theta, iteration, epoch) -> {
            state.stockStep(gradient, iteration, epoch);
            double gamma = predictionRate(iteration, epoch);
            if (gamma == 0) {
                lastStep.assign(0);
            } else {
                lastStep.assign(gradient);
                if (gamma != 1) {
                    lastStep.divi(gamma);
                }
            }
        }, k -> Direction.of(lastStep));
    }

    @Override
    protected double predictionRate(int iteration, int epoch) {
        return base.hasLearningRate() ? getLearningRate(iteration, epoch) : 1;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        double rate = base.getLearningRate(iteration, epoch);
        return base.hasLearningRate() ? checkedRate(rate, iteration, epoch) : rate;
    }

    @Override
    public boolean hasLearningRate() { return base.hasLearningRate(); }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) { base.setLrAndSchedule(lr, lrSchedule); }

    @Override
    protected Map<String, Double> hyperparameters() { return Map.of(); }

    @Override
    public XWrapped clone() {
        XWrapped copy = (XWrapped) super.clone();
        copy.base = base.clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) { return super.equals(o) && base.equals(((XWrapped) o).base); }

    @Override
    public int hashCode() { return Objects.hash(super.hashCode(), base); }

    @Override
    public String toString() { return name() + "(" + base + ", predictionSteps=" + predictionSteps + ")"; }

    /** For the named twins ({@link XSgd}, {@link XNesterovs}, {@link XAdaDelta}): checks the base's type. */
    static IUpdater require(Class<? extends IUpdater> type, IUpdater base, String twin) {
        if (base != null && !type.isInstance(base)) {
            throw new IllegalArgumentException(twin + ": base must be DL4J's " + type.getSimpleName() + ", got "
                    + base.getClass().getSimpleName() + " (use XWrapped for other updaters)");
        }
        return base;
    }
}
