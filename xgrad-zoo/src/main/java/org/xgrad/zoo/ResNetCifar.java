package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * ResNet-18 / ResNet-34 with basic blocks and the CIFAR stem (one 3×3 convolution, no max-pool): stages of 64, 128,
 * 256, 512 channels with {2,2,2,2} or {3,4,6,3} blocks, stride 2 at the start of stages 2–4 (1×1 projection
 * shortcuts there), global average pool, softmax. Convolutions have no bias; each is followed by batch norm.
 * 11,173,962 (ResNet-18) and 21,282,122 (ResNet-34) trainable parameters for 3×32×32 input and 10 classes.
 */
public class ResNetCifar extends PaperModel<ComputationGraphConfiguration> {

    private static final int[] WIDTHS = {64, 128, 256, 512};

    private final int[] blocksPerStage;
    private final String name;

    public ResNetCifar(String name, int[] blocksPerStage, int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
        this.name = name;
        this.blocksPerStage = blocksPerStage.clone();
    }

    public static ResNetCifar resNet18(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet18", new int[] {2, 2, 2, 2}, inputShape, numClasses);
    }

    public static ResNetCifar resNet34(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet34", new int[] {3, 4, 6, 3}, inputShape, numClasses);
    }

    @Override
    public String modelName() { return name; }

    @Override
    public ComputationGraphConfiguration conf() {
        ComputationGraphConfiguration.GraphBuilder g = base().graphBuilder().addInputs("input");
        String x = convBn(g, "stem", "input", WIDTHS[0], 3, 1, true);
        int in = WIDTHS[0];
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            for (int block = 0; block < blocksPerStage[stage]; block++) {
                int stride = block == 0 && stage > 0 ? 2 : 1;
                x = basicBlock(g, "s" + (stage + 1) + "b" + (block + 1), x, in, WIDTHS[stage], stride);
                in = WIDTHS[stage];
            }
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(numClasses)
                .activation(Activation.SOFTMAX).build(), "pool");
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    private static String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int in,
                                     int out, int stride) {
        String a = convBn(g, name + "_a", input, out, 3, stride, true);
        String b = convBn(g, name + "_b", a, out, 3, 1, false);
        String shortcut = stride == 1 && in == out ? input : convBn(g, name + "_proj", input, out, 1, stride, false);
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
        g.addLayer(name + "_out", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        return name + "_out";
    }

    /** Convolution (no bias) → batch norm (→ ReLU); returns the name of the last vertex. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int out,
                                 int kernel, int stride, boolean relu) {
        int padding = kernel / 2;
        g.addLayer(name + "_conv", new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).nOut(out).hasBias(false).activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name + "_conv");
        if (!relu) {
            return name + "_bn";
        }
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
        return name + "_relu";
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
