package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
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
 * XGrad's Algorithm 1 inside DL4J's training loop. Each iteration:
 * <ol>
 *   <li>cache θ_t in one reusable flat buffer (iteration start: {@link IterationStartHook});</li>
 *   <li>overwrite each X-updater block of the parameter view with {@code θ̂ = θ_t − γ_t·s·Δθ} (eq. 26), from the
 *   updater's current state ({@link WeightPredictor#predictWeights});</li>
 *   <li>DL4J runs the forward and backward pass at θ̂;</li>
 *   <li>restore θ_t ({@code onBackwardPass}, or at the latest {@code onGradientCalculation}), before regularization
 *   and the updaters run;</li>
 *   <li>the updaters (in listener mode: base step only) update θ_t with the gradient taken at θ̂.</li>
 * </ol>
 * Outside an iteration the network holds θ: after {@code fit} returns, in every listener's {@code iterationDone}
 * and {@code onEpochEnd}, in checkpoints and evaluations. Blocks with stock updaters, NoOp or frozen layers are never
 * touched. The first iteration predicts nothing (empty optimizer state).
 *
 * <p>Register it like any listener ({@code net.addListeners(new WeightPredictionListener())}); it installs itself at
 * the first callback it receives ({@code onEpochStart} of {@code fit(iterator)}, or during the first iteration of
 * {@code fit(DataSet)}, which on a fresh network predicts nothing anyway). On a network that already has optimizer
 * state (trained or restored), install it before training with {@link XGrad#enablePrediction} or
 * {@link #install(Model)}; otherwise the first iteration runs without prediction and a warning is logged.
 * See docs/design.md.
 */
public class WeightPredictionListener extends BaseTrainingListener implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(WeightPredictionListener.class);

    /** The networks this listener is installed on (each network's state lives in its own hook). */
    private transient Set<Installation> installations;
    private transient LongAdder predictedIterations;
    private transient LongAdder predictionNanos;
    private transient LongAdder restoreNanos;
    private transient LongAdder lateInstallations;

    public WeightPredictionListener() {
        initTransientState();
    }

    private void initTransientState() {
        installations = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
        predictedIterations = new LongAdder();
        predictionNanos = new LongAdder();
        restoreNanos = new LongAdder();
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
     * gradients accumulator the network already has. Called from every callback; cheap when already installed. One
     * listener may be installed on several networks (e.g. ParallelWrapper's replicas); each keeps its own state.
     */
    public void install(Model model) {
        install(model, false);
    }

    private Installation install(Model model, boolean midIteration) {
        NetworkAccess.requireSupported(model);
        GradientsAccumulator current = NetworkAccess.accumulator(model);
        if (current instanceof IterationStartHook hook) {
            if (hook.listener() != this) {
                throw new IllegalStateException("A second WeightPredictionListener was registered on the same network;"
                        + " one is enough (remove the duplicate)");
            }
            hook.installation().blocks();
            return hook.installation();
        }
        requireStochasticGradientDescent(model);
        Installation installation = new Installation(model);
        installation.blocks();
        NetworkAccess.setAccumulator(model, new IterationStartHook(this, installation, current));
        installations.add(installation);
        if (midIteration && NetworkAccess.iteration(model) > 0 && !installation.blocks().isEmpty()) {
            lateInstallations.increment();
            if (lateInstallations.sum() == 1) {
                LOG.warn("WeightPredictionListener installed itself during iteration {}: that iteration ran without "
                        + "weight prediction. Call XGrad.enablePrediction(net) or listener.install(net) before "
                        + "fit(...) on a network that was already trained or restored. (Later cases for this listener"
                        + " are logged at DEBUG; getLateInstallations() counts them.)", NetworkAccess.iteration(model));
            } else {
                LOG.debug("WeightPredictionListener installed itself during iteration {}",
                        NetworkAccess.iteration(model));
            }
        }
        return installation;
    }

    /** @return this listener's state on {@code model}, or null if it is not installed there. */
    private Installation installationOn(Model model) {
        return NetworkAccess.accumulator(model) instanceof IterationStartHook hook && hook.listener() == this
                ? hook.installation() : null;
    }

    private static void requireStochasticGradientDescent(Model model) {
        OptimizationAlgorithm algo = model.conf().getOptimizationAlgo();
        if (algo != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new IllegalStateException("Weight prediction runs inside DL4J's STOCHASTIC_GRADIENT_DESCENT loop; "
                    + "this network uses " + algo);
        }
    }

    /** Steps 1-2 of Algorithm 1; called by {@link IterationStartHook} right before the forward pass. */
    void beforeIteration(IterationStartHook hook) {
        Installation installation = hook.installation();
        Model model = installation.model();
        if (!NetworkAccess.listeners(model).contains(this)) {
            detach(hook);
            return;
        }
        if (!inputFits(model)) {
            restore(installation);
            return;
        }
        long start = System.nanoTime();
        if (installation.predict(false)) {
            predictedIterations.increment();
        }
        predictionNanos.add(System.nanoTime() - start);
    }

    /**
     * The listener was removed from the network (e.g. by {@code setListeners(...)}): without its callbacks θ could not
     * be restored before the update, so the hook is taken out and the X-updaters go back to updater-only mode, in which
     * training goes on with the same prediction (this iteration included).
     */
    private void detach(IterationStartHook hook) {
        Installation installation = hook.installation();
        Model model = installation.model();
        NetworkAccess.setAccumulator(model, hook.delegate());
        installations.remove(installation);
        installation.predict(true);
        LOG.warn("WeightPredictionListener was removed from the network's listeners: weight prediction continues in "
                + "updater-only mode (XGrad.trueParams(net) gives the true weights)");
    }

    private boolean restore(Installation installation) {
        long start = System.nanoTime();
        boolean restored = installation.restore();
        if (restored) {
            restoreNanos.add(System.nanoTime() - start);
        }
        return restored;
    }

    private void restore(Model model) {
        Installation installation = installationOn(model);
        if (installation != null) {
            restore(installation);
        }
    }

    private List<Installation> installed() {
        synchronized (installations) {
            return new ArrayList<>(installations);
        }
    }

    /**
     * Writes the cached θ back into every network that still holds θ̂: step 4 of Algorithm 1, and the way back after
     * an exception thrown between the forward pass and the update (the next iteration or {@code onEpochEnd} does it
     * too). Call it from the thread that trains the network.
     *
     * @return true if any network's parameters were restored
     */
    public boolean restoreTrueWeights() {
        boolean any = false;
        for (Installation installation : installed()) {
            any |= restore(installation);
        }
        return any;
    }

    /** @return true between the forward pass and the restore, when a network holds θ̂. */
    public boolean isPredictionApplied() {
        return installed().stream().anyMatch(Installation::predictionApplied);
    }

    /** @return how many iterations ran their forward/backward pass at predicted weights (all networks). */
    public long getPredictedIterations() {
        return predictedIterations.sum();
    }

    /** @return bytes of the cached copies of θ (the listener's only parameter-sized memory), over all networks. */
    public long getCacheBytes() {
        return installed().stream().mapToLong(Installation::cacheBytes).sum();
    }

    /** @return wall time spent caching θ and writing θ̂ (steps 1–2), for profiling. */
    public long getPredictionNanos() {
        return predictionNanos.sum();
    }

    /**
     * @return how many iterations ran without prediction because this listener first reached their network after the
     * forward pass had started (a trained network without {@link XGrad#enablePrediction}, or a network DL4J rebuilt
     * mid-training, e.g. ParallelWrapper's trainers)
     */
    public long getLateInstallations() {
        return lateInstallations.sum();
    }

    /** @return wall time spent restoring θ (step 4), for profiling. */
    public long getRestoreNanos() {
        return restoreNanos.sum();
    }

    /**
     * A batch whose width does not match the first layers' nIn would make DL4J throw in the forward pass; no θ̂ is
     * written then, so the exception leaves the network at θ.
     */
    private static boolean inputFits(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return fits(net.getInput(), net.getLayerWiseConfigurations().getConf(0).getLayer(),
                    net.getLayerWiseConfigurations().getInputPreProcess(0));
        }
        ComputationGraph graph = (ComputationGraph) model;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        Map<String, List<String>> vertexInputs = graph.getConfiguration().getVertexInputs();
        for (Map.Entry<String, GraphVertex> e : graph.getConfiguration().getVertices().entrySet()) {
            List<String> in = vertexInputs.get(e.getKey());
            if (!(e.getValue() instanceof LayerVertex lv) || in == null || in.size() != 1 || !inputs.contains(in.get(0))) {
                continue;
            }
            INDArray input = graph.getInput(inputs.indexOf(in.get(0)));
            if (!fits(input, lv.getLayerConf().getLayer(), lv.getPreProcessor())) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(INDArray input, org.deeplearning4j.nn.conf.layers.Layer layer,
                                InputPreProcessor preProcessor) {
        if (input == null || preProcessor != null || input.rank() != 2 || !(layer instanceof FeedForwardLayer ff)
                || ff.getNIn() <= 0) {
            return true;
        }
        return input.size(1) == ff.getNIn();
    }

    // ---------------------------------------------------------------------------------------------------------
    // TrainingListener callbacks
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public void onEpochStart(Model model) {
        install(model);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        install(model, true);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        install(model, true);
    }

    @Override
    public void onBackwardPass(Model model) {
        restore(model);
    }

    @Override
    public void onGradientCalculation(Model model) {
        restore(model);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        install(model, true);
    }

    @Override
    public void onEpochEnd(Model model) {
        restore(install(model, false));
    }
}
