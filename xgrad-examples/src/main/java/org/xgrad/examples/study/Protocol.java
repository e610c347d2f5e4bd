package org.xgrad.examples.study;

import org.xgrad.examples.experiment.Registry;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's experimental setups as presets of a study's {@code protocol} setting: data set, default model,
 * optimizer, learning rate and its step schedule, batch size, weight decay λ (an L2 penalty for SGDM and Adam,
 * decoupled for AdamW), epochs and the prediction steps 1..4 of the paper's tables. Settings given explicitly
 * override them. WMT-16/GNMT-8 has no preset: its data and model are not available here.
 */
public enum Protocol {
    FASHION_MNIST_ADAM("fashion-mnist", "lenet5", "adam", 50, 128, "", "full"), // the paper's Table VI, LeNet column
    FASHION_MNIST_ADAMW("fashion-mnist", "lenet5", "adamw", 50, 128, "", "full"), // the paper's Table VII, LeNet column
    CIFAR10_SGDM("cifar10", "resnet34", "sgdm", 200, 128, "120,150", null), // the paper's Table IV
    CIFAR100_SGDM("cifar100", "resnet34", "sgdm", 200, 128, "120,150", null), // the paper's Table V
    CIFAR10_ADAM("cifar10", "resnet34", "adam", 120, 128, "90", null), // the paper's Table VI, CIFAR-10 columns
    CIFAR10_ADAMW("cifar10", "resnet34", "adamw", 120, 128, "90", null), // the paper's Table VII, CIFAR-10 columns
    PTB_ADAM("ptb", "lstm1", "adam", 200, 20, "100,145", null), // the paper's Table VI, LSTM columns
    PTB_ADAMW("ptb", "lstm1", "adamw", 200, 20, "100,145", null), // the paper's Table VII, LSTM columns
    /**
     * The LSTM rows on the Brown Corpus, sized for a 2-core CPU: a one-layer LSTM of 128 units, embedding 128
     * ({@code lstm-small}, under 5 minutes per epoch on one core), 10 epochs, the decays of epochs 100 and 145 of 200
     * scaled to 5 and 7 of 10.
     */
    BROWN_ADAM("brown", "lstm-small", "adam", 10, 20, "5,7", null), // Table VI, LSTM columns, on the Brown Corpus
    BROWN_ADAMW("brown", "lstm-small", "adamw", 10, 20, "5,7", null); // Table VII, LSTM columns, on the Brown Corpus

    /** Every setup of the paper: learning rate 1e-3, divided by 10 at each decay epoch, λ = 5e-4, s = 1..4. */
    private static final String LEARNING_RATE = "1e-3";
    private static final String DECAY_FACTOR = "0.1";
    private static final String WEIGHT_DECAY = "5e-4";
    private static final String STEPS = "1,2,3,4";

    private final Map<String, String> settings = new LinkedHashMap<>();

    Protocol(String dataset, String model, String optimizer, int epochs, int batchSize,
             String decayEpochs, String data) {
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
    public String optionValue() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** The preset, by setting name (see {@link StudySettings}). */
    public Map<String, String> settings() { return settings; }

    private static final Registry<Protocol> NAMES = Registry.of(values(), Protocol::optionValue);

    /** The protocol names (picocli's completion candidates, so help texts list them). */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return NAMES.iterator(); }
    }

    public static Protocol parse(String name) { return NAMES.get(name, "protocol"); }
}
