package org.xgrad.updaters;

/**
 * Validation of X-updater hyperparameters. Every failure is an {@link IllegalArgumentException} whose message names
 * the updater, the parameter, the value and the valid range.
 */
final class Hyperparameters {

    private Hyperparameters() {
    }

    static double learningRate(String updater, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw outOfRange(updater, "learningRate", value, "[0, +inf) and finite");
        }
        return value;
    }

    /** β, ρ, μ, τ: decay rates in [0, 1). */
    static double unitInterval(String updater, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw outOfRange(updater, name, value, "[0, 1)");
        }
        return value;
    }

    static double positive(String updater, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw outOfRange(updater, name, value, "(0, +inf) and finite");
        }
        return value;
    }

    static double nonNegative(String updater, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw outOfRange(updater, name, value, "[0, +inf) and finite");
        }
        return value;
    }

    static int predictionSteps(String updater, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(updater + ": predictionSteps = " + value
                    + " is out of range; valid range is integers >= 0 (0 = plain base optimizer, 1..4 typical)");
        }
        return value;
    }

    private static IllegalArgumentException outOfRange(String updater, String name, double value, String range) {
        return new IllegalArgumentException(
                updater + ": " + name + " = " + value + " is out of range; valid range is " + range);
    }
}
