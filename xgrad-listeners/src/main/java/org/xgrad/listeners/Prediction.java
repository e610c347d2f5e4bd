package org.xgrad.listeners;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.xgrad.updaters.BlockWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
    static final class Block {
        private final String name;
        private final BlockWeights weights;
        private final INDArray params;

        Block(String name, BlockWeights weights, INDArray params) {
            this.name = name;
            this.weights = weights;
            this.params = params;
        }

        String name() { return name; }

        BlockWeights weights() { return weights; }

        INDArray params() { return params; }
    }

    /** Counters a listener keeps over all its models, for profiling. */
    static final class Counters {
        private final LongAdder predictedIterations = new LongAdder();
        private final LongAdder predictionNanos = new LongAdder();
        private final LongAdder restoreNanos = new LongAdder();

        static Counters create() { return new Counters(); }

        LongAdder predictedIterations() { return predictedIterations; }

        LongAdder predictionNanos() { return predictionNanos; }

        LongAdder restoreNanos() { return restoreNanos; }
    }

    private final Counters counters;
    /** True for a listener's prediction: the blocks it takes are put in listener mode. */
    private final boolean listener;
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
     * Steps 1–2 of Algorithm 1 on every block; on an exception every block gets θ_t back. An iteration in which some
     * block was predicted (none is at the first iteration: empty optimizer state) is counted.
     */
    final void predict() {
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

    /** @return per block a new array with θ */
    final List<INDArray> trueBlocks() {
        int iteration = iteration();
        return sync().stream().map(b -> b.weights().trueParams(iteration)).collect(Collectors.toList());
    }

    /**
     * Writes θ into every block's parameters ({@link BlockWeights#restoreTrueParams}).
     *
     * @return true if the parameters changed
     */
    final boolean restoreTrueParams() { return restoreTrueParams(iteration()); }

    /** As {@link #restoreTrueParams()}, {@code iteration} being the one the applied prediction was made for. */
    private boolean restoreTrueParams(int iteration) {
        boolean changed = false;
        for (Block b : sync()) {
            changed |= b.weights().restoreTrueParams(iteration);
        }
        return changed;
    }

    /**
     * Runs {@code action} with θ in every block, then puts back exactly what the blocks held (θ̂ and the applied
     * prediction in updater-only mode), so that training goes on as if {@code action} had not run.
     *
     * @param iteration the iteration the applied prediction was made for: the model's iteration count between
     *                  {@code fit}s, one more than {@code iterationDone}'s iteration inside that callback (DL4J counts
     *                  the iteration after its listeners)
     */
    final <T> T atTrueParams(int iteration, Supplier<T> action) {
        List<Block> current = sync();
        List<BlockWeights.Held> held = new ArrayList<>();
        for (Block b : current) {
            held.add(b.weights().hold());
        }
        restoreTrueParams(iteration);
        try {
            return action.get();
        } finally {
            for (int i = 0; i < current.size(); i++) {
                current.get(i).weights().putBack(held.get(i));
            }
        }
    }

    final long cacheBytes() { return blocks.stream().mapToLong(b -> b.weights().cacheBytes()).sum(); }
}
