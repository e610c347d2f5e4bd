package com.example.consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.listeners.XGrad;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainTest {

    @Test
    void trainsWithTheOneLineUpdater() {
        MultiLayerNetwork net = Train.network();
        DataSet data = Train.data(150);
        double before = net.score(data);
        for (int i = 0; i < 100; i++) {
            net.fit(data);
        }
        XGrad.restoreTrueParams(net);
        double after = net.score(data);
        assertTrue(after < before / 2, "loss " + before + " -> " + after);
        double accuracy = net.evaluate(new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
                data.asList(), 50)).accuracy();
        assertTrue(accuracy > 0.95, "accuracy " + accuracy);
    }
}
