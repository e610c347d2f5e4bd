package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * XGrad's Algorithm 1 inside DL4J's training loop, for every network this listener is registered on. Each iteration
 * θ_t is cached and θ̂ written at the iteration start ({@link IterationStartHook}, the one DL4J event before the
 * forward pass), θ_t is restored at {@code onBackwardPass}, at the latest {@code onGradientCalculation} (before
 * regularization and the updaters), and the X-updaters apply the base step to θ_t. The steps themselves live in
 * {@link NetworkPrediction}; this class installs it and calls it from the callbacks.
 *
 * <p>Outside an iteration the network holds θ: after {@code fit} returns, in every listener's {@code iterationDone}
 * and {@code onEpochEnd}, in checkpoints and evaluations. Blocks with stock updaters, NoOp or frozen layers are never
 * touched. The first iteration predicts nothing (empty optimizer state).
 *
 * <p>Register it like any listener ({@code net.addListeners(new WeightPredictionListener())}); it installs itself at
 * the first callback it receives ({@code onEpochStart} of {@code fit(iterator)}, or during the first iteration of
 * {@code fit(DataSet)}, which on a fresh network predicts nothing anyway). On a network that already has optimizer
 * state (trained or restored), install it before training with {@link XGrad#enablePrediction} or
 * {@link #install(Model)}; otherwise the first iteration runs without prediction and a warning is logged. One
 * listener may serve several networks (ParallelWrapper replicas, Spark workers in one JVM): each network's state is
 * its own {@link NetworkPrediction}. See docs/design.md.
 */
public class WeightPredictionListener extends BaseTrainingListener implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(WeightPredictionListener.class);

    /** The networks this listener is installed on. */
    private transient Set<NetworkPrediction> networks;
    private transient Prediction.Counters counters;
    private transient LongAdder lateInstallations;
    private transient boolean warnedNonFinite;
    /** Whether a non-finite gradient throws. */
    private boolean failOnNonFinite;

    /** A listener for one network: add it with {@code net.addListeners(...)}, or use {@link XGrad#enablePrediction}. */
    public WeightPredictionListener() {
        initTransientState();
    }

    private void initTransientState() {
        networks = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
        counters = Prediction.Counters.create();
        lateInstallations = new LongAdder();
    }

    /** Spark and ParallelWrapper hand listeners to workers as serialized copies: each copy starts uninstalled. */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        initTransientState();
    }

    /**
     * Installs the listener on {@code model} now: X-updaters switch to listener mode (an updater-only prediction still
     * applied to the parameters is taken back first), and the iteration-start hook is put in place, wrapping any
     * gradients accumulator the network already has. Called from every callback; cheap when already installed.
     */
    public void install(Model model) {
        on(model, false);
    }

    /** @return this listener's prediction on {@code model}, installed first if it is not there yet */
    private NetworkPrediction on(Model model, boolean midIteration) {
        NetworkPrediction prediction = IterationStartHook.installed(model, this);
        if (prediction != null) {
            prediction.sync();
            return prediction;
        }
        prediction = IterationStartHook.install(model, this, counters);
        networks.add(prediction);
        int iteration = NetworkAccess.iteration(model);
        if (midIteration && iteration > 0 && !prediction.blocks().isEmpty()) {
            lateInstallations.increment();
            if (lateInstallations.sum() == 1) {
                LOG.warn("WeightPredictionListener installed itself during iteration {}: that iteration ran without "
                        + "weight prediction. Call XGrad.enablePrediction(net) or listener.install(net) before "
                        + "fit(...) on a network that was already trained or restored. (Later cases for this listener"
                        + " are logged at DEBUG; getLateInstallations() counts them.)", iteration);
            } else {
                LOG.debug("WeightPredictionListener installed itself during iteration {}", iteration);
            }
        }
        return prediction;
    }

    /**
     * Opt-in check of every gradient, before the update (one reduction over the gradient per iteration): a NaN or
     * infinite gradient throws {@link NonFiniteGradientException} from {@code fit}, the update is not applied, and the
     * network keeps θ and its optimizer state, so training can continue from there. Without it DL4J applies the
     * update, the weights become non-finite, and this listener logs one warning when the training loss does.
     *
     * @return this listener
     */
    public WeightPredictionListener failOnNonFinite(boolean fail) {
        this.failOnNonFinite = fail;
        return this;
    }

    private List<NetworkPrediction> installed() {
        synchronized (networks) {
            return new ArrayList<>(networks);
        }
    }

    /**
     * Writes the cached θ back into every network that still holds θ̂: step 4 of Algorithm 1, and the way back after
     * an exception thrown between the forward pass and the update (the next iteration or {@code onEpochEnd} does it
     * too). Call it from the thread that trains the network.
     *
     * @return true if any network's parameters were restored
     */
    public boolean restoreTrueParams() {
        boolean any = false;
        for (NetworkPrediction prediction : installed()) {
            any |= prediction.restore();
        }
        return any;
    }

    /** @return true between the forward pass and the restore, when a network holds θ̂. */
    public boolean isPredictionApplied() { return installed().stream().anyMatch(NetworkPrediction::predictionApplied); }

    /** @return how many iterations ran their forward/backward pass at predicted weights (all networks). */
    public long getPredictedIterations() { return counters.predictedIterations().sum(); }

    /** @return bytes of the cached copies of θ (the listener's only parameter-sized memory), over all networks. */
    public long getCacheBytes() { return installed().stream().mapToLong(NetworkPrediction::cacheBytes).sum(); }

    /** @return wall time spent caching θ and writing θ̂ (steps 1–2), for profiling. */
    public long getPredictionNanos() { return counters.predictionNanos().sum(); }

    /** @return wall time spent restoring θ (step 4), for profiling. */
    public long getRestoreNanos() { return counters.restoreNanos().sum(); }

    /**
     * @return how many iterations ran without prediction because this listener first reached their network after the
     * forward pass had started (a trained network without {@link XGrad#enablePrediction}, or a network DL4J rebuilt
     * mid-training, e.g. ParallelWrapper's trainers)
     */
    public long getLateInstallations() { return lateInstallations.sum(); }

    private void restore(Model model) {
        NetworkPrediction prediction = IterationStartHook.installed(model, this);
        if (prediction != null) {
            prediction.restore();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // TrainingListener callbacks
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public void onEpochStart(Model model) {
        on(model, false);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        on(model, true);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        on(model, true);
    }

    @Override
    public void onBackwardPass(Model model) {
        restore(model);
    }

    @Override
    public void onGradientCalculation(Model model) {
        restore(model);
        if (failOnNonFinite && model.getGradientsViewArray() != null
                && !Double.isFinite(model.getGradientsViewArray().sumNumber().doubleValue())) {
            throw new NonFiniteGradientException(NetworkAccess.iteration(model));
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        on(model, true);
        if (!warnedNonFinite && !Double.isFinite(model.score())) {
            warnedNonFinite = true;
            LOG.warn("The training loss is {} at iteration {}: DL4J applied a non-finite update and the weights are "
                    + "not finite from here on. WeightPredictionListener.failOnNonFinite(true) stops such an "
                    + "iteration before its update.", model.score(), iteration);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        on(model, false).restore();
    }
}
