package org.xgrad.examples.cli;

import org.xgrad.examples.data.FashionMnist;
import org.xgrad.examples.data.ImageData;
import org.xgrad.examples.study.ProgressBar;
import org.xgrad.examples.study.Run;
import org.xgrad.examples.study.StudySettings;
import org.xgrad.examples.study.Trainer;
import org.xgrad.examples.study.TrainingData;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compare --baselines}: stock relatives trained beside the base and XGrad, on the same batches. */
class BaselinesTest {

    @Test
    void baselinesAreStockUpdatersWithTheStudysLearningRate() {
        StudySettings adam = StudySettings.resolve(Map.of("baselines", "NAdam", "steps", "1,2"), null);
        List<Trainer.Variant> variants = adam.variants();
        assertEquals(List.of("Adam", "Nadam", "XGrad-S1", "XGrad-S2"), variants.stream().map(Trainer.Variant::name)
                .toList());
        Nadam nadam = assertInstanceOf(Nadam.class, variants.get(1).updater());
        assertEquals(1e-3, nadam.getLearningRate(0, 0), 0);
        StudySettings sgdm = StudySettings.resolve(Map.of("optimizer", "sgdm", "lr", "0.01", "baselines",
                "nesterovs", "steps", "1", "lr-decay-epochs", "10,15"), null);
        Nesterovs nesterov = assertInstanceOf(Nesterovs.class, sgdm.variants().get(1).updater());
        assertEquals(0.01, nesterov.getLearningRate(0, 0), 1e-15);
        assertEquals(0.001, nesterov.getLearningRate(0, 10), 1e-15, "the study's step decay");
        assertEquals(0.9, nesterov.getMomentum(), 0, "SGDM's μ");
    }

    /** The features of every iteration's forward pass, one checksum each. */
    static final class BatchRecorder extends BaseTrainingListener {
        final List<Double> checksums = new ArrayList<>();

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            INDArray input = activations.get(0);
            checksums.add(input.sumNumber().doubleValue() + 1e-3 * input.getDouble(0) + 1e-6 * input.getDouble(7));
        }
    }

    @Test
    void everyArmOfASeedTrainsOnTheSameBatchesInTheSameOrder() throws IOException {
        StudySettings settings = StudySettings.resolve(Map.of("baselines", "nadam,amsgrad", "steps", "1"), null);
        ImageData.Split split = FashionMnist.load(null);
        TrainingData data = TrainingData.images(split.train().limit(256), split.test().limit(64), null);
        List<DataSet> evaluation = data.evaluationBatches(64);
        ProgressBar quiet = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 64);
        List<List<Double>> orders = new ArrayList<>();
        for (Trainer.Variant variant : settings.variants()) {
            Run run = Run.start(settings, data, variant, 3);
            BatchRecorder recorder = new BatchRecorder();
            run.net.addListeners(recorder);
            run.trainEpoch(data, evaluation, List.of(), 64, quiet);
            run.trainEpoch(data, evaluation, List.of(), 64, quiet);
            orders.add(recorder.checksums);
        }
        assertEquals(4, orders.size());
        assertEquals(8, orders.get(0).size(), "4 batches of 64 per epoch, 2 epochs");
        assertTrue(!orders.get(0).subList(0, 4).equals(orders.get(0).subList(4, 8)), "epoch 2 is reshuffled");
        for (List<Double> order : orders) {
            assertEquals(orders.get(0), order);
        }
    }

    @Test
    void aStudyWithBaselinesRunsAndResumesWithMoreOfThem(@TempDir Path out) throws IOException {
        assertEquals(0, StudyTest.compare(out, "--steps", "1", "--epochs", "1", "--baselines", "nadam"));
        assertEquals(1, StudyTest.rows(out, "Nadam").size());
        assertEquals(0, StudyTest.compare(out, "--resume", "--baselines", "nadam,amsgrad"));
        assertEquals(1, StudyTest.rows(out, "AMSGrad").size());
        assertEquals(1, StudyTest.rows(out, "Adam").size());
    }

    @Test
    void badBaselinesAreNamed(@TempDir Path out) {
        assertTrue(StudyTest.errorOf(out, "--baselines", "lion").contains("--baselines lion is not one of"));
        assertTrue(StudyTest.errorOf(out, "--baselines", "adam").contains("Adam is already an arm"));
        assertTrue(StudyTest.errorOf(out, "--baselines", "adamw", "--weight-decay", "5e-4")
                .contains("one kind of weight decay"));
    }
}
