package org.xgrad.examples.cli;

import org.xgrad.examples.data.DataFormatException;
import org.xgrad.examples.experiment.Models;
import org.xgrad.examples.experiment.Optimizer;
import org.xgrad.examples.experiment.OptimizerFamily;
import org.xgrad.examples.study.Run;
import org.xgrad.examples.study.Trainer;
import org.xgrad.examples.study.TrainingData;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.EqualRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.xgrad.spark.XGradSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Spark example job: a zoo model (LeNet-5 by default) on Fashion-MNIST (the embedded subset by default) with DL4J's
 * Spark training, XGrad on every worker ({@link XGradSpark#enablePrediction}), test accuracy of the driver's network
 * after every epoch.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Distributed training with DL4J on Spark and XGrad on every worker: LeNet-5 on Fashion-MNIST "
                + "(embedded subset), XAdam(s=1), parameter averaging, local[*]; per-epoch test accuracy.",
                "JVM flags: ./xgrad passes target/jvm.args; executors of a cluster get them through "
                        + "spark.executor.extraJavaOptions (set here unless given)."})
final class SparkCommand implements Callable<Integer> {

    static final String AERON_TIMEOUT = "aeron.publication.unblock.timeout";

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master URL (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--training-master", defaultValue = "averaging",
            description = "averaging (ParameterAveragingTrainingMaster) or shared (SharedTrainingMaster: gradient "
                    + "sharing through DL4J's parameter server) (default: ${DEFAULT-VALUE})")
    String trainingMaster;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Data partitions, one Spark task each (default: Spark's default parallelism)")
    int partitions;

    @Option(names = "--model", defaultValue = "lenet5", completionCandidates = Models.Names.class,
            description = "Model: one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--data", defaultValue = "embedded",
            description = "Fashion-MNIST: 'embedded' (10k/2k subset in the jar), 'full' (apt-get install "
                    + "dataset-fashion-mnist) or a directory (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--optimizer", defaultValue = "adam", description = "Optimizer family (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--steps", split = ",", defaultValue = "1", description = "XGrad prediction steps s, e.g. 0,1: "
            + "one training per value, in turn; 0 runs the base optimizer (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--lr", completionCandidates = OptimizerFamily.DefaultLearningRates.class,
            description = "Learning rate (default: ${COMPLETION-CANDIDATES})")
    Double learningRate;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size per worker (default: "
            + "${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--averaging-frequency", defaultValue = "5",
            description = "averaging: minibatches per worker between parameter averages (default: ${DEFAULT-VALUE})")
    int averagingFrequency;

    @Option(names = "--threshold", defaultValue = "1e-3",
            description = "shared: initial update-encoding threshold (adaptive) (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--controller", defaultValue = "127.0.0.1",
            description = "shared: address of the parameter-server controller (the driver) (default: ${DEFAULT-VALUE})")
    String controller;

    @Option(names = "--network-mask", defaultValue = "127.0.0.0/8",
            description = "shared: network the workers' parameter-server transport binds to; empty: the address in "
                    + "the executors' DL4J_VOID_IP (default: ${DEFAULT-VALUE})")
    String networkMask;

    @Option(names = "--port", defaultValue = "40123", description = "shared: UDP port of the parameter server "
            + "(default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = {"--seed", "--seeds"}, defaultValue = "1", description = "Seed (one: Spark trains one run) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--export", description = "Write the training set as DL4J minibatch files (one serialized DataSet "
            + "of --batch-size examples each) to DIR and train from them; default: a temporary directory, deleted at "
            + "the end. On a cluster, DIR must be a filesystem every executor sees at the same path")
    Path exportDir;

    @Option(names = "--train-paths", description = "Train from minibatch files written by --export (no export)")
    Path trainPaths;

    @Mixin
    DataSubset subset;

    @Override
    public Integer call() throws Exception {
        validate();
        Optimizer family = Optimizer.parse(optimizer);
        double lr = learningRate != null ? learningRate : family.defaultLearningRate();
        FixedSchedule schedule = new FixedSchedule(lr);
        TrainingData training = TrainingData.load("fashion-mnist", data, subset.trainLimit, subset.testLimit, 0);
        Models.requireFits(model, "fashion-mnist", training.inputShape(), training.numClasses());
        List<DataSet> test = training.evaluationBatches(batchSize);

        System.setProperty(AERON_TIMEOUT, System.getProperty(AERON_TIMEOUT, "60000000000"));
        try (JavaSparkContext sc = new JavaSparkContext(sparkConf())) {
            int tasks = partitions > 0 ? partitions : sc.defaultParallelism();
            MinibatchFiles files = minibatchFiles(training);
            System.out.printf(Locale.ROOT, "training from %d minibatch files in %s%n", files.paths().size(),
                    files.dir());
            try {
                for (int s : steps) {
                    IUpdater updater = s > 0 ? family.xgrad(schedule, s, 0) : family.base(schedule, 0);
                    String variant = s > 0 ? "XGrad-S" + s + " (" + family.label() + ")" : family.label();
                    train(sc, tasks, training, files, test, updater, variant, lr);
                }
            } finally {
                files.deleteIfTemporary();
            }
        }
        return 0;
    }

    /** One distributed training of {@code updater} from the same seed and minibatch files, test metrics per epoch. */
    private void train(JavaSparkContext sc, int tasks, TrainingData training, MinibatchFiles files, List<DataSet> test,
                       IUpdater updater, String variant, double lr) {
        Model net = Models.create(model, training.inputShape(), training.numClasses(), updater, 0, seed);
        TrainingMaster<?, ?> tm = trainingMaster(tasks);
        Distributed distributed = distributed(sc, net, tm);
        System.out.printf(Locale.ROOT, "%s, %s on Spark %s (%s, %d partitions, batch %d per worker); %s, lr %s%n",
                model, training.describe(), sc.master(), tm.getClass().getSimpleName(), tasks, batchSize, variant, lr);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            // DL4J's recommended pipeline: the executors load the minibatches themselves (fitPaths); tasks carry file
            // names only. The files are shuffled per epoch, their content fixed at export.
            List<String> order = new ArrayList<>(files.paths());
            java.util.Collections.shuffle(order, new java.util.Random(Run.epochSeed(seed, epoch)));
            long start = System.nanoTime();
            distributed.fitPaths().accept(sc.parallelize(order, tasks));
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] eval = Trainer.evaluate(distributed.network().get(), test);
            System.out.printf(Locale.ROOT, "epoch %d/%d: test loss %.4f, top-1 %.2f %%, top-5 %.2f %% (%.1f s)%n",
                    epoch, epochs, eval[0], eval[1], eval[2], seconds);
        }
    }

