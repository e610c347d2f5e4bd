package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.xgrad.updaters.WeightPredictor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Prediction} on a DL4J network: its blocks are the X-updater blocks of the network's updater, each a slice of
 * the flat parameter array. They are resolved once per DL4J updater instance (DL4J builds a new one whenever the
 * parameter layout changes; {@code ComputationGraph.params()} returns a new view object on every call, so the updater
 * instance is what tells whether the views are still valid). Blocks of stock updaters, NoOp and frozen layers are not
 * listed, so they are never touched.
 */
final class NetworkPrediction extends Prediction {

    private final Model model;
    private BaseMultiLayerUpdater<?> resolvedFrom;
    private INDArray flatParams;
    private List<Block> resolved = List.of();
    /** Where each block starts in the flat parameters. */
    private long[] starts = new long[0];

    NetworkPrediction(Model model, boolean listener, Counters counters) {
        super(listener, counters);
        NetworkAccess.requireSupported(model);
        this.model = model;
    }

    Model model() { return model; }

    @Override
    protected List<Block> currentBlocks() {
        BaseMultiLayerUpdater<?> updater = NetworkAccess.updater(model);
        if (updater != resolvedFrom) {
            // views kept across iterations: created outside any workspace (callbacks may run inside one)
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray params = model.params();
                flatParams = params.reshape(params.length());
                List<Block> found = new ArrayList<>();
                List<Long> offsets = new ArrayList<>();
                for (UpdaterBlock ub : updater.getUpdaterBlocks()) {
                    long start = ub.getParamOffsetStart();
                    long end = ub.getParamOffsetEnd();
                    if (ub.getGradientUpdater() instanceof WeightPredictor && end > start) {
                        WeightPredictor predictor = (WeightPredictor) ub.getGradientUpdater();
                        found.add(new Block("parameters [" + start + ", " + end + ")", predictor.weights(),
                                flatParams.get(NDArrayIndex.interval(start, end))));
                        offsets.add(start);
                    }
                }
                resolved = List.copyOf(found);
                starts = offsets.stream().mapToLong(Long::longValue).toArray();
                resolvedFrom = updater;
            }
        }
        return resolved;
    }

    @Override
    protected int iteration() { return NetworkAccess.iteration(model); }

    @Override
    protected int epoch() { return NetworkAccess.epoch(model); }

    /** @return a new flat array with θ: the parameters plus the prediction updater-only blocks have applied */
    INDArray trueParams() {
        List<INDArray> blocks = trueBlocks();
        INDArray copy;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            copy = flatParams.dup();
        }
        for (int i = 0; i < blocks.size(); i++) {
            copy.get(NDArrayIndex.interval(starts[i], starts[i] + blocks.get(i).length())).assign(blocks.get(i));
        }
        return copy;
    }
}
