package org.xgrad.examples.study;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with ETA and the current loss on a terminal; on a pipe or file, a line every 10 %.
 */
public final class ProgressBar {

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private int lastDecile = -1;

    /** @param out where the bar goes; null: nowhere (quiet) */
    public ProgressBar(PrintStream out, long total) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = System.console() != null;
    }

    public synchronized void step(String label, double loss) {
        done++;
        if (out == null) {
            return;
        }
        double fraction = Math.min(1, done / (double) total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long eta = done == 0 ? 0 : Math.round(elapsed / done * (total - done));
        String text = String.format(Locale.ROOT, "%3.0f%% ETA %02d:%02d:%02d  %s  loss %.4f", fraction * 100,
                eta / 3600, eta / 60 % 60, eta % 60, label, loss);
        if (terminal) {
            int width = 30;
            int filled = (int) (fraction * width);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + text + "   ");
            if (done >= total) {
                out.println();
            }
        } else {
            int decile = (int) (fraction * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(text);
            }
        }
        out.flush();
    }
}
