package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.xgrad.updaters.internal.Arguments;

import static org.xgrad.zoo.GraphSteps.conv;
import static org.xgrad.zoo.GraphSteps.convBn;

/**
 * ResNets with the CIFAR stem (one 3×3 convolution, no max-pool), as kuangliu/pytorch-cifar {@code models/resnet.py}:
 * four stages of {@code width·{1,2,4,8}} channels (width 64), stride 2 at the start of stages 2–4, a 1×1 projection
 * shortcut wherever the shape changes, global average pool, softmax. Convolutions have no bias; each is followed by
 * batch norm. ResNet-18/34 use basic blocks (two 3×3), ResNet-50/101 bottleneck blocks (1×1, 3×3, 1×1 with 4× expansion).
 * Trainable parameters for 3×32×32 input and 10 classes, equal to the reference: ResNet-18 11,173,962, ResNet-34
 * 21,282,122, ResNet-50 23,520,842, ResNet-101 42,512,970.
 */
public class ResNetCifar extends PaperModel<ComputationGraphConfiguration> {

    private final String name;
    private final boolean bottleneck;
    private final int[] blocksPerStage;
    private int width = 64;

    /** A ResNet for CIFAR-size inputs: {@code blocksPerStage[i]} basic (or {@code bottleneck}) blocks in stage i. */
    public ResNetCifar(String name, boolean bottleneck, int[] blocksPerStage, int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
        this.name = name;
        this.bottleneck = bottleneck;
        this.blocksPerStage = blocksPerStage.clone();
    }

    /** @return ResNet-18 (basic blocks 2, 2, 2, 2) */
    public static ResNetCifar resNet18(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet18", false, new int[] {2, 2, 2, 2}, inputShape, numClasses);
    }

    /** @return ResNet-34 (basic blocks 3, 4, 6, 3) */
    public static ResNetCifar resNet34(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet34", false, new int[] {3, 4, 6, 3}, inputShape, numClasses);
    }

    /** @return ResNet-50 (bottleneck blocks 3, 4, 6, 3) */
    public static ResNetCifar resNet50(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet50", true, new int[] {3, 4, 6, 3}, inputShape, numClasses);
    }

    /** @return ResNet-101 (bottleneck blocks 3, 4, 23, 3) */
    public static ResNetCifar resNet101(int[] inputShape, int numClasses) {
        return new ResNetCifar("resnet101", true, new int[] {3, 4, 23, 3}, inputShape, numClasses);
    }

    /** Channels of the first stage (default 64); smaller values give a light variant of the same depth. */
    public ResNetCifar width(int width) {
        this.width = Arguments.atLeast(width, 1, "ResNetCifar.width", "width");
        return this;
    }

    @Override
    public String modelName() { return name; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().graphBuilder().addInputs("input");
        String x = convBn(g, "stem", "input", conv(width, 3).hasBias(false), true);
        int in = width;
        for (int stage = 0; stage < blocksPerStage.length; stage++) {
            int planes = width << stage;
            for (int block = 0; block < blocksPerStage[stage]; block++) {
                int stride = block == 0 && stage > 0 ? 2 : 1;
                String name = "s" + (stage + 1) + "b" + (block + 1);
                x = bottleneck ? bottleneckBlock(g, name, x, in, planes, stride) : basicBlock(g, name, x, in, planes,
                        stride);
                in = bottleneck ? 4 * planes : planes;
            }
        }
        GraphSteps.classifier(g, x, numClasses, 1);
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    private static String basicBlock(GraphBuilder g, String name, String input, int in, int out, int stride) {
        String a = convBn(g, name + "_a", input, conv(out, 3).stride(stride, stride).hasBias(false), true);
        String b = convBn(g, name + "_b", a, conv(out, 3).hasBias(false), false);
        return residual(g, name, input, b, in, out, stride);
    }

    private static String bottleneckBlock(GraphBuilder g, String name, String input, int in, int planes, int stride) {
        String a = convBn(g, name + "_a", input, conv(planes, 1).hasBias(false), true);
        String b = convBn(g, name + "_b", a, conv(planes, 3).stride(stride, stride).hasBias(false), true);
        String c = convBn(g, name + "_c", b, conv(4 * planes, 1).hasBias(false), false);
        return residual(g, name, input, c, in, 4 * planes, stride);
    }

    /** {@code relu(branch + shortcut)}; the shortcut is a 1×1 projection with batch norm when the shape changes. */
    private static String residual(GraphBuilder g, String name, String input, String branch, int in, int out,
                                   int stride) {
        String shortcut = stride == 1 && in == out ? input
                : convBn(g, name + "_proj", input, conv(out, 1).stride(stride, stride).hasBias(false), false);
        return GraphSteps.relu(g, name + "_out", GraphSteps.add(g, name + "_add", branch, shortcut));
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
