package org.xgrad.examples.cli;

import org.xgrad.examples.experiment.Models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.xgrad.zoo.Gnmt;
import org.xgrad.zoo.LeNet5;
import org.xgrad.zoo.LstmLanguageModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which models the commands accept for which data, and the benchmark's synthetic batches. */
class ModelsTest {

    /** Every image model of the paper trains on both image data sets (global pooling before each head). */
    @Test
    void everyImageModelFitsCifarAndFashionMnist() {
        String[] names = Models.namesFor(Models.Input.IMAGES).split(", ");
        assertEquals(12, names.length);
        for (String name : names) {
            Models.requireFits(name, "cifar10", new int[] {3, 32, 32}, 10);
            Models.requireFits(name, "fashion-mnist", new int[] {1, 28, 28}, 10);
        }
    }

    @Test
    void aModelThatDoesNotFitTheImagesSaysWhy() {
        assertEquals("--model vit does not fit --dataset custom's 3×30×30 images: PatchEmbedding embedding: patch 4 "
                + "must divide the image height and width, got 30×30", XGradCli.message(assertThrows(IllegalArgumentException.class,
                () -> Models.requireFits("vit", "custom", new int[] {3, 30, 30}, 10))));
    }

    @Test
    void modelsOfOtherDataAreRefusedWithTheModelsThatFit() {
        assertEquals("--model lstm1 reads text, --dataset fashion-mnist holds images; models for images: "
                        + Models.namesFor(Models.Input.IMAGES),
                XGradCli.message(assertThrows(IllegalArgumentException.class, () -> Models.requireFits("lstm1", "fashion-mnist",
                        new int[] {1, 28, 28}, 10))));
        assertEquals("--model vit reads images, --dataset ptb holds text; models for text: lstm1, lstm2, lstm-small",
                XGradCli.message(assertThrows(IllegalArgumentException.class, () -> Models.requireFits("vit", "ptb",
                        new int[] {1, 10000}, 10000))));
        assertTrue(XGradCli.message(assertThrows(IllegalArgumentException.class, () -> Models.requireFits("gnmt", "ptb",
                new int[] {1, 10000}, 10000))).startsWith("--model gnmt translates sentence pairs"));
    }

    /** Each kind of synthetic batch of {@code xgrad bench} trains a model of its kind (small ones of each). */
    @Test
    void benchBatchesTrainEveryKindOfModel() {
        Model[] nets = {
                new LeNet5(new int[] {1, 28, 28}, 10).updater(new Adam(1e-3)).init(),
                new LstmLanguageModel(BenchCommand.PTB_VOCABULARY, 1, 8, 8).updater(new Adam(1e-3)).init(),
                new Gnmt(BenchCommand.WMT_VOCABULARY, 8, 2, BenchCommand.GNMT_LENGTH).updater(new Adam(1e-3)).init()};
        String[] models = {"lenet5", "lstm1", "gnmt"};
        for (int i = 0; i < nets.length; i++) {
            BenchCommand.Workload workload = BenchCommand.workload(models[i], 3);
            workload.step().accept(nets[i]);
            workload.step().accept(nets[i]);
            double score = nets[i] instanceof ComputationGraph g ? g.score() : ((MultiLayerNetwork) nets[i]).score();
            assertTrue(Double.isFinite(score) && score > 0, models[i] + " " + score);
            assertEquals(2, nets[i] instanceof ComputationGraph g ? g.getIterationCount()
                    : ((MultiLayerNetwork) nets[i]).getIterationCount(), models[i]);
        }
    }
}
