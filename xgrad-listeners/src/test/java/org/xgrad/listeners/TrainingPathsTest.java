package org.xgrad.listeners;

import org.xgrad.testing.Logs;

import org.xgrad.updaters.PredictionMode;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.xgrad.updaters.UpdaterCases;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XSgdm;
import org.xgrad.updaters.XUpdater;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DL4J training paths other than fit(DataSet): each runs with prediction and stays exact. */
class TrainingPathsTest {

    static final double TOL = 1e-10;

    private static UpdaterCases.Case named(String name) {
        return UpdaterCases.all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void fitFeaturesAndLabels(PredictionMode mode) {
        UpdaterCases.Case c = named("XAdam");
        MultiLayerNetwork net = ReferenceMlp.network(c.withSteps(2));
        Modes.prepare(mode, net);
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), 2, c.learningRate(),
                net.params().toDoubleVector());
        List<DataSet> batches = ReferenceMlp.batches(20, 6, 41);
        for (int t = 0; t < batches.size(); t++) {
            net.fit(batches.get(t).getFeatures(), batches.get(t).getLabels());
            reference.iterate(t, batches.get(t), ReferenceMlp::gradient);
        }
        assertArrayEquals(reference.theta, Modes.trueParams(mode, net).toDoubleVector(), TOL);
    }

    /** Iteration-based schedules: the prediction uses the learning rate of the upcoming iteration, in both modes. */
    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void learningRateSchedules(PredictionMode mode) {
        for (String name : new String[] {"XAdam", "XSgdm", "XRmsProp"}) {
            UpdaterCases.Case c = named(name);
            ISchedule schedule = name.equals("XSgdm") ? new StepSchedule(ScheduleType.ITERATION, 0.05, 0.5, 4)
                    : new ExponentialSchedule(ScheduleType.ITERATION, 0.02, 0.93);
            MultiLayerNetwork net = ReferenceMlp.network(c.withSchedule(schedule, 2));
            Modes.prepare(mode, net);
            AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), 2,
                    t -> schedule.valueAt(t, 0), net.params().toDoubleVector());
            List<DataSet> batches = ReferenceMlp.batches(20, 6, 43);
            for (int t = 0; t < batches.size(); t++) {
                net.fit(batches.get(t));
                reference.iterate(t, batches.get(t), ReferenceMlp::gradient);
            }
            assertArrayEquals(reference.theta, Modes.trueParams(mode, net).toDoubleVector(), TOL, name + " " + mode);
        }
    }

    /** Epoch-based schedule with the listener: the first iteration of each epoch predicts with the new epoch's rate. */
    @Test
    void epochScheduleWithListener() {
        UpdaterCases.Case c = named("XSgdm");
        ISchedule schedule = new StepSchedule(ScheduleType.EPOCH, 0.05, 0.1, 1);
        MultiLayerNetwork net = ReferenceMlp.network(c.withSchedule(schedule, 2));
        XGrad.enablePrediction(net);
        List<DataSet> batches = ReferenceMlp.batches(6, 6, 47);
        int[] epochOf = new int[18];
        for (int t = 0; t < 18; t++) {
            epochOf[t] = t / 6;
        }
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), 2,
                t -> schedule.valueAt(t, epochOf[t]), net.params().toDoubleVector());
        ListDataSetIterator<DataSet> iterator = new ListDataSetIterator<>(batches, 1);
        for (int e = 0; e < 3; e++) {
            net.fit(iterator);
        }
        for (int t = 0; t < 18; t++) {
            reference.iterate(t, batches.get(t % 6), ReferenceMlp::gradient);
        }
        assertArrayEquals(reference.theta, net.params().toDoubleVector(), TOL);
    }

    @Test
    void earlyStoppingTrainerTrainsWithPredictionAndScoresTrueWeights() {
        UpdaterCases.Case c = named("XAdam");
        MultiLayerNetwork net = ReferenceMlp.network(c.withSteps(1));
        WeightPredictionListener xgrad = XGrad.enablePrediction(net);
        List<DataSet> batches = ReferenceMlp.batches(5, 6, 53);
        ListDataSetIterator<DataSet> train = new ListDataSetIterator<>(batches, 1);
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(2))
                .scoreCalculator(new DataSetLossCalculator(new ListDataSetIterator<>(batches, 1), true))
                .modelSaver(new InMemoryModelSaver<>()).build();
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(config, net, train).fit();

        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), 1, c.learningRate(),
                ReferenceMlp.network(c.withSteps(1)).params().toDoubleVector());
        MultiLayerNetwork scorer = ReferenceMlp.network(c.withSteps(1));
        int t = 0;
        for (int e = 0; e < 2; e++) {
            for (DataSet b : batches) {
                reference.iterate(t++, b, ReferenceMlp::gradient);
            }
            scorer.setParams(Nd4j.createFromArray(reference.theta).reshape(1, ReferenceMlp.N));
            double expected = new DataSetLossCalculator(new ListDataSetIterator<>(batches, 1), true)
                    .calculateScore(scorer);
            assertEquals(expected, result.getScoreVsEpoch().get(e), 1e-12, "epoch " + e + " scored at θ");
        }
        assertEquals(9, xgrad.getPredictedIterations());
        assertArrayEquals(reference.theta, net.params().toDoubleVector(), TOL);
    }

    @Test
    void truncatedBpttPredictsForEverySegment() {
        XUpdater[] updaters = {new XAdam(0.01, 2), new XSgdm(0.05, 1)};
        for (XUpdater updater : updaters) {
            MultiLayerNetwork listener = lstm(updater.clone());
            WeightPredictionListener xgrad = XGrad.enablePrediction(listener);
            MultiLayerNetwork updaterOnly = lstm(updater.clone());
            Nd4j.getRandom().setSeed(5);
            for (int i = 0; i < 4; i++) {
                INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 9);
                INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 2, 9);
                for (int s = 0; s < 9; s++) {
                    y.putScalar(0, s % 2, s, 1);
                    y.putScalar(1, (s + 1) % 2, s, 1);
                }
                listener.fit(x, y);
                updaterOnly.fit(x, y);
            }
            assertEquals(12, listener.getIterationCount(), "3 segments per sequence, each an iteration");
            assertEquals(11, xgrad.getPredictedIterations());
            assertArrayEquals(XGrad.trueParams(updaterOnly).toDoubleVector(), listener.params().toDoubleVector(),
                    1e-12, updater.toString());
            assertTrue(ObserverTest.maxDiff(updaterOnly.params().toDoubleVector(),
                    listener.params().toDoubleVector()) > 1e-6, "updater-only holds θ̂ ≠ θ");
        }
    }

    private static MultiLayerNetwork lstm(XUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(updater).list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(3).tBPTTBackwardLength(3).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Stock-updater and frozen blocks are never written with θ̂; only X-updater blocks are. */
    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void mixedStockFrozenAndXUpdaterBlocks(PredictionMode mode) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE)
                .updater(new XAdam(0.01, 2)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).updater(new Adam(0.01))
                        .build())
                .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(5).nOut(5)
                        .activation(Activation.TANH).build()))
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        MultiLayerNetwork twin = new MultiLayerNetwork(conf.clone());
        twin.init();
        Modes.prepare(mode, net);
        Modes.prepare(mode == PredictionMode.LISTENER ? PredictionMode.UPDATER_ONLY : PredictionMode.LISTENER, twin);
        Probe probe = new Probe();
        net.addListeners(probe);
        int stockAndFrozen = (int) (net.getLayer(0).numParams() + net.getLayer(1).numParams());
        double[] frozen0 = net.getLayer(1).params().toDoubleVector();
        double[] before = net.params().toDoubleVector();
        for (DataSet b : ReferenceMlp.batches(10, 6, 61)) {
            net.fit(b);
            twin.fit(b);
        }
        for (int t = 1; t < 10; t++) {
            double[] forward = probe.forward.get(t);
            double[] previous = mode == PredictionMode.LISTENER ? probe.iterationDone.get(t - 1) : null;
            if (previous != null) {
                assertArrayEquals(Arrays.copyOfRange(previous, 0, stockAndFrozen),
                        Arrays.copyOfRange(forward, 0, stockAndFrozen), 0.0, "stock and frozen blocks untouched");
                assertTrue(ObserverTest.maxDiff(Arrays.copyOfRange(previous, stockAndFrozen, previous.length),
                        Arrays.copyOfRange(forward, stockAndFrozen, forward.length)) > 1e-5, "X blocks at θ̂");
            }
        }
        assertArrayEquals(frozen0, net.getLayer(1).params().toDoubleVector(), 0.0, "frozen layer never changes");
        assertTrue(ObserverTest.maxDiff(before, net.params().toDoubleVector()) > 1e-3, "the network trained");
        assertArrayEquals(Modes.trueParams(mode, net).toDoubleVector(),
                Modes.trueParams(mode == PredictionMode.LISTENER ? PredictionMode.UPDATER_ONLY
                        : PredictionMode.LISTENER, twin).toDoubleVector(), 1e-12,
                "listener and updater-only paths agree");
    }

    /**
     * Removing the listener with setListeners(...) does not change the mode: the listener is registered again at the
     * next iteration, the trajectory is the same and the network holds θ between iterations.
     */
    @Test
    void aListenerRemovedBySetListenersComesBack() {
        List<DataSet> batches = ReferenceMlp.batches(10, 6, 73);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
        XGrad.enablePrediction(net);
        MultiLayerNetwork reference = ReferenceMlp.network(new XAdam(0.01, 2));
        XGrad.enablePrediction(reference);
        for (int t = 0; t < 10; t++) {
            if (t == 4) {
                net.setListeners(new Probe());
            }
            net.fit(batches.get(t));
            reference.fit(batches.get(t));
        }
        assertArrayEquals(reference.params().toDoubleVector(), net.params().toDoubleVector(), 1e-12,
                "the same trajectory, θ in the network");
        assertTrue(net.getListeners().stream().anyMatch(l -> l instanceof WeightPredictionListener),
                "registered again");
        assertTrue(net.getListeners().stream().anyMatch(l -> l instanceof Probe), "beside the user's listeners");
    }

    /** A listener taken off by setListeners(...) and a new one enabled before the next fit: the same trajectory. */
    @Test
    void reEnablingAfterSetListenersReplacesTheOldHook() {
        List<DataSet> batches = ReferenceMlp.batches(10, 6, 79);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
        XGrad.enablePrediction(net);
        MultiLayerNetwork reference = ReferenceMlp.network(new XAdam(0.01, 2));
        XGrad.enablePrediction(reference);
        WeightPredictionListener replacement = null;
        for (int t = 0; t < 10; t++) {
            if (t == 4) {
                net.setListeners(new Probe());
                replacement = XGrad.enablePrediction(net);
            }
            net.fit(batches.get(t));
            reference.fit(batches.get(t));
        }
        assertArrayEquals(reference.params().toDoubleVector(), net.params().toDoubleVector(), 1e-12);
        assertEquals(6, replacement.getPredictedIterations());
    }

    /** Registered but not installed on a trained network: the first iteration runs without prediction, loudly. */
    @Test
    void lateInstallationIsReported(@org.junit.jupiter.api.io.TempDir File dir) throws Exception {
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
        List<DataSet> batches = ReferenceMlp.batches(4, 6, 71);
        net.fit(batches.get(0));
        net.fit(batches.get(1));
        XGrad.restoreTrueParams(net);
        WeightPredictionListener xgrad = new WeightPredictionListener();
        List<ILoggingEvent> logged = Logs.capture(WeightPredictionListener.class, () -> {
            net.addListeners(xgrad);
            net.fit(batches.get(2));
        });
        assertEquals(0, xgrad.getPredictedIterations());
        assertTrue(logged.stream().anyMatch(e -> e.getFormattedMessage().contains("without weight prediction")),
                "warning logged");
        logged = new java.util.ArrayList<>(logged);
        logged.addAll(Logs.capture(WeightPredictionListener.class, () -> {
            net.fit(batches.get(3));
            assertEquals(1, xgrad.getPredictedIterations());
            assertEquals(1, xgrad.getLateInstallations());

            // the same listener reaching a second trained network late: counted, not warned again
            MultiLayerNetwork second = ReferenceMlp.network(new XAdam(0.01, 1));
            second.fit(batches.get(0));
            second.addListeners(xgrad);
            second.fit(batches.get(1));
            assertEquals(2, xgrad.getLateInstallations());
        }));
        assertEquals(1, logged.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                        && e.getFormattedMessage().contains("without weight prediction")).count(),
                "one warning per listener");
    }
}