    /** The Spark network of either type: fit one epoch from minibatch files, and the driver's network (θ after each). */
    private record Distributed(Consumer<JavaRDD<String>> fitPaths, Supplier<Model> network) {
    }

    /** The training minibatches as files, and whether this run made them in a temporary directory. */
    record MinibatchFiles(Path dir, List<String> paths, boolean temporary) {
        void deleteIfTemporary() throws IOException {
            if (temporary) {
                for (String p : paths) {
                    Files.deleteIfExists(Path.of(p));
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    /** --train-paths, or the training set written as minibatch files (--export DIR, else a temporary directory). */
    private MinibatchFiles minibatchFiles(TrainingData training) throws IOException {
        if (trainPaths != null) {
            return new MinibatchFiles(trainPaths, listMinibatchFiles(trainPaths), false);
        }
        Path dir = exportDir != null ? Files.createDirectories(exportDir)
                : Files.createTempDirectory("xgrad-spark-minibatches");
        return new MinibatchFiles(dir, export(training.trainBatches(batchSize, seed), dir), exportDir == null);
    }

    static final String MINIBATCH_PREFIX = "minibatch-";

    /** Writes each minibatch as {@code minibatch-NNNNNN.bin} ({@code DataSet.save}); returns the file paths. */
    static List<String> export(List<DataSet> batches, Path dir) throws IOException {
        for (String old : listMinibatchFiles(dir)) {
            Files.delete(Path.of(old));
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            File file = dir.resolve(String.format(Locale.ROOT, "%s%06d.bin", MINIBATCH_PREFIX, i)).toFile();
            batches.get(i).save(file);
            paths.add(file.getAbsolutePath());
        }
        return paths;
    }

    static List<String> listMinibatchFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("--train-paths " + dir + " is not a directory of minibatch files (write "
                    + "one with --export DIR)");
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(MINIBATCH_PREFIX)).sorted()
                    .map(f -> f.toAbsolutePath().toString()).toList();
        }
    }

