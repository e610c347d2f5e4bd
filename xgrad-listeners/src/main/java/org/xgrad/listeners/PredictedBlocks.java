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
 * The updater blocks of a network whose updater exposes the predicted change ({@link WeightPredictor}), each with its
 * view into the network's flat parameter array. Blocks of stock updaters, NoOp and frozen layers are not listed: their
 * parameters are never touched. Resolved again whenever DL4J replaced the network's updater or parameter array.
 */
final class PredictedBlocks {

    /** One updater block: its predictor and its slice [start, end) of the flat parameters. */
    record Block(WeightPredictor predictor, long start, long end, INDArray params) {
        long length() {
            return end - start;
        }
    }

    private final Model model;
    private BaseMultiLayerUpdater<?> updater;
    private INDArray flatView;
    private List<Block> blocks = List.of();

    PredictedBlocks(Model model) {
        NetworkAccess.requireSupported(model);
        this.model = model;
    }

    Model model() {
        return model;
    }

    /** @return the blocks, re-resolved if the updater or the parameter array changed since the last call. */
    List<Block> blocks() {
        BaseMultiLayerUpdater<?> current = NetworkAccess.updater(model);
        // DL4J builds a new updater whenever the parameter layout changes; ComputationGraph.params() returns a new
        // view object on every call, so the updater instance is what tells whether the views are still valid.
        if (current != updater) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                resolve(current, model.params());
            }
        }
        return blocks;
    }

    /** Views kept across iterations: created outside any workspace (callbacks may run inside one). */
    private void resolve(BaseMultiLayerUpdater<?> current, INDArray params) {
        updater = current;
        flatView = params.reshape(params.length());
        List<Block> found = new ArrayList<>();
        for (UpdaterBlock ub : current.getUpdaterBlocks()) {
            if (ub.getGradientUpdater() instanceof WeightPredictor predictor
                    && ub.getParamOffsetEnd() > ub.getParamOffsetStart()) {
                found.add(new Block(predictor, ub.getParamOffsetStart(), ub.getParamOffsetEnd(),
                        flatView.get(NDArrayIndex.interval(ub.getParamOffsetStart(), ub.getParamOffsetEnd()))));
            }
        }
        blocks = List.copyOf(found);
        for (Block b : blocks) {
            b.predictor().attachParameters(b.params());
        }
    }

    /**
     * Updater-only mode: adds to {@code flatTarget} (a copy of, or the network's own, flat parameters) the prediction
     * each self-predicting block has applied, turning θ̂ into θ. With {@code forget}, the blocks then record that no
     * prediction is applied any more.
     *
     * @return true if any block had a prediction applied
     */
    boolean addAppliedChanges(INDArray flatTarget, boolean forget) {
        int iteration = NetworkAccess.iteration(model);
        boolean any = false;
        for (Block b : blocks()) {
            if (!b.predictor().isSelfPredicting()) {
                continue;
            }
            INDArray applied = Nd4j.createUninitialized(flatTarget.dataType(), b.length());
            if (b.predictor().appliedWeightChange(applied, iteration)) {
                flatTarget.get(NDArrayIndex.interval(b.start(), b.end())).addi(applied);
                any = true;
            }
            if (forget) {
                b.predictor().forgetAppliedWeightChange();
            }
        }
        return any;
    }

    /** @return the network's flat parameter array (as of the last {@link #blocks()} call). */
    INDArray flatParams() {
        return flatView;
    }
}
