package com.example.consumer;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.updaters.XAdam;

/** What a DL4J user writes: their network, with the one line that adopts XGrad. */
public final class Train {

    private Train() {
    }

    public static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new XAdam(1))
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Three separable blobs: class c has feature c shifted by 3. */
    public static DataSet data(int n) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(n, 4);
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x.putScalar(i, c, x.getDouble(i, c) + 3);
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }
}
