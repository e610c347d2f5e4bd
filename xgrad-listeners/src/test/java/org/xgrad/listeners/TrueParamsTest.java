package org.xgrad.listeners;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.InvocationType;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.deeplearning4j.optimize.listeners.EvaluativeListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.testing.Diff;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.XAdam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluating and saving in the middle of training, at θ, through {@code XGrad.withTrueParams} and DL4J's own
 * evaluation paths wrapped by {@code XGrad.atTrueParams}: what they see is θ, and training afterwards is exactly the
 * training without them (0.0), in both modes.
 */
class TrueParamsTest {

    static final int ITERATIONS = 10;

    private static MultiLayerNetwork network(PredictionMode mode) {
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
        Modes.prepare(mode, net);
        return net;
    }

    /** Trains with {@code between} run after iteration 4; @return the final θ */
    private static INDArray train(PredictionMode mode, Consumer<MultiLayerNetwork> setup,
                                  Consumer<MultiLayerNetwork> between) {
        MultiLayerNetwork net = network(mode);
        setup.accept(net);
        List<DataSet> batches = ReferenceMlp.batches(ITERATIONS, 6, 61);
        for (int t = 0; t < ITERATIONS; t++) {
            net.fit(batches.get(t));
            if (t == 4) {
                between.accept(net);
            }
        }
        return Modes.trueParams(mode, net).dup();
    }

    private static INDArray plain(PredictionMode mode) { return train(mode, n -> { }, n -> { }); }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void savingMidTrainingSavesThetaAndChangesNothing(PredictionMode mode) {
        INDArray[] saved = new INDArray[2];
        INDArray after = train(mode, n -> { }, net -> {
            saved[0] = Modes.trueParams(mode, net).dup();
            XGrad.withTrueParams(net, () -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try {
                    ModelSerializer.writeModel(net, bytes, true);
                    saved[1] = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()))
                            .params();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
        Diff.assertIdentical(saved[0], saved[1], mode + ": the saved model holds θ");
        assertArrayEquals(plain(mode).toDoubleVector(), after.toDoubleVector(), 0.0, mode + ": training unchanged");
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void evaluativeListenerSeesThetaAndChangesNothing(PredictionMode mode) {
        AtomicInteger evaluations = new AtomicInteger();
        DataSet test = ReferenceMlp.batches(1, 20, 5).get(0);
        INDArray after = train(mode, net -> {
            EvaluativeListener evaluate = new EvaluativeListener(new ExistingDataSetIterator(List.of(test)), 3,
                    InvocationType.ITERATION_END, new Evaluation());
            evaluate.setCallback((listener, model, invocations, results) -> {
                evaluations.incrementAndGet();
                Diff.assertIdentical(XGrad.trueParams(model), model.params(), mode + ": θ in the model");
            });
            net.addListeners(XGrad.atTrueParams(evaluate));
        }, net -> { });
        assertTrue(evaluations.get() >= 3, "evaluated: " + evaluations);
        assertArrayEquals(plain(mode).toDoubleVector(), after.toDoubleVector(), 0.0, mode + ": training unchanged");
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void earlyStoppingScoresThetaAndChangesNothing(PredictionMode mode) {
        DataSet test = ReferenceMlp.batches(1, 20, 7).get(0);
        ScoreCalculator<Model> loss = new DataSetLossCalculator(
                new ExistingDataSetIterator(List.of(test)), true);
        double[] scores = new double[2];
        INDArray after = train(mode, n -> { }, net -> {
            scores[0] = XGrad.atTrueParams(loss).calculateScore(net);
            MultiLayerNetwork atTheta = net.clone();
            atTheta.setParams(Modes.trueParams(mode, net));
            scores[1] = loss.calculateScore(atTheta);
        });
        assertEquals(scores[1], scores[0], 0.0, mode + ": the score of θ");
        assertArrayEquals(plain(mode).toDoubleVector(), after.toDoubleVector(), 0.0, mode + ": training unchanged");
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void checkpointListenerSavesThetaAndChangesNothing(PredictionMode mode, @TempDir File dir) throws IOException {
        INDArray after = train(mode, net -> net.addListeners(XGrad.atTrueParams(new CheckpointListener.Builder(dir)
                .saveEveryNIterations(1).keepLast(1).build())), net -> { });
        File last = CheckpointListener.lastCheckpoint(dir).getFilename() == null ? null
                : new File(dir, CheckpointListener.lastCheckpoint(dir).getFilename());
        INDArray saved = ModelSerializer.restoreMultiLayerNetwork(last).params();
        Diff.assertIdentical(after, saved, mode + ": the last checkpoint holds the final θ");
        assertArrayEquals(plain(mode).toDoubleVector(), after.toDoubleVector(), 0.0, mode + ": training unchanged");
    }
}
