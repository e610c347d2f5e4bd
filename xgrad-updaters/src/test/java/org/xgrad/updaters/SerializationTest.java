package org.xgrad.updaters;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.io.File;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.xgrad.updaters.Arrays2.assertIdentical;

/** JSON round-trip of network configurations using each X-updater, and model files that keep the updater state. */
class SerializationTest {

    static Stream<XUpdater> updaters() {
        return Stream.concat(UpdaterCases.all().stream().map(c -> c.withSteps(3)),
                Stream.of(new XAdam(new StepSchedule(ScheduleType.EPOCH, 1e-3, 0.1, 2), 2),
                        new XSgdm(new StepSchedule(ScheduleType.ITERATION, 0.1, 0.5, 10), 1)));
    }

    private static MultiLayerConfiguration mlp(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(5).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void multiLayerConfigurationRoundTrip(XUpdater updater) {
        MultiLayerConfiguration conf = mlp(updater);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        IUpdater restored = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertEquals(updater, restored);
        assertNotSame(updater, restored);
        assertEquals(updater.getClass(), restored.getClass());
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void computationGraphConfigurationRoundTrip(XUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).updater(updater)
                .graphBuilder().addInputs("a", "b")
                .addLayer("da", new DenseLayer.Builder().nIn(3).nOut(4).build(), "a")
                .addLayer("db", new DenseLayer.Builder().nIn(2).nOut(4).build(), "b")
                .addLayer("out", new OutputLayer.Builder().nIn(8).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build(), "da", "db")
                .setOutputs("out").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(updater, ((BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("out"))
                .getLayerConf().getLayer()).getIUpdater());
    }

    @Test
    void modelFileKeepsUpdaterState(@TempDir File dir) throws Exception {
        for (XUpdater updater : new XUpdater[] {new XAdam(0.01, 2), new XRmsProp(0.01, 1), new XSgdm(0.05, 1),
                new XNadam(0.01, 1)}) {
            MultiLayerNetwork net = new MultiLayerNetwork(mlp(updater));
            net.init();
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 2);
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, i % 2, 1);
            }
            for (int i = 0; i < 4; i++) {
                net.fit(x, y);
            }
            File file = new File(dir, updater.getClass().getSimpleName() + ".zip");
            ModelSerializer.writeModel(net, file, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
            assertIdentical(net.params(), restored.params(), updater + " params");
            assertIdentical(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray(),
                    updater + " updater state");
            net.fit(x, y);
            restored.fit(x, y);
            assertIdentical(net.params(), restored.params(), updater + " params after one more step");
        }
    }
}
