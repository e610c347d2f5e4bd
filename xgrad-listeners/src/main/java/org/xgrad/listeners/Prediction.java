package org.xgrad.listeners;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.WeightPredictor;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Algorithm 1 on the X-updater blocks of one model, in the model's own parameter arrays:
 * <ol>
 *   <li>{@link #predict()} — steps 1–2: cache θ_t, then write {@code θ̂ = θ_t − γ·s·Δθ} into every block
 *   ({@link WeightPredictor#predictWeights}, from the updater's current state);</li>
 *   <li>the framework's forward and backward pass at θ̂ (step 3);</li>
 *   <li>{@link #restore()} — step 4: write θ_t back, before regularization and the updaters;</li>
 *   <li>the X-updaters in {@link PredictionMode#LISTENER} mode apply the base step to θ_t (step 5).</li>
 * </ol>
 * The mode is handed over explicitly: {@link #takeOverFromUpdaters()} (the updaters may have applied a prediction in
 * updater-only mode: it is taken out, θ is in the parameters, this object predicts from now on) and
 * {@link #handOverToUpdaters()} (θ̂ of the current iteration is written and the updaters carry it on). For
 * updater-only use, {@link #trueBlocks()} and {@link #restoreTrueParams()} read and write θ.
 *
 * <p>A subclass says where the blocks are: {@link NetworkPrediction} (slices of a DL4J network's flat parameters),
 * {@link SameDiffPrediction} (a SameDiff graph's trainable variables). Only X-updater blocks are ever touched. A model
 * is trained by one thread at a time; nothing here is shared between models.
 */
abstract class Prediction {

    /** One X-updater block: its predictor and its parameters (a view into the model). */
    record Block(String name, WeightPredictor predictor, INDArray params) {
        long length() { return params.length(); }
    }

    /** Counters a listener keeps over all its models, for profiling. */
    record Counters(LongAdder predictedIterations, LongAdder predictionNanos, LongAdder restoreNanos) {
        static Counters create() { return new Counters(new LongAdder(), new LongAdder(), new LongAdder()); }
    }

    private final Counters counters;
    private PredictionMode mode;
    private List<Block> blocks = List.of();
    /** θ_t of each block while θ̂ is in the model (listener mode), allocated at the first prediction. */
    private INDArray[] cache;
    /** Per block: θ̂ is in its parameters now. */
    private boolean[] applied = new boolean[0];

    /**
     * @param mode LISTENER: this object predicts (a listener's); UPDATER_ONLY: the updaters do (the {@code XGrad}
     *             helpers)
     */
    Prediction(PredictionMode mode, Counters counters) {
        this.mode = mode;
        this.counters = counters;
    }

    /** @return the model's X-updater blocks now; the same list instance as long as they are unchanged */
    protected abstract List<Block> currentBlocks();

    /** @return the upcoming iteration (the model's iteration count) */
    protected abstract int iteration();

    /** @return the upcoming epoch (the model's epoch count) */
    protected abstract int epoch();

    /**
     * @return the X-updater blocks, taken again if the model's updaters changed since the last call (then also given
     * their parameter views, and in listener mode taken over from updater-only mode)
     */
    final List<Block> blocks() {
        List<Block> current = currentBlocks();
        if (current != blocks) {
            restore();
            blocks = current;
            cache = null;
            applied = new boolean[current.size()];
            for (Block b : current) {
                b.predictor().attachParameters(b.params());
            }
            if (mode == PredictionMode.LISTENER) {
                takeOverFromUpdaters();
            }
        }
        return blocks;
    }

    /**
     * Steps 1–2 of Algorithm 1: caches θ_t and writes θ̂ into every X-updater block.
     *
     * @return true if any block was predicted (false at the first iteration: empty optimizer state)
     */
    final boolean predict() {
        List<Block> current = blocks();
        restore();
        if (current.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        try {
            boolean any = writePredictions(current);
            if (any) {
                counters.predictedIterations().increment();
            }
            return any;
        } finally {
            counters.predictionNanos().add(System.nanoTime() - start);
        }
    }

    /** θ_t into the cache, θ̂ into the parameters, block by block; on an exception θ_t goes back. */
    private boolean writePredictions(List<Block> current) {
        int iteration = iteration();
        int epoch = epoch();
        allocateCache();
        boolean any = false;
        try {
            for (int i = 0; i < current.size(); i++) {
                Block b = current.get(i);
                cache[i].assign(b.params());
                applied[i] = true;
                applied[i] = b.predictor().predictWeights(b.params(), cache[i], iteration, epoch);
                any |= applied[i];
            }
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        }
        return any;
    }

    private void allocateCache() {
        if (cache == null) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                cache = new INDArray[blocks.size()];
                for (int i = 0; i < cache.length; i++) {
                    cache[i] = Nd4j.createUninitialized(blocks.get(i).params().dataType(), blocks.get(i).length());
                }
            }
        }
    }

    /** Step 4 of Algorithm 1: writes the cached θ_t back into every block that holds θ̂. */
    final boolean restore() {
        boolean any = false;
        for (int i = 0; i < applied.length; i++) {
            any |= restore(i);
        }
        return any;
    }

    /** Step 4 for block {@code index} alone (SameDiff updates its variables one by one). */
    final boolean restore(int index) {
        if (!applied[index]) {
            return false;
        }
        long start = System.nanoTime();
        blocks.get(index).params().assign(cache[index].reshape(blocks.get(index).params().shape()));
        applied[index] = false;
        counters.restoreNanos().add(System.nanoTime() - start);
        return true;
    }

    /** @return true between {@link #predict()} and {@link #restore()}, when a block holds θ̂ */
    final boolean predictionApplied() {
        for (boolean a : applied) {
            if (a) {
                return true;
            }
        }
        return false;
    }

    /**
     * From updater-only to listener mode: a prediction the X-updaters applied is taken out of the parameters (they
     * hold θ then) and every block applies the base step alone from now on.
     */
    final void takeOverFromUpdaters() {
        addAppliedChanges(blocks.stream().map(Block::params).toList());
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
    final void handOverToUpdaters() {
        List<Block> current = blocks();
        restore();
        mode = PredictionMode.UPDATER_ONLY;
        if (current.isEmpty()) {
            return;
        }
        writePredictions(current);
        int iteration = iteration();
        int epoch = epoch();
        for (int i = 0; i < current.size(); i++) {
            current.get(i).predictor().setMode(PredictionMode.UPDATER_ONLY, iteration, epoch);
            applied[i] = false; // the updaters own θ̂ now
        }
        cache = null;
    }

    /** @return per block a new array with θ: the parameters plus the prediction an updater-only block has applied */
    final List<INDArray> trueBlocks() {
        List<INDArray> copies;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            copies = blocks().stream().map(b -> b.params().dup()).toList();
        }
        addAppliedChanges(copies);
        return copies;
    }

    /**
     * Writes θ into the parameters of updater-only blocks, which then record that nothing is applied.
     *
     * @return true if the parameters changed
     */
    final boolean restoreTrueParams() {
        List<Block> current = blocks();
        boolean changed = addAppliedChanges(current.stream().map(Block::params).toList());
        for (Block b : current) {
            if (b.predictor().getMode() == PredictionMode.UPDATER_ONLY) {
                b.predictor().setMode(PredictionMode.UPDATER_ONLY, WeightPredictor.NOTHING_APPLIED, 0);
            }
        }
        return changed;
    }

    /** Adds to each target (a block's parameters or a copy) the prediction its updater-only block applied. */
    private boolean addAppliedChanges(List<INDArray> targets) {
        int iteration = iteration();
        boolean any = false;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.predictor().getMode() != PredictionMode.UPDATER_ONLY) {
                continue;
            }
            INDArray change = Nd4j.createUninitialized(b.params().dataType(), b.length());
            if (b.predictor().appliedWeightChange(change, iteration)) {
                targets.get(i).addi(change.reshape(targets.get(i).shape()));
                any = true;
            }
        }
        return any;
    }

    final long cacheBytes() {
        long bytes = 0;
        for (int i = 0; cache != null && i < cache.length; i++) {
            bytes += cache[i].length() * cache[i].dataType().width();
        }
        return bytes;
    }
}
