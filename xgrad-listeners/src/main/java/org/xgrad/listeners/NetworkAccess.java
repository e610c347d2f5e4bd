package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/** The network questions XGrad asks, for the two trainable DL4J network types. */
final class NetworkAccess {

    private NetworkAccess() {
    }

    static void requireSupported(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("XGrad: model must be a MultiLayerNetwork or a ComputationGraph, got "
                    + (model == null ? "null" : model.getClass().getName()));
        }
    }

    /** The network's updater, created if absent (the same instance DL4J's optimizer then uses). */
    static BaseMultiLayerUpdater<?> updater(Model model) {
        requireSupported(model);
        // Created as DL4J's optimizer would create it: outside any workspace (callbacks may run inside one), and after
        // the flat gradient view exists (else the updater takes every gradient as an "external" one).
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (model instanceof MultiLayerNetwork) {
                MultiLayerNetwork net = (MultiLayerNetwork) model;
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
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            return net.getOptimizer().getGradientsAccumulator();
        }
        return ((ComputationGraph) model).getOptimizer().getGradientsAccumulator();
    }

    static void setAccumulator(Model model, GradientsAccumulator accumulator) {
        updater(model);
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            net.setGradientsAccumulator(accumulator);
        } else {
            ((ComputationGraph) model).setGradientsAccumulator(accumulator);
        }
    }

    static java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners(Model model) {
        requireSupported(model);
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            return net.getListeners();
        }
        return ((ComputationGraph) model).getListeners();
    }

    static int iteration(Model model) { return BaseOptimizer.getIterationCount(model); }

    static int epoch(Model model) { return BaseOptimizer.getEpochCount(model); }

    static void requireStochasticGradientDescent(Model model) {
        OptimizationAlgorithm algo = model.conf().getOptimizationAlgo();
        if (algo != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new IllegalStateException("Weight prediction runs inside DL4J's STOCHASTIC_GRADIENT_DESCENT loop; "
                    + "this network uses " + algo);
        }
    }

    /**
     * @return false if the network's current input cannot go through its first layers: a rank-2 batch whose width
     * differs from the nIn of a dense-style first layer (DL4J would throw in the forward pass)
     */
    static boolean inputFits(Model model) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            return fits(net.getInput(), net.getLayerWiseConfigurations().getConf(0).getLayer(),
                    net.getLayerWiseConfigurations().getInputPreProcess(0));
        }
        ComputationGraph graph = (ComputationGraph) model;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        Map<String, List<String>> vertexInputs = graph.getConfiguration().getVertexInputs();
        for (Map.Entry<String, GraphVertex> e : graph.getConfiguration().getVertices().entrySet()) {
            List<String> in = vertexInputs.get(e.getKey());
            if (!(e.getValue() instanceof LayerVertex) || in == null || in.size() != 1 || !inputs.contains(in.get(0))) {
                continue;
            }
            LayerVertex lv = (LayerVertex) e.getValue();
            INDArray input = graph.getInput(inputs.indexOf(in.get(0)));
            if (!fits(input, lv.getLayerConf().getLayer(), lv.getPreProcessor())) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(INDArray input, Layer layer, InputPreProcessor preProcessor) {
        if (input == null || preProcessor != null || input.rank() != 2 || !(layer instanceof FeedForwardLayer)
                || ((FeedForwardLayer) layer).getNIn() <= 0) {
            return true;
        }
        return input.size(1) == ((FeedForwardLayer) layer).getNIn();
    }
}
