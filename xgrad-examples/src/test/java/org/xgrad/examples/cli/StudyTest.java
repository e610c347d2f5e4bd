package org.xgrad.examples.cli;

import org.xgrad.testing.Console;

import org.xgrad.examples.data.FashionMnist;
import org.xgrad.examples.data.ImageData;
import org.xgrad.examples.data.TextCorpus;
import org.xgrad.examples.experiment.Models;
import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Metric;
import org.xgrad.examples.report.Reports;
import org.xgrad.examples.study.Checkpoint;
import org.xgrad.examples.study.ProgressBar;
import org.xgrad.examples.study.Protocol;
import org.xgrad.examples.study.Run;
import org.xgrad.examples.study.Study;
import org.xgrad.examples.study.StudySettings;
import org.xgrad.examples.study.TrainingData;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epoch schedules, resumable studies and the paper's protocols in {@code xgrad compare}. */
class StudyTest {

    static final String[] TINY = {"compare", "--data", "embedded", "--train-limit", "256", "--test-limit", "128",
            "--batch-size", "64"};

    static int compare(Path out, String... extra) { return command(TINY, out, extra); }

    /** Runs {@code base} + {@code extra} + {@code --out out}. */
    static int command(String[] base, Path out, String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList(base));
        args.addAll(Arrays.asList(extra));
        args.add("--out");
        args.add(out.toString());
        return XGradCli.execute(args.toArray(String[]::new));
    }

    /** Runs the command and returns what it printed to standard error. */
    static String errorOf(Path out, String... extra) {
        Console.Captured run = Console.capture(() -> compare(out, extra));
        assertEquals(2, run.code());
        return run.err();
    }

    static List<EpochRecord> rows(Path out, String variant) throws IOException {
        return Reports.readCsv(out.resolve(Reports.CSV)).stream().filter(r -> r.variant().equals(variant)).toList();
    }

    @Test
    void stepDecayTakesEffectAtItsEpoch(@TempDir Path dir) throws IOException {
        // decay by 1e-6 after epoch 1: epoch 2 trains at 5e-8, so it cannot change the model any more
        assertEquals(0, compare(dir.resolve("decay"), "--optimizer", "sgdm", "--steps", "1", "--epochs", "3",
                "--lr-decay-epochs", "1", "--lr-decay-factor", "1e-6"));
        assertEquals(0, compare(dir.resolve("constant"), "--optimizer", "sgdm", "--steps", "1", "--epochs", "3"));
        for (String variant : List.of("SGDM", "XGrad-S1")) {
            List<EpochRecord> decayed = rows(dir.resolve("decay"), variant);
            assertEquals(List.of(0.05, 5e-8, 5e-8), decayed.stream().map(EpochRecord::lr).toList(), variant);
            for (int e = 1; e < 3; e++) {
                assertEquals(decayed.get(0).valLoss(), decayed.get(e).valLoss(), 1e-4, variant + " frozen after epoch 1");
                assertEquals(decayed.get(0).top1(), decayed.get(e).top1(), 0.0, variant);
            }
            List<EpochRecord> constant = rows(dir.resolve("constant"), variant);
            assertEquals(List.of(0.05, 0.05, 0.05), constant.stream().map(EpochRecord::lr).toList());
            assertTrue(Math.max(Math.abs(constant.get(1).valLoss() - constant.get(0).valLoss()),
                    Math.abs(constant.get(2).valLoss() - constant.get(0).valLoss())) > 1e-2,
                    variant + " keeps learning without the decay: " + constant);
        }
    }

    /** DL4J's epoch counter, the schedule and the listener's prediction all move with the epochs of a run. */
    @Test
    void predictionUsesTheDecayedRateOfTheNewEpoch() throws IOException {
        StudySettings settings = StudySettings.resolve(Map.of("optimizer", "sgdm", "steps", "1", "no-base", "true",
                "lr-decay-epochs", "1", "lr-decay-factor", "1e-3"), null);
        ImageData.Split split = FashionMnist.load(null);
        TrainingData data = TrainingData.images(split.train().limit(256), split.test().limit(64), null);
        Run run = Run.start(settings, data, settings.variants().get(0), 1);
        PredictionProbe probe = new PredictionProbe();
        run.net.addListeners(probe);
        List<DataSet> evaluation = data.evaluationBatches(64);
        ProgressBar quiet = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 8);
        run.trainEpoch(data, evaluation, List.of(), 64, quiet);
        assertEquals(1, ((MultiLayerNetwork) run.net).getEpochCount());
        double firstEpoch = probe.largestOffset;
        probe.largestOffset = 0;
        run.trainEpoch(data, evaluation, List.of(), 64, quiet);
        assertEquals(2, ((MultiLayerNetwork) run.net).getEpochCount());
        assertTrue(firstEpoch > 1e-3, "θ̂ − θ at lr 0.05: " + firstEpoch);
        assertTrue(probe.largestOffset < firstEpoch * 0.01 && probe.largestOffset > 0,
                "θ̂ − θ at lr 5e-5: " + probe.largestOffset + " (at 0.05: " + firstEpoch + ")");
    }

    /** max |θ̂ − θ| over the iterations: weights at the forward pass against the weights after the last update. */
    static final class PredictionProbe extends BaseTrainingListener {
        INDArray theta;
        double largestOffset;

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            if (theta != null) {
                largestOffset = Math.max(largestOffset, model.params().sub(theta).amaxNumber().doubleValue());
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            theta = model.params().dup();
        }
    }

    @ParameterizedTest
    @CsvSource({"adam, LISTENER", "adamw, UPDATER_ONLY", "sgdm, UPDATER_ONLY"})
    void resumedStudyGivesTheNumbersOfAnUninterruptedOne(String optimizer, String mode, @TempDir Path dir)
            throws IOException {
        String[] settings = {"--optimizer", optimizer, "--mode", mode, "--steps", "1,2", "--seeds", "1,2",
                "--weight-decay", "5e-4", "--lr-decay-epochs", "2", "--lr-decay-factor", "0.5"};
        Path resumed = dir.resolve("resumed");
        Path straight = dir.resolve("straight");
        assertEquals(0, compare(resumed, concat(settings, "--epochs", "2")));
        assertEquals(0, compare(resumed, "--epochs", "3", "--resume")); // the study's own settings, one more epoch
        assertEquals(0, compare(straight, concat(settings, "--epochs", "3")));
        List<String> expected = CompareCommandTest.metrics(straight);
        assertEquals(1 + 3 * 2 * 3, expected.size(), "3 variants x 2 seeds x 3 epochs");
        assertEquals(expected, CompareCommandTest.metrics(resumed));
        assertEquals(Files.readString(straight.resolve(Reports.MARKDOWN)),
                Files.readString(resumed.resolve(Reports.MARKDOWN)));
    }

    /** A study may change its worker count between sittings (the Brown Corpus study did): the runs must not notice. */
    @Test
    void theNumberOfWorkersDoesNotChangeTheNumbers(@TempDir Path dir) throws IOException {
        String[] settings = {"--steps", "1", "--seeds", "1,2", "--epochs", "2"};
        Path one = dir.resolve("one");
        Path three = dir.resolve("three");
        assertEquals(0, compare(one, concat(settings, "--workers", "1")));
        assertEquals(0, compare(three, concat(settings, "--workers", "3")));
        List<String> expected = CompareCommandTest.metrics(one);
        assertEquals(1 + 2 * 2 * 2, expected.size(), "2 variants x 2 seeds x 2 epochs");
        assertEquals(expected, CompareCommandTest.metrics(three));
    }

    @Test
    void finishRunsFirstTrainsEachRunToItsEndAndKeepsOnlyTheRecordsOfFinishedRuns(@TempDir Path dir)
            throws IOException {
        String[] settings = {"--steps", "1", "--seeds", "1,2", "--epochs", "2", "--workers", "1"};
        Path inTurn = dir.resolve("in-turn");
        Path together = dir.resolve("together");
        List<String> written = new ArrayList<>();
        Checkpoint.Storage before = Checkpoint.useStorage(file -> {
            written.add(file.getFileName().toString().replace(".zip.tmp", ""));
            return Files.newOutputStream(file);
        });
        try {
            assertEquals(0, compare(inTurn, concat(settings, "--finish-runs-first")));
        } finally {
            Checkpoint.useStorage(before);
        }
        assertEquals(List.of("Adam-seed1", "Adam-seed1", "XGrad-S1-seed1", "XGrad-S1-seed1", "Adam-seed2",
                "Adam-seed2", "XGrad-S1-seed2", "XGrad-S1-seed2"), written, "one run to its end, then the next");
        assertEquals(0, compare(together, settings));
        assertEquals(CompareCommandTest.metrics(together), CompareCommandTest.metrics(inTurn), "the same numbers");
        for (String run : List.of("Adam-seed1", "XGrad-S1-seed2")) {
            Path slim = inTurn.resolve(Checkpoint.DIRECTORY).resolve(run + ".zip");
            Path full = together.resolve(Checkpoint.DIRECTORY).resolve(run + ".zip");
            assertNull(Checkpoint.read(slim).net(), run + ": records only");
            assertFalse(Checkpoint.read(slim).networkKept());
            assertEquals(2, Checkpoint.read(slim).records().size());
            Checkpoint.Saved recordsOnly = Checkpoint.readRecords(full);
            Checkpoint.Saved whole = Checkpoint.read(full);
            assertTrue(recordsOnly.networkKept() && recordsOnly.net() == null, run + ": the network is not read");
            assertEquals(whole.records(), recordsOnly.records());
            assertNotNull(whole.net());
            assertFalse(Files.exists(Checkpoint.previous(slim)), run + ": no .previous");
            assertTrue(Files.size(slim) < 4096 && Files.size(full) > 100 * Files.size(slim),
                    run + ": " + Files.size(slim) + " vs " + Files.size(full) + " bytes");
        }
        String error = errorOf(inTurn, "--resume", "--epochs", "3");
        assertEquals(1, error.strip().lines().count(), error);
        assertTrue(error.contains("Adam-seed1.zip holds only the records of a finished run (--finish-runs-first): "
                + "its network was not kept, so it cannot train more --epochs"), error);
        assertEquals(0, compare(inTurn, "--resume"), "a finished study resumes as finished");
    }

    @Test
    void aKillDuringACheckpointWriteLosesOnlyThatEpoch(@TempDir Path out) throws IOException {
        assertEquals(0, compare(out, "--steps", "1", "--epochs", "1", "--seeds", "1"));
        List<String> afterOne = CompareCommandTest.metrics(out);
        // what a kill in the middle of writing epoch 2's checkpoint leaves: a partial temporary file
        Path checkpoint = Checkpoint.file(out, "XGrad-S1", 1);
        Path partial = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
        Files.write(partial, Arrays.copyOf(Files.readAllBytes(checkpoint), 1000));
        assertEquals(0, compare(out, "--epochs", "2", "--resume"));
        List<String> afterTwo = CompareCommandTest.metrics(out);
        assertEquals(afterOne, afterTwo.stream().filter(l -> !l.contains(",2,")).toList());
        assertEquals(1 + 2 * 2, afterTwo.size());
        assertFalse(Files.exists(partial), "the partial file was replaced by epoch 2's checkpoint");
    }

    @Test
    void resumeRefusesOtherSettingsAndAFreshRunRefusesToOverwriteAnUnfinishedStudy(@TempDir Path out)
            throws IOException {
        assertEquals(0, compare(out, "--steps", "1", "--epochs", "1", "--lr", "1e-3", "--seeds", "1"));
        String error = errorOf(out, "--resume", "--lr", "2e-3", "--weight-decay", "1e-4");
        assertEquals(1, error.strip().lines().count(), error);
        assertTrue(error.contains("--resume: this study was started with other settings: --lr 0.002 (the study has "
                + "0.001); --weight-decay 1.0E-4 (the study has 0.0)"), error);
        assertEquals(0, compare(out, "--resume", "--lr", "0.001", "--epochs", "2"), "the same value, written another way");

        // an interrupted study (asked for 3 epochs, has 2) is not overwritten by a run without --resume
        Path settings = out.resolve(Study.SETTINGS_FILE);
        Files.writeString(settings, Files.readString(settings).replace("epochs=2", "epochs=3"));
        error = errorOf(out, "--steps", "1", "--epochs", "3");
        assertTrue(error.contains("holds an unfinished study (Adam seed 1 at epoch 2 of 3): add --resume"), error);
        assertEquals(1, error.strip().lines().count(), error);
        assertEquals(0, compare(out, "--resume"));
        assertEquals(1 + 2 * 3, CompareCommandTest.metrics(out).size());
    }

    @Test
    void protocolsSetThePapersSetupAndOptionsOverrideThem() {
        StudySettings adam = StudySettings.resolve(Map.of("protocol", "fashion-mnist-adam"), null);
        assertEquals("lenet5", adam.model());
        assertEquals("full", adam.data());
        assertEquals(1e-3, adam.learningRate());
        assertEquals(128, adam.batchSize());
        assertEquals(5e-4, adam.weightDecay());
        assertEquals(5e-4, adam.l2(), "Adam: an L2 penalty");
        assertEquals(50, adam.epochs());
        assertEquals(List.of(1, 2, 3, 4), adam.steps());
        assertEquals(List.of(), adam.decayEpochs());

        StudySettings adamw = StudySettings.resolve(Map.of("protocol", "cifar10-adamw"), null);
        assertEquals(0, adamw.l2(), "AdamW: decoupled, in the updater");
        assertEquals(5e-4, ((org.xgrad.updaters.XAdamW) adamw.variants().get(1).updater()).getWeightDecay());
        assertEquals(List.of(90), adamw.decayEpochs());
        assertEquals(120, adamw.epochs());

        StudySettings sgdm = StudySettings.resolve(Map.of("protocol", "cifar100-sgdm", "epochs", "3", "lr", "0.1"),
                null);
        assertEquals("cifar100", sgdm.dataset());
        assertEquals(List.of(120, 150), sgdm.decayEpochs());
        assertEquals(3, sgdm.epochs(), "explicit options override the protocol");
        assertEquals(0.1, sgdm.learningRate());
        assertEquals(1e-3, sgdm.learningRateSchedule().valueAt(0, 150), 1e-12, "0.1 ÷10 twice from the 151st epoch");
        assertEquals(1e-2, sgdm.learningRateSchedule().valueAt(0, 149), 1e-12);
        assertEquals(0.1, sgdm.learningRateSchedule().valueAt(0, 119), 1e-12);

        StudySettings ptb = StudySettings.resolve(Map.of("protocol", "ptb-adam"), null);
        assertEquals(20, ptb.batchSize());
        assertEquals(List.of(100, 145), ptb.decayEpochs());
        assertEquals(200, ptb.epochs());

        for (Protocol p : Protocol.values()) {
            StudySettings s = StudySettings.resolve(Map.of("protocol", p.optionValue()), null);
            assertTrue(Models.names().contains(s.model()), p + ": " + s.model());
            assertEquals(1e-3, s.learningRate(), p.toString());
            assertEquals(5e-4, s.weightDecay(), p.toString());
        }
    }

    @Test
    void helpListsProtocolAndResume() {
        Console.Captured run = Console.capture(() -> XGradCli.execute("compare", "--help"));
        assertEquals(0, run.code());
        String help = run.out();
        assertTrue(help.contains("--protocol") && help.contains("--resume"), help);
        assertTrue(help.contains("(default: lenet5)") && help.contains("(default: 1,2,3,4)"), help);
    }

    @Test
    void aBadProtocolNamesTheValidOnes(@TempDir Path out) {
        String error = errorOf(out, "--protocol", "mnist");
        assertTrue(error.contains("--protocol mnist is not one of fashion-mnist-adam, fashion-mnist-adamw, "
                + "cifar10-sgdm"), error);
    }

    @Test
    void ptbIsScoredByValidationPerplexityLowerIsBetter(@TempDir Path dir) throws IOException {
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "dog", "ran"};
        StringBuilder train = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        for (int line = 0; line < 40; line++) {
            for (int w = 0; w < 6; w++) {
                train.append(words[random.nextInt(words.length)]).append(' ');
            }
            train.append('\n');
        }
        Files.writeString(dir.resolve("ptb.train.txt"), train);
        Files.writeString(dir.resolve("ptb.valid.txt"), "the dog sat on a mat\nthe cat ran\n");
        Files.writeString(dir.resolve("ptb.test.txt"), "a cat sat on the mat\nthe dog ran on a mat\na cat ran\n");

        TrainingData text = TrainingData.load("ptb", dir.toString(), 0, 0, 5);
        assertEquals(Metric.PERPLEXITY, text.metric());
        List<String> vocabulary = org.xgrad.examples.data.TextCorpus.load(dir).vocabulary();
        DataSet first = text.evaluationBatches(2).get(0);
        assertEquals(vocabulary.indexOf("the"), first.getFeatures().getInt(0, 0, 0), "the validation text's 1st word");
        assertEquals(vocabulary.indexOf("dog"), first.getFeatures().getInt(0, 0, 1),
                "then 'dog': the validation split, not the test one");

        Path out = dir.resolve("out");
        assertEquals(0, XGradCli.execute("compare", "--dataset", "ptb", "--data", dir.toString(), "--model",
                "lstm1", "--batch-size", "4", "--bptt", "5", "--epochs", "2", "--steps", "1", "--out",
                out.toString()));
        List<EpochRecord> records = Reports.readCsv(out.resolve(Reports.CSV));
        assertEquals(4, records.size());
        assertTrue(Files.size(out.resolve(Metric.PERPLEXITY.plotFile())) > 0);
        String table = Files.readString(out.resolve(Reports.MARKDOWN));
        assertTrue(table.contains("| Optimizer | Best validation perplexity | Last-epoch validation perplexity | "
                + "Min validation loss | Test perplexity at the best validation epoch |"), table);
        assertEquals(vocabulary.indexOf("a"), text.testBatches(2).get(0).getFeatures().getInt(0, 0, 0),
                "the test split's 1st word");
        for (String variant : List.of("Adam", "XGrad-S1")) {
            EpochRecord bestEpoch = records.stream().filter(r -> r.variant().equals(variant))
                    .min(java.util.Comparator.comparingDouble(EpochRecord::valLoss)).orElseThrow();
            assertTrue(Double.isFinite(bestEpoch.testLoss()) && bestEpoch.testLoss() != bestEpoch.valLoss(),
                    "a test loss of its own: " + bestEpoch);
            assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.2f |", Math.exp(bestEpoch.testLoss()))),
                    variant + "'s test perplexity at its best validation epoch in " + table);
        }
        double[] best = records.stream().collect(java.util.stream.Collectors.groupingBy(EpochRecord::variant,
                java.util.stream.Collectors.summarizingDouble(r -> Math.exp(r.valLoss())))).values().stream()
                .mapToDouble(java.util.DoubleSummaryStatistics::getMin).toArray();
        String lowest = String.format(java.util.Locale.ROOT, "**%.2f**", Math.min(best[0], best[1]));
        assertTrue(table.contains("| " + lowest + " |"), "the lowest perplexity is the bold one: " + table);
        assertTrue(Math.exp(records.get(1).valLoss()) < words.length * 2.0, "perplexity near the vocabulary size at "
                + "most: " + records);
    }

    @Test
    void wrappedOptimizersRunAndWrappedAdamTracksXAdam(@TempDir Path dir) throws IOException {
        assertEquals(0, compare(dir.resolve("dedicated"), "--optimizer", "adam", "--steps", "1", "--epochs", "2",
                "--no-base"));
        assertEquals(0, compare(dir.resolve("wrapped"), "--optimizer", "wrapped:adam", "--steps", "1", "--epochs", "2",
                "--no-base"));
        List<EpochRecord> dedicated = rows(dir.resolve("dedicated"), "XGrad-S1");
        List<EpochRecord> wrapped = rows(dir.resolve("wrapped"), "XGrad-S1");
        for (int e = 0; e < 2; e++) {
            assertEquals(dedicated.get(e).valLoss(), wrapped.get(e).valLoss(), 1e-3, "FLOAT rounding only");
        }
        assertEquals(0, compare(dir.resolve("nesterovs"), "--optimizer", "nesterovs", "--steps", "1", "--epochs", "1"));
        List<EpochRecord> nesterovs = rows(dir.resolve("nesterovs"), "XGrad-S1");
        assertEquals(0.05, nesterovs.get(0).lr(), 1e-12);
        assertEquals(0, compare(dir.resolve("adadelta"), "--optimizer", "adadelta", "--steps", "1", "--epochs", "1"));
        assertTrue(Double.isNaN(rows(dir.resolve("adadelta"), "XGrad-S1").get(0).lr()), "AdaDelta has no learning rate");
        String error = errorOf(dir.resolve("sgdm"), "--optimizer", "wrapped:sgdm");
        assertTrue(error.contains("--optimizer wrapped:sgdm: SGDM has no stock DL4J updater"), error);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
