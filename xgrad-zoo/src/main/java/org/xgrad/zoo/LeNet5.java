package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * LeNet-5: conv 6@5×5 → max-pool 2 → conv 16@5×5 → max-pool 2 → dense 120 → dense 84 → softmax, ReLU activations.
 * For 28×28 input (Fashion-MNIST) the first convolution pads by 2, as in the classic 32×32 layout; 61,706 parameters
 * for one input channel and 10 classes.
 */
public class LeNet5 extends PaperModel<MultiLayerConfiguration> {

    /** @param inputShape {channels, height, width}, e.g. {1, 28, 28} or {3, 32, 32} */
    public LeNet5(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** Fashion-MNIST / MNIST: 1×28×28, 10 classes. */
    public static LeNet5 fashionMnist() { return new LeNet5(new int[] {1, 28, 28}, 10); }

    @Override
    public MultiLayerConfiguration conf() {
        int padding = Math.max(0, (32 - inputShape[1]) / 2);
        return base().list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(padding, padding)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0]))
                .build();
    }

    @Override
    public Class<MultiLayerNetwork> modelType() { return MultiLayerNetwork.class; }
}
