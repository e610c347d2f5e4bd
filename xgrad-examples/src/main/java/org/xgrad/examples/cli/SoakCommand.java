package org.xgrad.examples.cli;

import org.xgrad.examples.data.FashionMnist;
import org.xgrad.examples.data.ImageData;
import org.xgrad.examples.report.NetworkMemory;
import org.xgrad.examples.study.Trainer;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.XAdam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code xgrad soak}: a long run of a small network (an MLP on the embedded Fashion-MNIST subset) in each mode — stock
 * Adam, XGrad listener, XGrad updater-only — sampling JVM heap (after a GC), ND4J's off-heap memory (JavaCPP's
 * tracked bytes and the process's physical bytes) and the thread's workspaces; prints the samples and, per measure,
 * the growth per 1,000 iterations after warm-up (a least-squares slope).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Long-run memory check: heap, off-heap and workspace memory over many iterations, per mode.")
public class SoakCommand implements Callable<Integer> {

    @Option(names = "--iterations", defaultValue = "20000", description = "Iterations per mode (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--every", defaultValue = "1000", description = "Sampling interval (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--warmup", defaultValue = "2000", description = "Iterations excluded from the slope "
            + "(default: ${DEFAULT-VALUE})")
    int warmup;

    /** One sample: iteration, heap after GC, JavaCPP-tracked off-heap, process physical memory, workspaces. */
    record Sample(long iteration, long heap, long offHeap, long physical, long workspaces) {
    }

    @Override
    public Integer call() throws Exception {
        XGradCli.require(iterations >= 1, "--iterations must be >= 1, got " + iterations);
        XGradCli.require(every >= 1, "--every must be >= 1, got " + every);
        XGradCli.require(warmup >= 0 && warmup < iterations, "--warmup must be in [0, --iterations), got " + warmup);
        Trainer.singleThreadedOps();
        ImageData train = FashionMnist.load(null).train();
        List<DataSet> batches = new ArrayList<>(train.batches(32, 1)); // built once: the run measures training only
        System.out.printf(Locale.ROOT, "soak: MLP 784-128-10, batch 32, %d iterations per mode, sample every %d, "
                + "slope after %d%n", iterations, every, warmup);
        System.out.println("| mode | heap MiB (first → last) | off-heap MiB | physical MiB | workspaces MiB "
                + "| heap growth KiB/1k it | off-heap growth KiB/1k it | physical growth KiB/1k it |");
        System.out.println("|---|---|---|---|---|---:|---:|---:|");
        for (String mode : new String[] {"stock Adam", "XGrad-S1 listener", "XGrad-S1 updater-only"}) {
            IUpdater updater = mode.startsWith("stock") ? new Adam(1e-3) : new XAdam(1e-3, 1);
            MultiLayerNetwork net = mlp(updater);
            if (mode.endsWith("listener")) {
                XGrad.enablePrediction(net);
            }
            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 1; t <= iterations; t++) {
                net.fit(batches.get(t % batches.size()));
                if (t % every == 0) {
                    samples.add(sample(t));
                }
                if (t == every) {
                    System.err.printf(Locale.ROOT, "%s: %d iterations in %.1f s%n", mode, t, (System.nanoTime() - start) / 1e9);
                }
            }
            report(mode, samples);
            net.close();
        }
        return 0;
    }

    static MultiLayerNetwork mlp(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 28, 1)).build());
        net.init();
        return net;
    }

    private static Sample sample(long iteration) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new Sample(iteration, rt.totalMemory() - rt.freeMemory(), Pointer.totalBytes(), Pointer.physicalBytes(),
                NetworkMemory.workspaceBytes());
    }

    private void report(String mode, List<Sample> samples) {
        List<Sample> steady = samples.stream().filter(s -> s.iteration() > warmup).toList();
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        System.out.printf(Locale.ROOT, "| %s | %.1f → %.1f | %.1f → %.1f | %.1f → %.1f | %.1f → %.1f | %+.1f | %+.1f "
                        + "| %+.1f |%n", mode, mib(first.heap()), mib(last.heap()), mib(first.offHeap()),
                mib(last.offHeap()), mib(first.physical()), mib(last.physical()), mib(first.workspaces()),
                mib(last.workspaces()), slope(steady, Sample::heap), slope(steady, Sample::offHeap),
                slope(steady, Sample::physical));
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** Least-squares slope of a measure over the iterations, in KiB per 1,000 iterations. */
    static double slope(List<Sample> samples, java.util.function.ToLongFunction<Sample> measure) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = samples.stream().mapToDouble(Sample::iteration).average().orElseThrow();
        double my = samples.stream().mapToDouble(measure::applyAsLong).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            sxy += (s.iteration() - mx) * (measure.applyAsLong(s) - my);
            sxx += (s.iteration() - mx) * (s.iteration() - mx);
        }
        return sxy / sxx * 1000 / 1024;
    }
}
