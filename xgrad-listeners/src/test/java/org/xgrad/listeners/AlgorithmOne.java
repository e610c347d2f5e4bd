package org.xgrad.listeners;

import org.xgrad.updaters.ReferenceOptimizer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.xgrad.testing.Diff;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.IntToDoubleFunction;

/**
 * Algorithm 1 of the paper in plain Java: predict from the state left by the previous step with the learning rate of
 * the upcoming step, take the gradient at θ̂, restore θ, step. Holds θ and the θ̂ of the last iteration.
 */
final class AlgorithmOne<B> {

    final ReferenceOptimizer optimizer;
    final int steps;
    final IntToDoubleFunction learningRate;
    final double[] theta;
    double[] lastPredicted;

    AlgorithmOne(ReferenceOptimizer optimizer, int steps, double learningRate, double[] theta0) {
        this(optimizer, steps, t -> learningRate, theta0);
    }

    AlgorithmOne(ReferenceOptimizer optimizer, int steps, IntToDoubleFunction learningRate, double[] theta0) {
        this.optimizer = optimizer;
        this.steps = steps;
        this.learningRate = learningRate;
        this.theta = theta0.clone();
    }

    /**
     * Trains {@code model} and this algorithm side by side on {@code batches}.
     *
     * @param fit        one training iteration of the model on a batch
     * @param trueParams the model's θ after an iteration
     * @return {max |θ_model − θ| over the iterations, max |θ − θ̂| (how far the prediction moved the weights)}
     */
    double[] followedBy(List<B> batches, BiFunction<double[], B, double[]> gradient, Consumer<B> fit,
                        Supplier<INDArray> trueParams) {
        double deviation = 0;
        double moved = 0;
        for (int t = 0; t < batches.size(); t++) {
            double[] before = theta.clone();
            iterate(t, batches.get(t), gradient);
            fit.accept(batches.get(t));
            deviation = Math.max(deviation, Diff.maxAbs(theta, trueParams.get()));
            for (int i = 0; i < theta.length; i++) {
                moved = Math.max(moved, Math.abs(before[i] - lastPredicted[i]));
            }
        }
        return new double[] {deviation, moved};
    }

    void iterate(int t, B batch, BiFunction<double[], B, double[]> gradient) {
        double gamma = learningRate.applyAsDouble(t);
        double[] change = optimizer.predicted(steps, t, gamma);
        double[] predicted = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            predicted[i] = theta[i] - change[i];
        }
        lastPredicted = predicted;
        optimizer.lr = gamma;
        double[] update = optimizer.step(gradient.apply(predicted, batch), t, theta);
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= update[i];
        }
    }
}
