package org.xgrad.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The paper's experimental setups as presets of {@code xgrad compare --protocol}: data set, default model,
 * optimizer, learning rate and its step schedule, batch size, weight decay λ (an L2 penalty for SGDM and Adam,
 * decoupled for AdamW), epochs and the prediction steps 1..4 of the paper's tables. Options given on the command line
 * override them. WMT-16/GNMT-8 has no preset: its data and model are not available here.
 */
enum Protocol {
    FASHION_MNIST_ADAM("Table VI, LeNet column", "fashion-mnist", "lenet5", "adam", 50, 128, "", "full"),
    FASHION_MNIST_ADAMW("Table VII, LeNet column", "fashion-mnist", "lenet5", "adamw", 50, 128, "", "full"),
    CIFAR10_SGDM("Table IV", "cifar10", "resnet34", "sgdm", 200, 128, "120,150", null),
    CIFAR100_SGDM("Table V", "cifar100", "resnet34", "sgdm", 200, 128, "120,150", null),
    CIFAR10_ADAM("Table VI, CIFAR-10 columns", "cifar10", "resnet34", "adam", 120, 128, "90", null),
    CIFAR10_ADAMW("Table VII, CIFAR-10 columns", "cifar10", "resnet34", "adamw", 120, 128, "90", null),
    PTB_ADAM("Table VI, LSTM columns", "ptb", "lstm1", "adam", 200, 20, "100,145", null),
    PTB_ADAMW("Table VII, LSTM columns", "ptb", "lstm1", "adamw", 200, 20, "100,145", null),
    /**
     * The LSTM rows on the Brown Corpus, sized for a 2-core CPU: a one-layer LSTM of 200 units ({@code lstm-small}),
     * 10 epochs, the decays of epochs 100 and 145 of 200 scaled to 5 and 7 of 10.
     */
    BROWN_ADAM("Table VI, LSTM columns, on the Brown Corpus", "brown", "lstm-small", "adam", 10, 20, "5,7", null),
    BROWN_ADAMW("Table VII, LSTM columns, on the Brown Corpus", "brown", "lstm-small", "adamw", 10, 20, "5,7", null);

    /** Every setup of the paper: learning rate 1e-3, divided by 10 at each decay epoch, λ = 5e-4, s = 1..4. */
    private static final String LEARNING_RATE = "1e-3";
    private static final String DECAY_FACTOR = "0.1";
    private static final String WEIGHT_DECAY = "5e-4";
    private static final String STEPS = "1,2,3,4";

    private final String table;
    private final Map<String, String> settings = new LinkedHashMap<>();

    Protocol(String table, String dataset, String model, String optimizer, int epochs, int batchSize,
             String decayEpochs, String data) {
        this.table = table;
        settings.put("dataset", dataset);
        if (data != null) {
            settings.put("data", data);
        }
        settings.put("model", model);
        settings.put("optimizer", optimizer);
        settings.put("lr", LEARNING_RATE);
        settings.put("lr-decay-epochs", decayEpochs);
        settings.put("lr-decay-factor", DECAY_FACTOR);
        settings.put("weight-decay", WEIGHT_DECAY);
        settings.put("batch-size", Integer.toString(batchSize));
        settings.put("epochs", Integer.toString(epochs));
        settings.put("steps", STEPS);
    }

    /** e.g. {@code fashion-mnist-adam} */
    String optionValue() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** The paper's table whose setup this is. */
    String table() { return table; }

    /** The preset, by option name without the leading dashes (see {@link StudySettings}). */
    Map<String, String> settings() { return settings; }

    static final String NAMES = Arrays.stream(values()).map(Protocol::optionValue).collect(Collectors.joining(", "));

    static Protocol parse(String name) {
        for (Protocol p : values()) {
            if (p.optionValue().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--protocol " + name + " is not one of " + NAMES);
    }
}
