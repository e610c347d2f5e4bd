package org.xgrad.examples;

/**
 * One epoch of one optimizer variant and seed: the row of results.csv.
 *
 * @param variant      e.g. "Adam" or "XGrad-S2"
 * @param seed         the run's seed (weights and data order)
 * @param epoch        1-based
 * @param trainLoss    mean training mini-batch loss of the epoch (at the weights the forward pass used)
 * @param valLoss      mean cross-entropy on the test set at the true weights θ
 * @param top1         test top-1 accuracy, %
 * @param top5         test top-5 accuracy, %
 * @param seconds      wall time of the epoch's training (evaluation excluded)
 * @param peakHeapMb   peak JVM heap during the run so far, MiB
 * @param peakOffHeapMb ND4J (off-heap) memory held by the network: parameters, gradients, updater state and the
 *                      listener's cache, MiB (workspaces excluded; see {@code NetworkMemory})
 */
public record EpochRecord(String variant, long seed, int epoch, double trainLoss, double valLoss, double top1,
                          double top5, double seconds, double peakHeapMb, double peakOffHeapMb) {

    public static final String HEADER =
            "variant,seed,epoch,train_loss,val_loss,top1,top5,epoch_seconds,peak_heap_mb,peak_offheap_mb";

    public String toCsv() {
        return String.join(",", variant, Long.toString(seed), Integer.toString(epoch), num(trainLoss), num(valLoss),
                num(top1), num(top5), String.format(java.util.Locale.ROOT, "%.3f", seconds),
                String.format(java.util.Locale.ROOT, "%.1f", peakHeapMb),
                String.format(java.util.Locale.ROOT, "%.1f", peakOffHeapMb));
    }

    public static EpochRecord parse(String line) {
        String[] f = line.split(",");
        return new EpochRecord(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]));
    }

    /** Metrics are written with 6 significant digits, so two identical runs write identical text. */
    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
