package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.xgrad.updaters.internal.Arguments;

import static org.xgrad.zoo.GraphSteps.conv;
import static org.xgrad.zoo.GraphSteps.convBn;

/**
 * GoogLeNet (Inception v1) for CIFAR, as kuangliu/pytorch-cifar {@code models/googlenet.py}: a 3×3 stem of 192
 * channels, inception modules 3a–3b, 3×3/2 max-pool, 4a–4e, max-pool, 5a–5b, global average pool, softmax. Each module
 * concatenates a 1×1 branch, 1×1 → 3×3, 1×1 → 3×3 → 3×3 (the reference's "5×5" branch) and 3×3 max-pool → 1×1;
 * every convolution has a bias and is followed by batch norm and ReLU. 6,166,250 trainable parameters for 3×32×32
 * input and 10 classes, as the reference.
 */
public class GoogLeNet extends PaperModel<ComputationGraphConfiguration> {

    /** name, 1×1, 3×3 reduce, 3×3, "5×5" reduce, "5×5", pool projection; "pool" rows are 3×3/2 max-pools. */
    private static final Object[][] MODULES = {
            {"a3", 64, 96, 128, 16, 32, 32}, {"b3", 128, 128, 192, 32, 96, 64}, {"pool3"},
            {"a4", 192, 96, 208, 16, 48, 64}, {"b4", 160, 112, 224, 24, 64, 64}, {"c4", 128, 128, 256, 24, 64, 64},
            {"d4", 112, 144, 288, 32, 64, 64}, {"e4", 256, 160, 320, 32, 128, 128}, {"pool4"},
            {"a5", 256, 160, 320, 32, 128, 128}, {"b5", 384, 192, 384, 48, 128, 128}};

    private int widthDivisor = 1;

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public GoogLeNet(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static GoogLeNet cifar10() { return new GoogLeNet(new int[] {3, 32, 32}, 10); }

    /** Divides every channel count (light variant of the same topology); default 1. */
    public GoogLeNet widthDivisor(int divisor) {
        this.widthDivisor = Arguments.atLeast(divisor, 1, "GoogLeNet.widthDivisor", "divisor");
        return this;
    }

    @Override
    public String modelName() { return "googlenet"; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().graphBuilder().addInputs("input");
        String x = convBn(g, "stem", "input", conv(width(192), 3), true);
        for (Object[] m : MODULES) {
            String name = (String) m[0];
            x = m.length == 1 ? GraphSteps.maxPool(g, name, x, 3, 2, 1) : inception(g, name, x, m);
        }
        GraphSteps.classifier(g, x, numClasses, 1);
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    private String inception(GraphBuilder g, String name, String x, Object[] m) {
        String b1 = convBn(g, name + "_1x1", x, conv(width(m[1]), 1), true);
        String b2 = convBn(g, name + "_3x3", convBn(g, name + "_3x3r", x, conv(width(m[2]), 1), true),
                conv(width(m[3]), 3), true);
        String b3 = convBn(g, name + "_5x5r", x, conv(width(m[4]), 1), true);
        b3 = convBn(g, name + "_5x5b", convBn(g, name + "_5x5a", b3, conv(width(m[5]), 3), true),
                conv(width(m[5]), 3), true);
        String b4 = convBn(g, name + "_poolproj", GraphSteps.maxPool(g, name + "_pool", x, 3, 1, 1),
                conv(width(m[6]), 1), true);
        return GraphSteps.concat(g, name, b1, b2, b3, b4);
    }

    private int width(Object channels) {
        return Math.max(1, (Integer) channels / widthDivisor);
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
