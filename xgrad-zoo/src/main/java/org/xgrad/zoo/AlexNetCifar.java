package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * AlexNet for CIFAR, as bearpaw/pytorch-classification {@code models/cifar/alexnet.py} (the widely used variant
 * without the fully connected layers): convolutions 64@11×11 stride 4 padding 5, 192@5×5, 384@3×3, 256@3×3, 256@3×3
 * (ReLU, bias), 2×2 max-pools after the first, second and fifth, then one 256 → classes softmax layer. On 32×32 input
 * the maps are 8, 4, 2, 1 wide. 2,472,266 trainable parameters for 10 classes, as the reference.
 */
public class AlexNetCifar extends PaperModel<MultiLayerConfiguration> {

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public AlexNetCifar(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static AlexNetCifar cifar10() { return new AlexNetCifar(new int[] {3, 32, 32}, 10); }

    @Override
    public String modelName() { return "alexnet"; }

    @Override
    public MultiLayerConfiguration conf() {
        return base().list()
                .layer(conv(64, 11).stride(4, 4).padding(5, 5).build())
                .layer(maxPool())
                .layer(conv(192, 5).padding(2, 2).build())
                .layer(maxPool())
                .layer(conv(384, 3).padding(1, 1).build())
                .layer(conv(256, 3).padding(1, 1).build())
                .layer(conv(256, 3).padding(1, 1).build())
                .layer(maxPool())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0]))
                .build();
    }

    private static ConvolutionLayer.Builder conv(int out, int kernel) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(out).activation(Activation.RELU);
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    @Override
    public Class<MultiLayerNetwork> modelType() { return MultiLayerNetwork.class; }
}
