package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.WeightPredictor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Algorithm 1 on one network, in the network's own flat parameter array:
 * <ol>
 *   <li>{@link #predict()} — steps 1–2: cache θ_t, then write {@code θ̂ = θ_t − γ·s·Δθ} into every X-updater block
 *   ({@link WeightPredictor#predictWeights}, from the updater's current state);</li>
 *   <li>DL4J's forward and backward pass at θ̂ (step 3);</li>
 *   <li>{@link #restore()} — step 4: write θ_t back, before regularization and the updaters;</li>
 *   <li>the X-updaters in {@link PredictionMode#LISTENER} mode apply the base step to θ_t (step 5).</li>
 * </ol>
 * The mode is handed over explicitly: {@link #takeOverFromUpdaters()} (the updaters may have applied a prediction in
 * updater-only mode: it is taken out, θ is in the network, the listener predicts from now on) and
 * {@link #handOverToUpdaters()} (θ̂ of the current iteration is written and the updaters carry it on). For
 * updater-only use without a listener, {@link #trueParams()} and {@link #restoreTrueParams()} read and write θ.
 *
 * <p>Only X-updater blocks are touched: blocks of stock updaters, NoOp and frozen layers never are. The blocks are
 * resolved once per DL4J updater instance (DL4J builds a new one whenever the parameter layout changes). A network
 * is trained by one thread at a time; nothing here is shared between networks.
 */
final class NetworkPrediction {

    /** One X-updater block: its predictor and its slice [start, end) of the flat parameters. */
    record Block(WeightPredictor predictor, long start, long end, INDArray params) {
    }

    /** Counters a listener keeps over all its networks, for profiling. */
    record Counters(LongAdder predictedIterations, LongAdder predictionNanos, LongAdder restoreNanos) {
        static Counters create() { return new Counters(new LongAdder(), new LongAdder(), new LongAdder()); }
    }

    private final Model model;
    private final Counters counters;
    private PredictionMode mode;
    private BaseMultiLayerUpdater<?> resolvedFrom;
    private INDArray flatParams;
    private List<Block> blocks = List.of();
    /** θ_t while θ̂ is in the network (listener mode), allocated at the first prediction; one view per block. */
    private INDArray cache;
    private List<INDArray> cachedBlocks;
    private boolean predictionApplied;

    /**
     * @param mode LISTENER: this object predicts (a listener's); UPDATER_ONLY: the updaters do (the {@code XGrad}
     *             helpers)
     */
    NetworkPrediction(Model model, PredictionMode mode, Counters counters) {
        NetworkAccess.requireSupported(model);
        this.model = model;
        this.mode = mode;
        this.counters = counters;
    }

    Model model() { return model; }

    /**
     * @return the X-updater blocks, resolved again if DL4J replaced the network's updater since the last call (then
     * also given their parameter views, and in listener mode taken over from updater-only mode)
     */
    List<Block> blocks() {
        BaseMultiLayerUpdater<?> current = NetworkAccess.updater(model);
        // ComputationGraph.params() returns a new view object on every call: the updater instance tells whether the
        // views are still valid
        if (current != resolvedFrom) {
            restore();
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                resolve(current);
                if (mode == PredictionMode.LISTENER) {
                    takeOverFromUpdaters();
                }
            }
        }
        return blocks;
    }

    /** Views kept across iterations: created outside any workspace (callbacks may run inside one). */
    private void resolve(BaseMultiLayerUpdater<?> updater) {
        INDArray params = model.params();
        flatParams = params.reshape(params.length());
        List<Block> found = new ArrayList<>();
        for (UpdaterBlock ub : updater.getUpdaterBlocks()) {
            if (ub.getGradientUpdater() instanceof WeightPredictor predictor
                    && ub.getParamOffsetEnd() > ub.getParamOffsetStart()) {
                INDArray view = flatParams.get(NDArrayIndex.interval(ub.getParamOffsetStart(), ub.getParamOffsetEnd()));
                predictor.attachParameters(view);
                found.add(new Block(predictor, ub.getParamOffsetStart(), ub.getParamOffsetEnd(), view));
            }
        }
        blocks = List.copyOf(found);
        resolvedFrom = updater;
        cache = null;
        cachedBlocks = null;
        predictionApplied = false;
    }

    /**
     * Steps 1–2 of Algorithm 1: caches θ_t and writes θ̂ into every X-updater block.
     *
     * @return true if any block was predicted (false at the first iteration: empty optimizer state)
     */
    boolean predict() {
        List<Block> current = blocks();
        restore();
        if (current.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        int iteration = NetworkAccess.iteration(model);
        int epoch = NetworkAccess.epoch(model);
        cacheTheta();
        predictionApplied = true; // from the first block written on: an exception below restores θ_t
        try {
            boolean any = false;
            for (int i = 0; i < current.size(); i++) {
                any |= current.get(i).predictor().predictWeights(current.get(i).params(), cachedBlocks.get(i),
                        iteration, epoch);
            }
            predictionApplied = any;
            if (any) {
                counters.predictedIterations().increment();
            }
            return any;
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        } finally {
            counters.predictionNanos().add(System.nanoTime() - start);
        }
    }

    private void cacheTheta() {
        if (cache == null) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                cache = Nd4j.createUninitialized(flatParams.dataType(), flatParams.length());
                List<INDArray> views = new ArrayList<>(blocks.size());
                for (Block b : blocks) {
                    views.add(cache.get(NDArrayIndex.interval(b.start(), b.end())));
                }
                cachedBlocks = views;
            }
        }
        cache.assign(flatParams);
    }

    /** Step 4 of Algorithm 1: writes the cached θ_t back if θ̂ is in the network. */
    boolean restore() {
        if (!predictionApplied) {
            return false;
        }
        long start = System.nanoTime();
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).params().assign(cachedBlocks.get(i));
        }
        predictionApplied = false;
        counters.restoreNanos().add(System.nanoTime() - start);
        return true;
    }

    /** @return true between {@link #predict()} and {@link #restore()}, when the network holds θ̂ */
    boolean predictionApplied() { return predictionApplied; }

    /**
     * From updater-only to listener mode: a prediction the X-updaters applied is taken out of the parameters (they
     * hold θ then) and every block applies the base step alone from now on.
     */
    void takeOverFromUpdaters() {
        addAppliedChanges(flatParams);
        for (Block b : blocks) {
            b.predictor().setMode(PredictionMode.LISTENER, WeightPredictor.NOTHING_APPLIED, 0);
        }
        mode = PredictionMode.LISTENER;
    }

    /**
     * From listener to updater-only mode, within an iteration that has not run yet: θ̂ of this iteration is written
     * and the X-updaters are told so; they take it back in their update and apply the next prediction themselves,
     * so training continues with the same prediction.
     */
    void handOverToUpdaters() {
        List<Block> current = blocks();
        restore();
        mode = PredictionMode.UPDATER_ONLY;
        if (current.isEmpty()) {
            return;
        }
        int iteration = NetworkAccess.iteration(model);
        int epoch = NetworkAccess.epoch(model);
        cacheTheta();
        predictionApplied = true;
        try {
            for (int i = 0; i < current.size(); i++) {
                WeightPredictor predictor = current.get(i).predictor();
                predictor.predictWeights(current.get(i).params(), cachedBlocks.get(i), iteration, epoch);
                predictor.setMode(PredictionMode.UPDATER_ONLY, iteration, epoch);
            }
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        }
        predictionApplied = false; // the updaters own θ̂ now
        cache = null;
        cachedBlocks = null;
    }

    /** @return a new array with θ: the parameters plus the prediction updater-only blocks have applied */
    INDArray trueParams() {
        blocks();
        INDArray copy;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            copy = flatParams.dup();
        }
        addAppliedChanges(copy);
        return copy;
    }

    /**
     * Writes θ into the parameters of updater-only blocks, which then record that nothing is applied.
     *
     * @return true if the parameters changed
     */
    boolean restoreTrueParams() {
        blocks();
        boolean changed = addAppliedChanges(flatParams);
        for (Block b : blocks) {
            if (b.predictor().getMode() == PredictionMode.UPDATER_ONLY) {
                b.predictor().setMode(PredictionMode.UPDATER_ONLY, WeightPredictor.NOTHING_APPLIED, 0);
            }
        }
        return changed;
    }

    /** Adds to {@code flatTarget} the prediction each updater-only block has applied (θ̂ + P = θ). */
    private boolean addAppliedChanges(INDArray flatTarget) {
        int iteration = NetworkAccess.iteration(model);
        boolean any = false;
        for (Block b : blocks) {
            if (b.predictor().getMode() != PredictionMode.UPDATER_ONLY) {
                continue;
            }
            INDArray applied = Nd4j.createUninitialized(flatTarget.dataType(), b.end() - b.start());
            if (b.predictor().appliedWeightChange(applied, iteration)) {
                flatTarget.get(NDArrayIndex.interval(b.start(), b.end())).addi(applied);
                any = true;
            }
        }
        return any;
    }

    long cacheBytes() { return cache == null ? 0 : cache.length() * cache.dataType().width(); }
}
