package org.xgrad.examples.study;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation cannot be won by a diverged or saturated network. */
class TrainerTest {

    /** Identity output: the outputs are the features, so each row's ranks are set by hand. */
    @Test
    void topOneAndTopFiveByHand() {
        MultiLayerNetwork net = identity(6);
        // row 0: label 2 is highest → top-1 and top-5; row 1: label 0 is 6th of 6 → neither;
        // row 2: label 1 ties with 3 for first → top-5 only; row 3: label 4 is 3rd → top-5 only
        float[][] x = {{0.1f, 0.2f, 0.6f, 0.05f, 0.03f, 0.02f}, {0.01f, 0.2f, 0.3f, 0.1f, 0.2f, 0.19f},
                {0.1f, 0.4f, 0.05f, 0.4f, 0.03f, 0.02f}, {0.3f, 0.2f, 0.05f, 0.02f, 0.25f, 0.18f}};
        int[] labels = {2, 0, 1, 4};
        double[] m = Trainer.evaluate(net, List.of(batch(x, labels)));
        double loss = -(Math.log(0.6) + Math.log(0.01) + Math.log(0.4) + Math.log(0.25)) / 4;
        assertEquals(loss, m[0], 1e-6);
        assertEquals(25.0, m[1], 1e-12);
        assertEquals(75.0, m[2], 1e-12);
    }

    @Test
    void aDivergedNetworkScoresNothing() {
        MultiLayerNetwork net = identity(10);
        net.params().assign(Double.NaN);
        float[][] x = new float[20][10];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            x[i][i % 10] = 1;
            labels[i] = i % 10;
        }
        double[] m = Trainer.evaluate(net, List.of(batch(x, labels)));
        assertTrue(Double.isNaN(m[0]), "loss " + m[0]);
        assertEquals(0.0, m[1]);
        assertEquals(0.0, m[2]);
        // saturated (all outputs equal): no class wins, not even in the top 5 of 10
        net.params().assign(0);
        double[] saturated = Trainer.evaluate(net, List.of(batch(x, labels)));
        assertEquals(0.0, saturated[1]);
        assertEquals(0.0, saturated[2]);
    }

    private static MultiLayerNetwork identity(int n) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(n).nOut(n)
                        .activation(Activation.IDENTITY).build()).build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.eye(n));
        net.getLayer(0).getParam("b").assign(0);
        return net;
    }

    private static DataSet batch(float[][] x, int[] labels) {
        float[][] y = new float[labels.length][x[0].length];
        for (int i = 0; i < labels.length; i++) {
            y[i][labels[i]] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }
}
