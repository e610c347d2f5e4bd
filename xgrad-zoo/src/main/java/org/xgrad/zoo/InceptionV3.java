package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.xgrad.updaters.internal.Arguments;

import static org.xgrad.zoo.GraphSteps.concat;
import static org.xgrad.zoo.GraphSteps.conv;
import static org.xgrad.zoo.GraphSteps.convBn;

/**
 * Inception-v3 for CIFAR, as weiaicunzai/pytorch-cifar100 {@code models/inceptionv3.py}: stem 3×3 convolutions of
 * 32, 32, 64 channels (padding 1), 1×1 to 80, 3×3 to 192 (no padding: 32 → 30), modules A ×3 (30×30), B (→ 14×14),
 * C ×4, D (→ 6×6), E ×2, global average pool, dropout 0.5, softmax. Every convolution is bias-free and followed by batch
 * norm and ReLU; as in the reference, module A's pool branch is a 3×3 convolution after a 3×3 average pool. 22,133,738
 * trainable parameters for 3×32×32 input and 10 classes (22,318,148 for 100), as the reference.
 */
public class InceptionV3 extends PaperModel<ComputationGraphConfiguration> {

    private int widthDivisor = 1;

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public InceptionV3(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static InceptionV3 cifar10() { return new InceptionV3(new int[] {3, 32, 32}, 10); }

    /** Divides every channel count (light variant of the same topology); default 1. */
    public InceptionV3 widthDivisor(int divisor) {
        this.widthDivisor = Arguments.atLeast(divisor, 1, "InceptionV3.widthDivisor", "divisor");
        return this;
    }

    @Override
    public String modelName() { return "inceptionv3"; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().graphBuilder().addInputs("input");
        String x = cbr(g, "stem1", "input", 32, 3, 3, 1, 1, 1);
        x = cbr(g, "stem2", x, 32, 3, 3, 1, 1, 1);
        x = cbr(g, "stem3", x, 64, 3, 3, 1, 1, 1);
        x = cbr(g, "stem4", x, 80, 1, 1, 1, 0, 0);
        x = cbr(g, "stem5", x, 192, 3, 3, 1, 0, 0);
        x = moduleA(g, "5b", x, 32);
        x = moduleA(g, "5c", x, 64);
        x = moduleA(g, "5d", x, 64);
        x = moduleB(g, "6a", x);
        x = moduleC(g, "6b", x, 128);
        x = moduleC(g, "6c", x, 160);
        x = moduleC(g, "6d", x, 160);
        x = moduleC(g, "6e", x, 192);
        x = moduleD(g, "7a", x);
        x = moduleE(g, "7b", x);
        x = moduleE(g, "7c", x);
        GraphSteps.classifier(g, x, numClasses, 0.5);
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    /** 1×1 | 1×1 → 5×5 | 1×1 → 3×3 → 3×3 | avg-pool → 3×3 (pool features). */
    private String moduleA(GraphBuilder g, String n, String x, int poolFeatures) {
        String b1 = cbr(g, n + "_1x1", x, 64, 1, 1, 1, 0, 0);
        String b5 = cbr(g, n + "_5x5", cbr(g, n + "_5x5r", x, 48, 1, 1, 1, 0, 0), 64, 5, 5, 1, 2, 2);
        String b3 = cbr(g, n + "_3x3r", x, 64, 1, 1, 1, 0, 0);
        b3 = cbr(g, n + "_3x3b", cbr(g, n + "_3x3a", b3, 96, 3, 3, 1, 1, 1), 96, 3, 3, 1, 1, 1);
        String bp = cbr(g, n + "_poolproj", GraphSteps.avgPool(g, n + "_pool", x, 3, 1, 1), poolFeatures, 3, 3, 1,
                1, 1);
        return concat(g, n, b1, b5, b3, bp);
    }

    /** Grid reduction: 3×3/2 | 1×1 → 3×3 → 3×3/2 | max-pool 3×3/2. */
    private String moduleB(GraphBuilder g, String n, String x) {
        String b3 = cbr(g, n + "_3x3", x, 384, 3, 3, 2, 0, 0);
        String bs = cbr(g, n + "_3x3r", x, 64, 1, 1, 1, 0, 0);
        bs = cbr(g, n + "_3x3b", cbr(g, n + "_3x3a", bs, 96, 3, 3, 1, 1, 1), 96, 3, 3, 2, 0, 0);
        return concat(g, n, b3, bs, GraphSteps.maxPool(g, n + "_pool", x, 3, 2, 0));
    }

    /** 1×1 | 1×1 → 7×1 → 1×7 | 1×1 → 7×1 → 1×7 → 7×1 → 1×7 | avg-pool → 1×1. */
    private String moduleC(GraphBuilder g, String n, String x, int c7) {
        String b1 = cbr(g, n + "_1x1", x, 192, 1, 1, 1, 0, 0);
        String b7 = cbr(g, n + "_7x7r", x, c7, 1, 1, 1, 0, 0);
        b7 = cbr(g, n + "_7x7b", cbr(g, n + "_7x7a", b7, c7, 7, 1, 1, 3, 0), 192, 1, 7, 1, 0, 3);
        String bs = cbr(g, n + "_7x7sr", x, c7, 1, 1, 1, 0, 0);
        bs = cbr(g, n + "_7x7sb", cbr(g, n + "_7x7sa", bs, c7, 7, 1, 1, 3, 0), c7, 1, 7, 1, 0, 3);
        bs = cbr(g, n + "_7x7sd", cbr(g, n + "_7x7sc", bs, c7, 7, 1, 1, 3, 0), 192, 1, 7, 1, 0, 3);
        String bp = cbr(g, n + "_poolproj", GraphSteps.avgPool(g, n + "_pool", x, 3, 1, 1), 192, 1, 1, 1, 0, 0);
        return concat(g, n, b1, b7, bs, bp);
    }

    /** Grid reduction: 1×1 → 3×3/2 | 1×1 → 1×7 → 7×1 → 3×3/2 | avg-pool 3×3/2. */
    private String moduleD(GraphBuilder g, String n, String x) {
        String b3 = cbr(g, n + "_3x3", cbr(g, n + "_3x3r", x, 192, 1, 1, 1, 0, 0), 320, 3, 3, 2, 0, 0);
        String b7 = cbr(g, n + "_7x7r", x, 192, 1, 1, 1, 0, 0);
        b7 = cbr(g, n + "_7x7b", cbr(g, n + "_7x7a", b7, 192, 1, 7, 1, 0, 3), 192, 7, 1, 1, 3, 0);
        b7 = cbr(g, n + "_7x7c", b7, 192, 3, 3, 2, 0, 0);
        return concat(g, n, b3, b7, GraphSteps.avgPool(g, n + "_pool", x, 3, 2, 0));
    }

    /** 1×1 | 1×1 → (1×3 ‖ 3×1) | 1×1 → 3×3 → (1×3 ‖ 3×1) | avg-pool → 1×1. */
    private String moduleE(GraphBuilder g, String n, String x) {
        String b1 = cbr(g, n + "_1x1", x, 320, 1, 1, 1, 0, 0);
        String b3 = cbr(g, n + "_3x3r", x, 384, 1, 1, 1, 0, 0);
        b3 = concat(g, n + "_3x3", cbr(g, n + "_1x3", b3, 384, 1, 3, 1, 0, 1), cbr(g, n + "_3x1", b3, 384, 3, 1, 1,
                1, 0));
        String bs = cbr(g, n + "_3x3s", cbr(g, n + "_3x3sr", x, 448, 1, 1, 1, 0, 0), 384, 3, 3, 1, 1, 1);
        bs = concat(g, n + "_3x3stack", cbr(g, n + "_s1x3", bs, 384, 1, 3, 1, 0, 1), cbr(g, n + "_s3x1", bs, 384, 3,
                1, 1, 1, 0));
        String bp = cbr(g, n + "_poolproj", GraphSteps.avgPool(g, n + "_pool", x, 3, 1, 1), 192, 1, 1, 1, 0, 0);
        return concat(g, n, b1, b3, bs, bp);
    }

    /** Bias-free {@code kh×kw} convolution (stride, padding) → batch norm → ReLU; channels divided for light variants. */
    private String cbr(GraphBuilder g, String name, String input, int out, int kh, int kw, int stride, int ph,
                       int pw) {
        return convBn(g, name, input, conv(Math.max(1, out / widthDivisor), kh, kw).stride(stride, stride)
                .padding(ph, pw).hasBias(false), true);
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
