package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One block's state view, cut into its parts: {@code [stock state | extra arrays, N each | scalar slots]}. The stock
 * arrays come first, exactly where the stock updater keeps them, so the stock {@code GradientUpdater} runs on its part
 * unchanged. The scalar slots ({@value XUpdater#SCALAR_SLOTS} per variable of the block, the first two used) hold the
 * number of base steps taken and the coefficient of the prediction the parameters hold in updater-only mode (kept in
 * the view, so that it is saved and restored with the model).
 */
final class BlockState {

    private static final int STEPS_TAKEN = 0;
    private static final int APPLIED_COEFFICIENT = 1;

    private final XUpdater config;
    private final long n;
    private final INDArray stockPart;
    private final INDArray[] extras;
    private final INDArray scalars;
    /** The stock DL4J updater on {@link #stockPart}, created at the first base step. */
    private GradientUpdater<?> stock;

    private BlockState(XUpdater config, long n, INDArray stockPart, INDArray[] extras, INDArray scalars) {
        this.config = config;
        this.n = n;
        this.stockPart = stockPart;
        this.extras = extras;
        this.scalars = scalars;
    }

    /** Cuts {@code view} (flat) for a block of {@code n} parameters. */
    static BlockState cut(XUpdater config, INDArray view, long n) {
        long base = config.baseStateSize(n);
        int extraArrays = config.extraStateArrays();
        long scalarsLength = view.length() - base - extraArrays * n;
        if (scalarsLength < XUpdater.SCALAR_SLOTS || scalarsLength % XUpdater.SCALAR_SLOTS != 0) {
            throw new IllegalStateException(config.name() + ": state view of length " + view.length()
                    + " does not fit a block of " + n + " parameters");
        }
        INDArray[] extras = new INDArray[extraArrays];
        for (int i = 0; i < extraArrays; i++) {
            extras[i] = view.get(NDArrayIndex.interval(base + i * n, base + (i + 1) * n));
        }
        return new BlockState(config, n, view.get(NDArrayIndex.interval(0, base)), extras,
                view.get(NDArrayIndex.interval(base + extraArrays * n, view.length())));
    }

    /** @return the number of parameters N */
    long length() { return n; }

    /** @return the {@code index}-th N-array of the stock state, in the stock layout (e.g. Adam: 0 = m, 1 = v) */
    INDArray stockArray(int index) { return stockPart.get(NDArrayIndex.interval(index * n, (index + 1) * n)); }

    /** @return the last N-array of the stock state (Adam: v; AMSGrad: v̂; AdaBelief: d) */
    INDArray lastStockArray() { return stockArray((int) (stockPart.length() / n) - 1); }

    /** @return the {@code index}-th extra N-array */
    INDArray extra(int index) { return extras[index]; }

    /**
     * The stock updater's step on the stock part. It is created at the first step, not before: its part then gets the
     * stock initial values (e.g. ε for RmsProp) only if no step was taken, so a state that DL4J assigned into the view
     * after construction (model restore) is kept, and a prediction never initializes anything.
     */
    void stockStep(INDArray gradient, int iteration, int epoch) {
        if (stock == null) {
            stock = config.instantiateStock(stockPart, stepsTaken() == 0);
        }
        config.synchronizeStock(stock.getConfig());
        stock.applyUpdater(gradient, iteration, epoch);
    }

    /** @return the number of base steps applied so far (saturates at 2^24 for FLOAT state) */
    long stepsTaken() { return (long) scalars.getDouble(STEPS_TAKEN); }

    void countStep() { scalars.putScalar(STEPS_TAKEN, scalars.getDouble(STEPS_TAKEN) + 1); }

    /** @return the coefficient c of the prediction {@code P = c·Δθ} the parameters hold (updater-only mode; 0 = none) */
    double appliedCoefficient() { return stepsTaken() == 0 ? 0 : scalars.getDouble(APPLIED_COEFFICIENT); }

    void setAppliedCoefficient(double coefficient) { scalars.putScalar(APPLIED_COEFFICIENT, coefficient); }
}
