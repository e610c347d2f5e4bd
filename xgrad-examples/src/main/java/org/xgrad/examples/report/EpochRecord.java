package org.xgrad.examples.report;

import java.util.Locale;

/**
 * One epoch of one optimizer variant and seed: the row of results.csv.
 *
 * @param variant      e.g. "Adam" or "XGrad-S2"
 * @param seed         the run's seed (weights and data order)
 * @param epoch        1-based
 * @param lr           the learning rate the updater applied at the epoch's first iteration (DL4J's iteration and
 *                     epoch counters of that iteration, through the variant's schedule)
 * @param trainLoss    mean training mini-batch loss of the epoch (at the weights the forward pass used)
 * @param valLoss      mean cross-entropy on the evaluation split (test images; validation text) at the true
 *                     weights θ
 * @param top1         top-1 accuracy on the evaluation split, % (per word for text)
 * @param top5         top-5 accuracy on the evaluation split, %
 * @param seconds      wall time of the epoch's training (evaluation excluded)
 * @param peakHeapMb   peak JVM heap of the process so far, MiB
 * @param peakOffHeapMb ND4J (off-heap) memory held by the network: parameters, gradients, updater state and the
 *                      listener's cache, MiB (workspaces excluded; see {@code NetworkMemory})
 * @param testLoss     mean cross-entropy on the test split at θ where the evaluation split is another (text: the
 *                     validation split), else NaN
 */
public record EpochRecord(String variant, long seed, int epoch, double lr, double trainLoss, double valLoss,
                          double top1, double top5, double seconds, double peakHeapMb, double peakOffHeapMb,
                          double testLoss) {

    /** An epoch without a separate test split (images: the evaluation split is the test set). */
    public EpochRecord(String variant, long seed, int epoch, double lr, double trainLoss, double valLoss, double top1,
                       double top5, double seconds, double peakHeapMb, double peakOffHeapMb) {
        this(variant, seed, epoch, lr, trainLoss, valLoss, top1, top5, seconds, peakHeapMb, peakOffHeapMb, Double.NaN);
    }

    public static final String HEADER = "variant,seed,epoch,lr,train_loss,val_loss,top1,top5,epoch_seconds,"
            + "peak_heap_mb,peak_offheap_mb,diverged,test_loss";
    /** Earlier headers, still read: without {@code test_loss} (NaN), without {@code diverged} (derived) too. */
    public static final String HEADER_WITHOUT_TEST = HEADER.substring(0, HEADER.lastIndexOf(','));
    public static final String HEADER_WITHOUT_DIVERGED = HEADER_WITHOUT_TEST.substring(0,
            HEADER_WITHOUT_TEST.lastIndexOf(','));

    /** @return true if the run diverged in this epoch: its training or evaluation loss is not finite */
    public boolean diverged() { return !Double.isFinite(trainLoss) || !Double.isFinite(valLoss); }

    /** Columns that are the same in every run of the same study (the others are time and memory). */
    public static final int METRIC_COLUMNS = 8;

    public String toCsv() {
        return String.join(",", variant, Long.toString(seed), Integer.toString(epoch), num(lr), num(trainLoss),
                num(valLoss), num(top1), num(top5), String.format(Locale.ROOT, "%.3f", seconds),
                String.format(Locale.ROOT, "%.1f", peakHeapMb), String.format(Locale.ROOT, "%.1f", peakOffHeapMb),
                diverged() ? "1" : "0", num(testLoss));
    }

    public static EpochRecord parse(String line) {
        String[] f = line.split(",");
        return new EpochRecord(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                Double.parseDouble(f[10]), f.length > 12 ? Double.parseDouble(f[12]) : Double.NaN);
    }

    /** Metrics are written with 6 significant digits, so two identical runs write identical text. */
    private static String num(double v) { return String.format(Locale.ROOT, "%.6g", v); }
}
