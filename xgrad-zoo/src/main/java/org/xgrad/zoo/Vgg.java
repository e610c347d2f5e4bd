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
 * VGG with batch normalization for small inputs, as kuangliu/pytorch-cifar {@code models/vgg.py}: a layout of 3×3
 * convolutions (padding 1, bias, each followed by batch norm and ReLU) and 2×2 max-pools, then one 512 → classes
 * softmax layer. Max-pools that would act on a 1×1 map are left out and a global average pool feeds the classifier,
 * so 28×28 input works too (on 32×32 the map is 1×1 there, so this equals the reference's flatten).
 */
public abstract class Vgg extends PaperModel<MultiLayerConfiguration> {

    /** Output channels of each convolution; 0 is a max-pool. */
    private final int[] layout;

    /** A VGG of {@code layout} (output channels per convolution, 0 = max pooling). */
    protected Vgg(int[] layout, int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
        this.layout = layout.clone();
    }

    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = base().list();
        int size = Math.min(inputShape[1], inputShape[2]);
        int channels = 0;
        for (int width : layout) {
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
