package org.xgrad.listeners;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.xgrad.testing.Diff;
import org.xgrad.testing.TinyMlp;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.XAdam;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An X-updater whose learning rate (for the step, or in updater-only mode for the next prediction) turns invalid
 * throws before anything moves: afterwards the parameters, the whole updater state and {@code XGrad.trueParams} are
 * bit for bit what they were before the failing {@code fit}, in both modes, also when only the second of two updater
 * blocks fails.
 */
class AtomicUpdateTest {

    /** 0.01 until iteration 5, NaN from there. */
    static ISchedule nanFromIteration5() {
        return new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.01, 5, Double.NaN));
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void aNaNScheduleFailsBeforeAnythingMoves(PredictionMode mode) {
        MultiLayerNetwork net = TinyMlp.network(new XAdam(nanFromIteration5(), 2));
        assertFailsUntouched(net, mode);
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void aFailureInTheSecondBlockLeavesTheFirstUntouched(PredictionMode mode) {
        MultiLayerConfiguration conf = TinyMlp.base(new XAdam(0.01, 2)).list()
                .layer(new DenseLayer.Builder().nIn(TinyMlp.IN).nOut(TinyMlp.HIDDEN)
                        .activation(TinyMlp.hidden().getActivationFn()).build())
                .layer(new OutputLayer.Builder().nIn(TinyMlp.HIDDEN).nOut(TinyMlp.OUT)
                        .activation(TinyMlp.output().getActivationFn()).lossFunction(TinyMlp.output().getLossFn())
                        .updater(new XAdam(nanFromIteration5(), 2)).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertTrue(((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) net.getUpdater(true)).getUpdaterBlocks()
                .size() >= 2, "two updater blocks");
        assertFailsUntouched(net, mode);
    }

    /** Trains until the schedule fails; the failing fit must leave θ, θ's record and the updater state as they were. */
    private static void assertFailsUntouched(MultiLayerNetwork net, PredictionMode mode) {
        Modes.prepare(mode, net);
        List<DataSet> batches = ReferenceMlp.batches(10, 6, 17);
        for (int t = 0; t < batches.size(); t++) {
            INDArray params = net.params().dup();
            INDArray state = net.getUpdater().getStateViewArray().dup();
            INDArray theta = Modes.trueParams(mode, net).dup();
            DataSet batch = batches.get(t);
            try {
                net.fit(batch);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("learningRateSchedule gave NaN"), e.getMessage());
                Diff.assertIdentical(params, net.params(), mode + ": parameters after the failure at iteration " + t);
                Diff.assertIdentical(state, net.getUpdater().getStateViewArray(), mode + ": updater state");
                Diff.assertIdentical(theta, Modes.trueParams(mode, net), mode + ": true weights θ");
                assertTrue(t >= 4 && t <= 5, "fails at the first iteration that needs γ(5): " + t);
                assertThrows(IllegalArgumentException.class, () -> net.fit(batch), "and again, still untouched");
                Diff.assertIdentical(state, net.getUpdater().getStateViewArray(), mode + ": updater state, again");
                return;
            }
        }
        throw new AssertionError("the NaN schedule never failed");
    }
}
