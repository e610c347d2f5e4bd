package org.xgrad.listeners;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.xgrad.updaters.BlockWeights;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The X-updater blocks of one model, and each step of Algorithm 1 applied to all of them. What a block's parameters
 * hold is its updater's {@link BlockWeights}, read and changed only through its transitions; this class walks the
 * blocks:
 * <ol>
 *   <li>{@link #predict()}: steps 1–2 ({@link BlockWeights#predict}), cache θ_t and write θ̂ into every block;</li>
 *   <li>the framework's forward and backward pass at θ̂ (step 3);</li>
 *   <li>{@link #restore()}: step 4 ({@link BlockWeights#restore}), before regularization and the updaters;</li>
 *   <li>the X-updaters, in listener mode, apply the base step to θ_t (step 5).</li>
 * </ol>
 * A subclass says where the blocks are: {@link NetworkPrediction} (slices of a DL4J network's flat parameters),
 * {@link SameDiffPrediction} (a SameDiff graph's trainable variables). Only X-updater blocks are ever touched. A model
 * is trained by one thread at a time; nothing here is shared between models.
 */
abstract class Prediction {

    /** One X-updater block: its record and its parameters (a view into the model). */
    record Block(String name, BlockWeights weights, INDArray params) {
        long length() { return params.length(); }
    }

    /** Counters a listener keeps over all its models, for profiling. */
    record Counters(LongAdder predictedIterations, LongAdder predictionNanos, LongAdder restoreNanos) {
        static Counters create() { return new Counters(new LongAdder(), new LongAdder(), new LongAdder()); }
    }

    private final Counters counters;
    /** True for a listener's prediction: the blocks it takes are put in listener mode. */
    private boolean listener;
    private List<Block> blocks = List.of();

    /**
     * @param listener true: a listener drives Algorithm 1 (blocks are put in listener mode); false: the updaters do,
     *                 and this object only reads and restores θ (the {@code XGrad} helpers)
     */
    Prediction(boolean listener, Counters counters) {
        this.listener = listener;
        this.counters = counters;
    }

    /** @return the model's X-updater blocks now; the same list instance as long as they are unchanged */
    protected abstract List<Block> currentBlocks();

    /** @return the upcoming iteration (the model's iteration count) */
    protected abstract int iteration();

    /** @return the upcoming epoch (the model's epoch count) */
    protected abstract int epoch();

    /** @return the blocks as last taken by {@link #sync()} */
    final List<Block> blocks() { return blocks; }

    /**
     * Takes the model's blocks again if its updaters changed since the last call (DL4J builds new ones when the
     * parameter layout changes): blocks left behind get θ back, new ones get their parameter views and, for a
     * listener, listener mode (a prediction their updater applied is taken out).
     *
     * @return the blocks
     */
    final List<Block> sync() {
        List<Block> current = currentBlocks();
        if (current != blocks) {
            restore();
            blocks = current;
            int iteration = iteration();
            for (Block b : current) {
                b.weights().attach(b.params());
                if (listener) {
                    b.weights().toListenerMode(iteration);
                }
            }
        }
        return blocks;
    }

    /**
     * Steps 1–2 of Algorithm 1 on every block; on an exception every block gets θ_t back.
     *
     * @return true if any block was predicted (false at the first iteration: empty optimizer state)
     */
    final boolean predict() {
        List<Block> current = sync();
        int iteration = iteration();
        int epoch = epoch();
        long start = System.nanoTime();
        boolean any = false;
        try {
            for (Block b : current) {
                any |= b.weights().predict(iteration, epoch);
            }
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        } finally {
            counters.predictionNanos().add(System.nanoTime() - start);
        }
        if (any) {
            counters.predictedIterations().increment();
        }
        return any;
    }

    /** Step 4 of Algorithm 1 on every block that holds θ̂. */
    final boolean restore() {
        boolean any = false;
        for (int i = 0; i < blocks.size(); i++) {
            any |= restore(i);
        }
        return any;
    }

    /** Step 4 for block {@code index} alone (SameDiff updates its variables one by one). */
    final boolean restore(int index) {
        long start = System.nanoTime();
        boolean restored = blocks.get(index).weights().restore();
        if (restored) {
            counters.restoreNanos().add(System.nanoTime() - start);
        }
        return restored;
    }

    /** @return true between {@link #predict()} and {@link #restore()}, when a block holds this listener's θ̂ */
    final boolean predictionApplied() {
        return listener && blocks.stream().anyMatch(b -> b.weights().holdsPrediction());
    }

    /**
     * From listener to updater-only mode, within an iteration that has not run yet: θ̂ of this iteration is written
     * and the X-updaters carry it on, so training continues with the same prediction. This object drives nothing
     * afterwards.
     */
    final void handOverToUpdaters() {
        List<Block> current = sync();
        listener = false;
        int iteration = iteration();
        int epoch = epoch();
        for (Block b : current) {
            b.weights().toUpdaterOnly(iteration, epoch);
        }
    }

    /** @return per block a new array with θ */
    final List<INDArray> trueBlocks() {
        int iteration = iteration();
        return sync().stream().map(b -> b.weights().trueParams(iteration)).toList();
    }

    /**
     * Writes θ into every block's parameters ({@link BlockWeights#restoreTrueParams}).
     *
     * @return true if the parameters changed
     */
    final boolean restoreTrueParams() {
        int iteration = iteration();
        boolean changed = false;
        for (Block b : sync()) {
            changed |= b.weights().restoreTrueParams(iteration);
        }
        return changed;
    }

    final long cacheBytes() { return blocks.stream().mapToLong(b -> b.weights().cacheBytes()).sum(); }
}
