package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/** The few network operations XGrad needs, for the two trainable DL4J network types. */
final class NetworkAccess {

    private NetworkAccess() {
    }

    static void requireSupported(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("XGrad supports MultiLayerNetwork and ComputationGraph, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
    }

    /** The network's updater, created if absent (the same instance DL4J's optimizer then uses). */
    static BaseMultiLayerUpdater<?> updater(Model model) {
        requireSupported(model);
        // Created as DL4J's optimizer would create it: outside any workspace (callbacks may run inside one), and after
        // the flat gradient view exists (else the updater takes every gradient as an "external" one).
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (model instanceof MultiLayerNetwork net) {
                if (net.getGradientsViewArray() == null) {
                    net.initGradientsView();
                }
                return (BaseMultiLayerUpdater<?>) net.getUpdater(true);
            }
            ComputationGraph graph = (ComputationGraph) model;
            if (graph.getGradientsViewArray() == null) {
                graph.initGradientsView();
            }
            return graph.getUpdater(true);
        }
    }

    static GradientsAccumulator accumulator(Model model) {
        updater(model); // makes sure the solver and its optimizer exist
        if (model instanceof MultiLayerNetwork net) {
            return net.getOptimizer().getGradientsAccumulator();
        }
        return ((ComputationGraph) model).getOptimizer().getGradientsAccumulator();
    }

    static void setAccumulator(Model model, GradientsAccumulator accumulator) {
        updater(model);
        if (model instanceof MultiLayerNetwork net) {
            net.setGradientsAccumulator(accumulator);
        } else {
            ((ComputationGraph) model).setGradientsAccumulator(accumulator);
        }
    }

    static java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners(Model model) {
        requireSupported(model);
        if (model instanceof MultiLayerNetwork net) {
            return net.getListeners();
        }
        return ((ComputationGraph) model).getListeners();
    }

    static int iteration(Model model) {
        return BaseOptimizer.getIterationCount(model);
    }

    static int epoch(Model model) {
        return BaseOptimizer.getEpochCount(model);
    }
}
