package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.xgrad.updaters.internal.Arguments;

import static org.xgrad.zoo.GraphSteps.bnRelu;
import static org.xgrad.zoo.GraphSteps.conv;

/**
 * DenseNet-121 for CIFAR, as kuangliu/pytorch-cifar {@code models/densenet.py}: a 3×3 stem of 2k channels (growth
 * rate k = 32), dense blocks of 6, 12, 24, 16 bottleneck layers (BN → ReLU → 1×1 conv to 4k → BN → ReLU → 3×3 conv to
 * k, output concatenated in front of the input), transitions that halve the channels (BN → ReLU → 1×1 conv → 2×2
 * average pool), then BN → ReLU → global average pool → softmax. Convolutions have no bias. 6,956,298 trainable
 * parameters for 3×32×32 input and 10 classes, as the reference.
 */
public class DenseNet121 extends PaperModel<ComputationGraphConfiguration> {

    private static final int[] BLOCKS = {6, 12, 24, 16};

    private int growthRate = 32;

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public DenseNet121(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static DenseNet121 cifar10() { return new DenseNet121(new int[] {3, 32, 32}, 10); }

    /** Growth rate k (default 32); smaller values give a light variant with the same 121 layers. */
    public DenseNet121 growthRate(int growthRate) {
        this.growthRate = Arguments.atLeast(growthRate, 1, "DenseNet121.growthRate", "growthRate");
        return this;
    }

    @Override
    public String modelName() { return "densenet121"; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().graphBuilder().addInputs("input");
        int channels = 2 * growthRate;
        g.addLayer("stem", conv(channels, 3).hasBias(false).build(), "input");
        String x = "stem";
        for (int block = 0; block < BLOCKS.length; block++) {
            for (int layer = 0; layer < BLOCKS[block]; layer++) {
                x = denseLayer(g, "d" + (block + 1) + "l" + (layer + 1), x);
                channels += growthRate;
            }
            if (block < BLOCKS.length - 1) {
                channels /= 2;
                String name = "t" + (block + 1);
                g.addLayer(name + "_conv", conv(channels, 1).hasBias(false).build(), bnRelu(g, name, x));
                x = GraphSteps.avgPool(g, name + "_pool", name + "_conv", 2, 2, 0);
            }
        }
        GraphSteps.classifier(g, bnRelu(g, "final", x), numClasses, 1);
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    /** BN → ReLU → 1×1 conv (4k) → BN → ReLU → 3×3 conv (k), concatenated in front of the input. */
    private String denseLayer(GraphBuilder g, String name, String input) {
        g.addLayer(name + "_conv1", conv(4 * growthRate, 1).hasBias(false).build(), bnRelu(g, name + "_a", input));
        g.addLayer(name + "_conv2", conv(growthRate, 3).hasBias(false).build(),
                bnRelu(g, name + "_b", name + "_conv1"));
        return GraphSteps.concat(g, name, name + "_conv2", input);
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
