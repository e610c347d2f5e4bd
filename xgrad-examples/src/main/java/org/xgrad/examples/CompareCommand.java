package org.xgrad.examples;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code xgrad compare}: the base optimizer against XGrad-S1..S4 on the same seeds and data order. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Trains a model with the base optimizer and with XGrad (weight prediction, s steps), same seed "
                + "and data order, and writes results.csv, accuracy.png, loss.png and results.md (the paper's table "
                + "layout) to --out.",
                "Default: LeNet-5 on the Fashion-MNIST subset embedded in the jar, Adam vs XGrad-S1..S4, 2 epochs."})
public class CompareCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model: ${COMPLETION-CANDIDATES}; one of " + Models.NAMES
            + " (default: ${DEFAULT-VALUE})", defaultValue = "lenet5")
    String model;

    @Option(names = "--dataset", description = "fashion-mnist, cifar10, cifar100 or ptb (default: ${DEFAULT-VALUE})",
            defaultValue = "fashion-mnist")
    String dataset;

    @Option(names = "--data", description = "Data directory; for fashion-mnist also 'embedded' (the default: the "
            + "10k/2k subset in the jar) or 'full' (the 60k/10k set of the Debian package dataset-fashion-mnist)")
    String data;

    @Option(names = "--optimizer", description = "Optimizer family: sgdm, adam, adamw, rmsprop, adagrad, nadam, "
            + "amsgrad, adamax, adabelief (default: ${DEFAULT-VALUE})", defaultValue = "adam")
    String optimizer;

    @Option(names = "--steps", split = ",", description = "XGrad prediction steps to run (default: 1,2,3,4)",
            defaultValue = "1,2,3,4")
    List<Integer> steps;

    @Option(names = "--no-base", description = "Do not run the base optimizer")
    boolean noBase;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", description = "Learning rate (default: 0.05 for sgdm, 0.01 for adagrad, 1e-3 otherwise)")
    Double learningRate;

    @Option(names = "--lr-decay-epochs", split = ",", description = "Epochs at which the learning rate is multiplied"
            + " by --lr-decay-factor, e.g. 120,150 (the paper's CIFAR schedule)")
    List<Integer> decayEpochs = new ArrayList<>();

    @Option(names = "--lr-decay-factor", defaultValue = "0.1", description = "Step decay factor (default: 0.1)")
    double decayFactor;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay: decoupled for adamw, an L2 "
            + "penalty (PyTorch's weight_decay) otherwise (default: ${DEFAULT-VALUE}; the paper uses 5e-4)")
    double weightDecay;

    @Option(names = "--seeds", split = ",", defaultValue = "1", description = "Seeds, e.g. 1,2,3 (default: 1)")
    List<Long> seeds;

    @Option(names = "--mode", defaultValue = "LISTENER", description = "How prediction is driven: LISTENER or "
            + "UPDATER (updater-only) (default: ${DEFAULT-VALUE})")
    Trainer.Mode mode;

    @Option(names = "--out", defaultValue = "xgrad-results", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    DataSubset subset;

    @Option(names = "--bptt", defaultValue = "35", description = "Sequence length for ptb (default: ${DEFAULT-VALUE})")
    int bptt;

    @Override
    public Integer call() throws Exception {
        validate();
        OptimizerFamily family = OptimizerFamily.parse(optimizer);
        double lr = learningRate != null ? learningRate : family.defaultLearningRate();
        ISchedule schedule = schedule(lr);
        double l2 = family.decoupledWeightDecay() ? 0 : weightDecay;

        TrainingData training = TrainingData.load(dataset, data, subset.trainLimit, subset.testLimit, bptt);
        List<Trainer.Variant> variants = new ArrayList<>();
        if (!noBase) {
            variants.add(new Trainer.Variant(family.label(), family.base(schedule, weightDecay)));
        }
        for (int s : steps) {
            variants.add(new Trainer.Variant("XGrad-S" + s, family.xgrad(schedule, s, weightDecay)));
        }
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "%s, %s; %s lr=%s weight decay=%s; %d epochs, batch %d, seeds %s; %s mode%n",
                model, training.describe(), family.label(), lr, weightDecay, epochs, batchSize, seeds, mode);

        long batchesPerEpoch = training.trainBatches(batchSize, 0).size();
        ProgressBar progress = new ProgressBar(System.err, batchesPerEpoch * epochs * variants.size() * seeds.size());
        List<EpochRecord> records = new ArrayList<>();
        for (long seed : seeds) {
            for (Trainer.Variant variant : variants) {
                records.addAll(Trainer.run(model, training, variant, seed, epochs, batchSize, l2, mode, progress));
                Reports.writeCsv(out.resolve(Reports.CSV), records);
            }
        }
        String title = String.format(Locale.ROOT, "%s on %s, %s (lr %s, batch %d, weight decay %s, %d epochs)", model,
                dataset, family.label(), lr, batchSize, weightDecay, epochs);
        String table = Reports.markdownTable(records, title);
        Files.writeString(out.resolve(Reports.MARKDOWN), table, StandardCharsets.UTF_8);
        Reports.writeChart(out.resolve(Reports.ACCURACY_PNG), records, EpochRecord::top1,
                "Test top-1 accuracy: " + title, "Top-1 accuracy (%)");
        Reports.writeChart(out.resolve(Reports.LOSS_PNG), records, EpochRecord::valLoss, "Test loss: " + title,
                "Cross-entropy");
        System.out.println();
        System.out.println(table);
        System.out.println("Written to " + out.toAbsolutePath() + ": " + Reports.CSV + ", " + Reports.MARKDOWN + ", "
                + Reports.ACCURACY_PNG + ", " + Reports.LOSS_PNG);
        return 0;
    }

    private ISchedule schedule(double lr) {
        Map<Integer, Double> values = new HashMap<>();
        values.put(0, lr);
        double current = lr;
        for (int e : decayEpochs.stream().sorted().toList()) {
            current *= decayFactor;
            values.put(e, current);
        }
        return new MapSchedule(ScheduleType.EPOCH, values);
    }

    private void validate() {
        XGradCli.require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        XGradCli.require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize);
        XGradCli.require(!seeds.isEmpty(), "--seeds needs at least one seed");
        XGradCli.require(steps.stream().allMatch(s -> s >= 1), "--steps must be >= 1 each, got " + steps);
        XGradCli.require(!noBase || !steps.isEmpty(), "nothing to run: --no-base and no --steps");
        XGradCli.require(decayFactor > 0 && decayFactor <= 1, "--lr-decay-factor must be in (0, 1], got " + decayFactor);
        XGradCli.require(weightDecay >= 0, "--weight-decay must be >= 0, got " + weightDecay);
        XGradCli.require(learningRate == null || learningRate > 0, "--lr must be > 0, got " + learningRate);
        subset.validate();
    }
}
