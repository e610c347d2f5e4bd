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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xgrad.updaters.WeightPredictor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private transient PredictedBlocks network;
    private transient List<PredictedBlocks.Block> resolvedBlocks;
    private transient List<INDArray> cachedBlocks;
    private transient INDArray cache;
    private transient boolean predictionApplied;
    private transient long predictedIterations;
    private transient long predictionNanos;
    private transient long restoreNanos;

    public WeightPredictionListener() {
    }

    /**
     * Installs the listener on {@code model} now: X-updaters switch to listener mode (an updater-only prediction still
     * applied to the parameters is taken back first), and the iteration-start hook is put in place, wrapping any
     * gradients accumulator the network already has. Called from every callback; cheap when already installed.
     */
    public void install(Model model) {
        install(model, false);
    }

    private void install(Model model, boolean midIteration) {
        if (network == null || network.model() != model) {
            NetworkAccess.requireSupported(model);
            requireStochasticGradientDescent(model);
            network = new PredictedBlocks(model);
            resolvedBlocks = null;
        }
        List<PredictedBlocks.Block> blocks = network.blocks();
        if (blocks != resolvedBlocks) {
            restoreTrueWeights();
            resolve(blocks);
        }
        GradientsAccumulator current = NetworkAccess.accumulator(model);
        if (current instanceof IterationStartHook hook) {
            if (hook.listener() != this) {
                throw new IllegalStateException("A second WeightPredictionListener was registered on the same network;"
                        + " one is enough (remove the duplicate)");
            }
            return;
        }
        NetworkAccess.setAccumulator(model, new IterationStartHook(this, model, current));
        if (midIteration && NetworkAccess.iteration(model) > 0 && !resolvedBlocks.isEmpty()) {
            LOG.warn("WeightPredictionListener installed itself during iteration {}: that iteration ran without "
                    + "weight prediction. Call XGrad.enablePrediction(net) or listener.install(net) before fit(...) "
                    + "on a network that was already trained or restored.", NetworkAccess.iteration(model));
        }
    }

    private void resolve(List<PredictedBlocks.Block> blocks) {
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            resolveOutsideWorkspaces(blocks);
        }
    }

    private void resolveOutsideWorkspaces(List<PredictedBlocks.Block> blocks) {
        network.addAppliedChanges(network.flatParams(), true);
        for (PredictedBlocks.Block b : blocks) {
            b.predictor().setSelfPredicting(false);
        }
        INDArray flat = network.flatParams();
        if (cache == null || cache.length() != flat.length() || cache.dataType() != flat.dataType()) {
            cache = Nd4j.createUninitialized(flat.dataType(), flat.length());
        }
        List<INDArray> views = new ArrayList<>(blocks.size());
        for (PredictedBlocks.Block b : blocks) {
            views.add(cache.get(NDArrayIndex.interval(b.start(), b.end())));
        }
        cachedBlocks = views;
        resolvedBlocks = blocks;
        predictionApplied = false;
    }

    private static void requireStochasticGradientDescent(Model model) {
        OptimizationAlgorithm algo = model.conf().getOptimizationAlgo();
        if (algo != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new IllegalStateException("Weight prediction runs inside DL4J's STOCHASTIC_GRADIENT_DESCENT loop; "
                    + "this network uses " + algo);
        }
    }

    /** Steps 1-2 of Algorithm 1; called by {@link IterationStartHook} right before the forward pass. */
    void beforeIteration(Model model) {
        if (!NetworkAccess.listeners(model).contains(this)) {
            detach(model);
            return;
        }
        install(model);
        restoreTrueWeights();
        if (resolvedBlocks.isEmpty() || !inputFits(model)) {
            return;
        }
        long start = System.nanoTime();
        INDArray flat = network.flatParams();
        int iteration = NetworkAccess.iteration(model);
        int epoch = NetworkAccess.epoch(model);
        cache.assign(flat);
        predictionApplied = true;
        try {
            boolean any = false;
            for (int i = 0; i < resolvedBlocks.size(); i++) {
                PredictedBlocks.Block b = resolvedBlocks.get(i);
                any |= b.predictor().predictWeights(b.params(), cachedBlocks.get(i), iteration, epoch);
            }
            predictionApplied = any;
            if (any) {
                predictedIterations++;
            }
            predictionNanos += System.nanoTime() - start;
        } catch (RuntimeException | Error e) {
            restoreTrueWeights();
            throw e;
        }
    }

    /**
     * The listener was removed from the network (e.g. by {@code setListeners(...)}): without its callbacks θ could not
     * be restored before the update, so the hook is taken out and the X-updaters go back to updater-only mode, in which
     * training goes on with the same prediction.
     */
    private void detach(Model model) {
        restoreTrueWeights();
        if (NetworkAccess.accumulator(model) instanceof IterationStartHook hook && hook.listener() == this) {
            NetworkAccess.setAccumulator(model, hook.delegate());
        }
        if (resolvedBlocks != null) {
            // this iteration still predicts: θ̂ is written and recorded as applied, the updaters take it from there
            cache.assign(network.flatParams());
            int iteration = NetworkAccess.iteration(model);
            int epoch = NetworkAccess.epoch(model);
            for (int i = 0; i < resolvedBlocks.size(); i++) {
                WeightPredictor predictor = resolvedBlocks.get(i).predictor();
                predictor.setSelfPredicting(true);
                predictor.predictWeights(resolvedBlocks.get(i).params(), cachedBlocks.get(i), iteration, epoch);
                predictor.markPredictionApplied(iteration, epoch);
            }
        }
        network = null;
        resolvedBlocks = null;
        LOG.warn("WeightPredictionListener was removed from the network's listeners: weight prediction continues in "
                + "updater-only mode (XGrad.trueParams(net) gives the true weights)");
    }

    /**
     * Writes the cached θ back if θ̂ is still in the network: step 4 of Algorithm 1, and the way back after an
     * exception thrown between the forward pass and the update (the next iteration or {@code onEpochEnd} does it too).
     *
     * @return true if the parameters were restored
     */
    public boolean restoreTrueWeights() {
        if (!predictionApplied) {
            return false;
        }
        long start = System.nanoTime();
        for (int i = 0; i < resolvedBlocks.size(); i++) {
            resolvedBlocks.get(i).params().assign(cachedBlocks.get(i));
        }
        predictionApplied = false;
        restoreNanos += System.nanoTime() - start;
        return true;
    }

    /** @return true between the forward pass and the restore, when the network holds θ̂. */
    public boolean isPredictionApplied() {
        return predictionApplied;
    }

    /** @return how many iterations ran their forward/backward pass at predicted weights. */
    public long getPredictedIterations() {
        return predictedIterations;
    }

    /** @return bytes of the cached copy of θ (the listener's only parameter-sized memory). */
    public long getCacheBytes() {
        return cache == null ? 0 : cache.length() * cache.dataType().width();
    }

    /** @return wall time spent caching θ and writing θ̂ (steps 1–2), for profiling. */
    public long getPredictionNanos() {
        return predictionNanos;
    }

    /** @return wall time spent restoring θ (step 4), for profiling. */
    public long getRestoreNanos() {
        return restoreNanos;
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
        restoreTrueWeights();
    }

    @Override
    public void onGradientCalculation(Model model) {
        restoreTrueWeights();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        install(model, true);
    }

    @Override
    public void onEpochEnd(Model model) {
        restoreTrueWeights();
        install(model);
    }
}
