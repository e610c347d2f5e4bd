package org.xgrad.examples.report;

import java.util.function.ToDoubleFunction;

/** What a comparison is scored by: the column of the table and the curve of the main plot. */
public enum Metric {
    /** Image classification: test top-1 accuracy, %, higher is better. */
    ACCURACY("Top-1 accuracy (%)", "accuracy.png", true, EpochRecord::top1),
    /** Language modelling: validation perplexity, exp of the mean cross-entropy per word, lower is better. */
    PERPLEXITY("Validation perplexity", "perplexity.png", false, r -> Math.exp(r.valLoss()));

    private final String label;
    private final String plotFile;
    private final boolean higherIsBetter;
    private final ToDoubleFunction<EpochRecord> value;

    Metric(String label, String plotFile, boolean higherIsBetter, ToDoubleFunction<EpochRecord> value) {
        this.label = label;
        this.plotFile = plotFile;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
    }

    public String label() { return label; }

    public String plotFile() { return plotFile; }

    public boolean higherIsBetter() { return higherIsBetter; }

    public double of(EpochRecord record) { return value.applyAsDouble(record); }

    /** @return the better of two values */
    public double better(double a, double b) { return higherIsBetter ? Math.max(a, b) : Math.min(a, b); }
}
