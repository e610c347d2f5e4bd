package org.xgrad.listeners;

/**
 * A training iteration produced a NaN or infinite gradient and {@link WeightPredictionListener#failOnNonFinite} is
 * on: the update was not applied, the network holds the true weights θ of that iteration and its optimizer state is
 * unchanged, so training can go on with the next batch.
 */
public class NonFiniteGradientException extends ArithmeticException {

    /** The iteration whose gradient was not finite. */
    private final int iteration;

    NonFiniteGradientException(int iteration) {
        super("non-finite (NaN or infinite) gradient at iteration " + iteration + ": the update was not applied and "
                + "the network holds the true weights θ of iteration " + iteration + " (optimizer state unchanged); "
                + "skip or fix this batch and call fit again");
        this.iteration = iteration;
    }

    /** @return the iteration whose gradient was not finite (the network's iteration count) */
    public int getIteration() { return iteration; }
}