    private static Distributed distributed(JavaSparkContext sc, Model net, TrainingMaster<?, ?> tm) {
        if (net instanceof ComputationGraph graph) {
            SparkComputationGraph spark = new SparkComputationGraph(sc, graph, tm);
            XGradSpark.enablePrediction(spark);
            return new Distributed(spark::fitPaths, spark::getNetwork);
        }
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, (MultiLayerNetwork) net, tm);
        XGradSpark.enablePrediction(spark);
        return new Distributed(spark::fitPaths, spark::getNetwork);
    }

    private TrainingMaster<?, ?> trainingMaster(int tasks) {
        if (trainingMaster.equals("shared")) {
            VoidConfiguration voidConfiguration = VoidConfiguration.builder().unicastPort(port)
                    .controllerAddress(controller).networkMask(networkMask.isEmpty() ? null : networkMask).build();
            return new SharedTrainingMaster.Builder(voidConfiguration, tasks,
                    new AdaptiveThresholdAlgorithm(threshold), batchSize)
                    .batchSizePerWorker(batchSize).rngSeed(seed).rddTrainingApproach(RDDTrainingApproach.Direct)
                    // One partition per worker. DL4J's default repartitioner makes about one per minibatch, i.e. many
                    // short feeder tasks per executor, and SharedTrainingWrapper has a race: a feeder that attaches
                    // after the executor's training loop found no more data waits forever (seen in a test run).
                    .repartitioner(new EqualRepartitioner())
                    .build();
        }
        return new ParameterAveragingTrainingMaster.Builder(tasks, batchSize).batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency).workerPrefetchNumBatches(2).saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct).rngSeed(seed).build();
    }

    private SparkConf sparkConf() throws IOException {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("xgrad-spark")
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            // Everything runs in this JVM: bind to loopback only.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            return conf;
        }
        String localIp = System.getenv("SPARK_LOCAL_IP");
        boolean loopbackMaster = master.matches("spark://(127\\.[0-9.]+|localhost)(:[0-9]+)?");
        XGradCli.require(loopbackMaster || localIp == null || !localIp.startsWith("127."), "--master " + master
                + ": executors cannot reach a driver bound to SPARK_LOCAL_IP=" + localIp + "; set SPARK_LOCAL_IP to "
                + "this host's address");
        // A cluster: executors need this application's classes (Spark and Scala are the cluster's own) and the flags.
        conf.setIfMissing("spark.executor.extraJavaOptions", jvmFlags() + " -D" + AERON_TIMEOUT + "="
                + System.getProperty(AERON_TIMEOUT));
        conf.setJars(applicationJars().toArray(String[]::new));
        return conf;
    }

    static String jvmFlags() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SparkCommand.class.getResourceAsStream("spark-jvm.properties")) {
            if (in == null) {
                throw new IOException("spark-jvm.properties missing from the jar: rebuild with mvn install");
            }
            properties.load(in);
        }
        return properties.getProperty("flags");
    }

    /** This jar and its lib/ directory, without the Spark and Scala jars a cluster already has. */
    private static List<String> applicationJars() {
        File jar = new File(SparkCommand.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> jars = new ArrayList<>();
        jars.add(jar.getAbsolutePath());
        File[] libs = new File(jar.getParentFile(), "lib").listFiles((dir, name) -> name.endsWith(".jar")
                && !name.startsWith("spark-") && !name.startsWith("scala-"));
        if (libs != null) {
            for (File lib : libs) {
                jars.add(lib.getAbsolutePath());
            }
        }
        return jars;
    }

    private void validate() {
        XGradCli.require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        XGradCli.require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize);
        XGradCli.require(steps.stream().allMatch(s -> s >= 0), "--steps must be >= 0 each, got " + steps);
        XGradCli.require(partitions >= 0, "--partitions must be >= 0 (0 = Spark's default parallelism), got "
                + partitions);
        XGradCli.require(averagingFrequency >= 1, "--averaging-frequency must be >= 1, got " + averagingFrequency);
        XGradCli.require(threshold > 0, "--threshold must be > 0, got " + threshold);
        XGradCli.require(port > 0 && port < 65536, "--port must be in [1, 65535], got " + port);
        XGradCli.require(trainingMaster.equals("averaging") || trainingMaster.equals("shared"),
                "--training-master must be 'averaging' or 'shared', got '" + trainingMaster + "'");
        XGradCli.require(learningRate == null || learningRate > 0, "--lr must be > 0, got " + learningRate);
        XGradCli.require(exportDir == null || trainPaths == null, "--export and --train-paths: give one of them");
        subset.validate();
    }
}
