package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link WeightPredictionListener} keeps for one network it is installed on: the X-updater blocks, the cached
 * θ_t and whether θ̂ is in the network now. It lives in the network's {@link IterationStartHook}, so a listener shared
 * by several networks (ParallelWrapper replicas, Spark workers in one JVM) keeps their states apart. A network is
 * trained by one thread at a time; nothing here is shared between networks.
 */
final class Installation {

    private final PredictedBlocks network;
    private List<PredictedBlocks.Block> resolvedBlocks;
    private List<INDArray> cachedBlocks;
    private INDArray cache;
    private boolean predictionApplied;

    Installation(Model model) {
        this.network = new PredictedBlocks(model);
    }

    Model model() {
        return network.model();
    }

    /** Re-resolves the blocks if DL4J replaced the updater or the parameters; X-updaters go to listener mode. */
    List<PredictedBlocks.Block> blocks() {
        List<PredictedBlocks.Block> blocks = network.blocks();
        if (blocks != resolvedBlocks) {
            restore();
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                resolve(blocks);
            }
        }
        return blocks;
    }

    private void resolve(List<PredictedBlocks.Block> blocks) {
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

    /**
     * Steps 1-2 of Algorithm 1: caches θ_t and writes θ̂ into every X-updater block. With {@code updaterOnlyFromNow}
     * the X-updaters are switched to updater-only mode and told that this prediction is applied (they take it back in
     * their next update).
     *
     * @return true if any block was predicted (false at the first iteration: empty optimizer state)
     */
    boolean predict(boolean updaterOnlyFromNow) {
        List<PredictedBlocks.Block> blocks = blocks();
        restore();
        if (blocks.isEmpty()) {
            return false;
        }
        Model model = network.model();
        int iteration = NetworkAccess.iteration(model);
        int epoch = NetworkAccess.epoch(model);
        cache.assign(network.flatParams());
        predictionApplied = !updaterOnlyFromNow;
        try {
            boolean any = false;
            for (int i = 0; i < blocks.size(); i++) {
                PredictedBlocks.Block b = blocks.get(i);
                if (updaterOnlyFromNow) {
                    b.predictor().setSelfPredicting(true);
                }
                any |= b.predictor().predictWeights(b.params(), cachedBlocks.get(i), iteration, epoch);
                if (updaterOnlyFromNow) {
                    b.predictor().markPredictionApplied(iteration, epoch);
                }
            }
            predictionApplied = any && !updaterOnlyFromNow;
            return any;
        } catch (RuntimeException | Error e) {
            restore();
            throw e;
        }
    }

    /** Step 4 of Algorithm 1: writes the cached θ_t back if θ̂ is in the network. */
    boolean restore() {
        if (!predictionApplied) {
            return false;
        }
        for (int i = 0; i < resolvedBlocks.size(); i++) {
            resolvedBlocks.get(i).params().assign(cachedBlocks.get(i));
        }
        predictionApplied = false;
        return true;
    }

    boolean predictionApplied() {
        return predictionApplied;
    }

    long cacheBytes() {
        return cache == null ? 0 : cache.length() * cache.dataType().width();
    }
}
