package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.zoo.layers.SequenceDropout;

/**
 * Graph-building steps shared by the paper's graph models. Each adds vertices named after {@code name} and returns the name of
 * the last one, so a model reads as a chain: {@code x = convBn(g, "stem", x, conv(64, 3).padding(1, 1), true)}.
 * Convolutions are linear ({@code IDENTITY}); padding and pooling follow PyTorch (average pooling counts the padding
 * in its divisor, as {@code nn.AvgPool2d} does by default).
 */
final class GraphSteps {

    private GraphSteps() {
    }

    /** A {@code kh×kw} convolution to {@code out} channels, stride 1, no padding, with bias (as {@code nn.Conv2d}). */
    static ConvolutionLayer.Builder conv(int out, int kh, int kw) {
        return new ConvolutionLayer.Builder(kh, kw).nOut(out).activation(Activation.IDENTITY);
    }

    /** A square {@code k×k} convolution, padding {@code k/2} ("same" size for odd k at stride 1). */
    static ConvolutionLayer.Builder conv(int out, int k) {
        return conv(out, k, k).padding(k / 2, k / 2);
    }

    /** Convolution → batch norm (→ ReLU). */
    static String convBn(GraphBuilder g, String name, String input, ConvolutionLayer.Builder conv, boolean relu) {
        g.addLayer(name + "_conv", conv.build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name + "_conv");
        return relu ? relu(g, name, name + "_bn") : name + "_bn";
    }

    /** Batch norm → ReLU (the pre-activation of DenseNet). */
    static String bnRelu(GraphBuilder g, String name, String input) {
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), input);
        return relu(g, name, name + "_bn");
    }

    static String relu(GraphBuilder g, String name, String input) {
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), input);
        return name + "_relu";
    }

    static String maxPool(GraphBuilder g, String name, String input, int kernel, int stride, int padding) {
        return pool(g, name, input, SubsamplingLayer.PoolingType.MAX, kernel, stride, padding);
    }

    static String avgPool(GraphBuilder g, String name, String input, int kernel, int stride, int padding) {
        return pool(g, name, input, SubsamplingLayer.PoolingType.AVG, kernel, stride, padding);
    }

    private static String pool(GraphBuilder g, String name, String input, SubsamplingLayer.PoolingType type,
                               int kernel, int stride, int padding) {
        g.addLayer(name, new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).avgPoolIncludePadInDivisor(true).build(), input);
        return name;
    }

    /**
     * Global average pool → optional dropout → softmax layer of {@code classes} (the classifier of the CIFAR CNNs);
     * returns the output layer's name, "out".
     *
     * @param retain DL4J's dropout argument, the probability of keeping an input (1 = no dropout)
     */
    static String classifier(GraphBuilder g, String input, int classes, double retain) {
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX);
        g.addLayer("out", (retain < 1 ? out.dropOut(retain) : out).build(), "pool");
        return "out";
    }

    /**
     * Dropout zeroing with probability {@code p} (PyTorch's meaning) while training, for images, vectors and masked
     * sequences ({@link SequenceDropout}); none for p = 0.
     */
    static String dropout(GraphBuilder g, String name, String input, double p) {
        if (p == 0) {
            return input;
        }
        g.addLayer(name, new SequenceDropout(p), input);
        return name;
    }

    /** Element-wise sum (a residual connection). */
    static String add(GraphBuilder g, String name, String a, String b) {
        g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    /** Concatenation along dimension 1 (image channels, NCW sequence features: {@code torch.cat(..., 1)}), in order. */
    static String concat(GraphBuilder g, String name, String... inputs) {
        g.addVertex(name, new MergeVertex(), inputs);
        return name;
    }
}
