package org.xgrad.examples.cli;

import picocli.CommandLine.Option;

/** {@code --train-limit} / {@code --test-limit}: train and test on the first examples only (quick runs, tests). */
final class DataSubset {

    @Option(names = "--train-limit", defaultValue = "0", description = "Use only the first N training examples")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", description = "Use only the first N test examples")
    int testLimit;

    void validate() {
        XGradCli.require(trainLimit >= 0 && testLimit >= 0, "--train-limit and --test-limit must be >= 0");
    }
}
