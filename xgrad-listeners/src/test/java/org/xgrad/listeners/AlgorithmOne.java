package org.xgrad.listeners;

import org.xgrad.updaters.ReferenceOptimizer;

import java.util.function.BiFunction;

/**
 * Algorithm 1 of the paper in plain Java: predict from the state left by the previous step, take the gradient at θ̂,
 * restore θ, step. Holds θ and the θ̂ of the last iteration.
 */
final class AlgorithmOne<B> {

    final ReferenceOptimizer optimizer;
    final int steps;
    final double learningRate;
    final double[] theta;
    double[] lastPredicted;

    AlgorithmOne(ReferenceOptimizer optimizer, int steps, double learningRate, double[] theta0) {
        this.optimizer = optimizer;
        this.steps = steps;
        this.learningRate = learningRate;
        this.theta = theta0.clone();
    }

    void iterate(int t, B batch, BiFunction<double[], B, double[]> gradient) {
        double[] change = optimizer.predicted(steps, t, learningRate);
        double[] predicted = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            predicted[i] = theta[i] - change[i];
        }
        lastPredicted = predicted;
        double[] update = optimizer.step(gradient.apply(predicted, batch), t, theta);
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= update[i];
        }
    }
}
