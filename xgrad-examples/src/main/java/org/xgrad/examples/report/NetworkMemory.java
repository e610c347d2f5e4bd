package org.xgrad.examples.report;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xgrad.listeners.WeightPredictionListener;

/**
 * ND4J (off-heap) memory of a network, added up from its buffers: ND4J's CPU backend does not report its
 * allocations through JavaCPP in 1.0.0-M2.1.
 */
public final class NetworkMemory {

    private NetworkMemory() {
    }

    public static long bytes(INDArray a) { return a == null ? 0 : a.length() * a.dataType().width(); }

    public static INDArray updaterState(Model net) {
        return net instanceof MultiLayerNetwork n ? n.getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
    }

    public static WeightPredictionListener listener(Model net) {
        for (TrainingListener l : net instanceof MultiLayerNetwork n ? n.getListeners()
                : ((ComputationGraph) net).getListeners()) {
            if (l instanceof WeightPredictionListener w) {
                return w;
            }
        }
        return null;
    }

    /** Bytes held by this thread's ND4J workspaces (activations, working memory, updater scratch). */
    public static long workspaceBytes() {
        long sum = 0;
        for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            sum += ws.getCurrentSize();
        }
        return sum;
    }

    /**
     * Parameters, gradients, updater state and the listener's cache: what the optimizer choice changes. Workspaces
     * (activations) are left out: shared by every network of a thread, they depend on what ran before
     * ({@code xgrad bench} measures their growth per configuration).
     */
    public static long networkBuffers(Model net) {
        WeightPredictionListener w = listener(net);
        return bytes(net.params()) + bytes(net.getGradientsViewArray()) + bytes(updaterState(net))
                + (w == null ? 0 : w.getCacheBytes());
    }
}
