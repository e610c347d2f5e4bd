package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.DL4JSameDiffMemoryMgr;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime side of our SameDiff layers and vertex, correcting DL4J 1.0.0-M2.1's backpropagation through them.
 *
 * <p>DL4J feeds the gradient arriving from the next layer (ε) into a SameDiff layer through an
 * {@code ExternalErrorsFunction}. Its {@code doDiff} registers ε as the gradient of the layer's output and returns
 * it; {@code DifferentialFunction.diff} then finds that gradient already registered and adds the returned one to
 * it. Every SameDiff layer and vertex therefore backpropagates 2ε: its parameter gradients and the gradient it
 * passes on are twice the true ones, and a stack of k such layers scales the first one's gradients by 2^k (DL4J's
 * own attention layers included). Backpropagation is linear in ε, so running it on ε/2 gives the exact gradients;
 * {@code SequenceModelsTest.gradientsMatchFiniteDifferences} fails if a DL4J release changes this. A vertex has a
 * second fault, below.
 */
final class ExternalErrors {

    /** The factor DL4J 1.0.0-M2.1 applies to ε inside a SameDiff layer or vertex. */
    static final double DOUBLING = 2;

    private ExternalErrors() {
    }

    /** A SameDiff layer backpropagating the true gradients. */
    static final class Layer extends SameDiffLayer {

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(epsilon.div(DOUBLING), workspaceMgr);
        }
    }

    /**
     * A SameDiff vertex backpropagating the true gradients. Its backward pass is DL4J's with two changes: ε/2, and the
     * gradients of the inputs taken from what {@code calculateGradients} returns. DL4J reads them from the SameDiff
     * variables instead, which hold the current ones only in the first call: from the second backward pass on, the
     * gradients passed to the layers below came out stale (the encoder's of GNMT by up to half their size);
     * {@code SequenceModelsTest.backpropagationIsTheSameOnEveryCall} checks this one.
     */
    static final class Vertex extends SameDiffGraphVertex {

        Vertex(BahdanauAttention config, ComputationGraph graph, String name, int index, INDArray params,
                boolean initialize, DataType dataType) {
            super(config, graph, name, index, params, initialize, dataType);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            List<String> inputNames = config.getVertexParams().getInputs();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (sameDiff == null) {
                    doInit();
                }
                if (!sameDiff.hasGradientFunction()) {
                    sameDiff.createGradFunction(inputNames.toArray(new String[0]));
                }
            }
            config.validateInput(inputs);
            SameDiff backward = sameDiff.getFunction("grad");
            backward.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                    thread -> SameDiff.getInferenceFactory().create(backward)).setMmgr(new DL4JSameDiffMemoryMgr(
                    workspaceMgr.getWorkspaceName(ArrayType.BP_WORKING_MEM),
                    workspaceMgr.getWorkspaceName(ArrayType.ACTIVATION_GRAD),
                    workspaceMgr.getConfiguration(ArrayType.BP_WORKING_MEM),
                    workspaceMgr.getConfiguration(ArrayType.ACTIVATION_GRAD)));

            Map<String, INDArray> placeholders = new HashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                placeholders.put(inputNames.get(i), inputs[i]);
                placeholders.put(inputNames.get(i) + "_mask", maskArrays != null && maskArrays[i] != null
                        ? maskArrays[i] : Nd4j.ones(dataType, inputs[i].size(0), inputs[i].size(2)));
            }
            placeholders.put(fn.getGradPlaceholderName(), epsilon.div(DOUBLING));
            List<String> required = new ArrayList<>(inputNames);
            required.addAll(paramTable.keySet());
            Map<String, INDArray> gradients = sameDiff.calculateGradients(placeholders, required);

            Gradient parameterGradients = new DefaultGradient();
            for (String parameter : paramTable.keySet()) {
                INDArray view = gradTable.get(parameter);
                view.assign(gradients.get(parameter));
                parameterGradients.gradientForVariable().put(parameter, view);
            }
            INDArray[] inputGradients = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputGradients[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, gradients.get(inputNames.get(i)));
            }
            sameDiff.clearPlaceholders(true);
            sameDiff.clearOpInputs();
            return new Pair<>(parameterGradients, inputGradients);
        }
    }
}
