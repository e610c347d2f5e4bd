package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * VGG-11 for small inputs, with batch normalization (the CIFAR variant the paper trains): convolutions
 * 64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M (3×3, padding 1, each followed by batch norm and ReLU), then a
 * 512 → classes softmax layer. 9,231,114 trainable parameters for 3×32×32 input and 10 classes. Max-pools that would
 * act on a 1×1 map are left out and a global average pool feeds the classifier, so 28×28 input works too.
 */
public class Vgg11 extends PaperModel<MultiLayerConfiguration> {

    private static final int[] LAYOUT = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};

    public Vgg11(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static Vgg11 cifar10() { return new Vgg11(new int[] {3, 32, 32}, 10); }

    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = base().list();
        int size = Math.min(inputShape[1], inputShape[2]);
        int channels = 0;
        for (int width : LAYOUT) {
            if (width == 0) {
                if (size >= 2) {
                    list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build());
                    size /= 2;
                }
            } else {
                list.layer(new ConvolutionLayer.Builder(3, 3).nOut(width).padding(1, 1)
                        .activation(Activation.IDENTITY).build());
                list.layer(new BatchNormalization.Builder().build());
                list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
                channels = width;
            }
        }
        list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(channels).nOut(numClasses)
                .activation(Activation.SOFTMAX).build());
        return list.setInputType(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    @Override
    public Class<MultiLayerNetwork> modelType() { return MultiLayerNetwork.class; }
}
