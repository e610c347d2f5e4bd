package org.xgrad.examples.experiment;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.xgrad.updaters.XAdamW;
import org.xgrad.updaters.XUpdater;
import org.xgrad.updaters.XUpdaters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimizer families a comparison can run: the base optimizer (the stock DL4J updater wherever DL4J has a usable
 * one) against XGrad with s prediction steps.
 */
public enum OptimizerFamily {
    /** DL4J's plain SGD (no momentum), XGrad through {@code XSgd}. */
    SGD("SGD", true),
    /** The paper's SGD with heavy-ball momentum (μ 0.9), XGrad through {@code XSgdm}. */
    SGDM("SGDM", false),
    ADAM("Adam", true),
    ADAMW("AdamW", false),
    RMSPROP("RMSprop", true),
    ADAGRAD("AdaGrad", true),
    NADAM("Nadam", true),
    AMSGRAD("AMSGrad", true),
    ADAMAX("AdaMax", true),
    ADABELIEF("AdaBelief", false),
    /** DL4J's Nesterov momentum (μ 0.9): no dedicated X-updater, XGrad through {@code XWrapped}. */
    NESTEROVS("Nesterov", true),
    /** DL4J's AdaDelta (ρ 0.95, ε 1e-6; no learning rate): XGrad through {@code XWrapped}. */
    ADADELTA("AdaDelta", true);

    private final String label;
    /** The base runs as DL4J's stock updater (the X-updater's {@code stockTwin()}), not as the X-updater with s = 0. */
    private final boolean stockBase;

    /** One family per name of {@link XUpdaters#names()}, in its order. */
    OptimizerFamily(String label, boolean stockBase) {
        this.label = label;
        this.stockBase = stockBase;
    }

    public String label() { return label; }

    /** The families by {@link #optionValue()}. */
    static final Registry<OptimizerFamily> NAMES = Registry.of(values(), OptimizerFamily::optionValue);

    /** e.g. "adam" */
    public String optionValue() { return name().toLowerCase(Locale.ROOT); }

    /**
     * @return the family named {@code name} (case-insensitive); an error naming {@code setting} if there is none
     */
    public static OptimizerFamily parse(String name, String setting) {
        return NAMES.get(name.trim().toLowerCase(Locale.ROOT), setting);
    }

    /** @return true if the base runs as DL4J's stock updater, which {@link XWrapped} can wrap */
    public boolean hasStockBase() { return stockBase; }

    /**
     * @param weightDecay decoupled λ for AdamW (the other families take weight decay as an L2 penalty on the network)
     * @return the X-updater with {@code s} prediction steps
     */
    public XUpdater xgrad(ISchedule learningRate, int s, double weightDecay) {
        if (this == ADAMW) {
            return new XAdamW(learningRate, s, weightDecay);
        }
        return this == ADADELTA ? XUpdaters.create(optionValue(), s) // AdaDelta has no learning rate
                : XUpdaters.create(optionValue(), learningRate, s);
    }

    /**
     * @return the base optimizer: DL4J's stock updater where one exists and trains networks (Adam, Nadam, AMSGrad,
     * AdaMax, RMSprop, AdaGrad), else the X-updater with s = 0, which is that optimizer exactly (SGDM has no DL4J twin,
     * stock AdaBelief cannot train a DL4J network in 1.0.0-M2.1, AdamW needs its decoupled decay)
     */
    public IUpdater base(ISchedule learningRate, double weightDecay) {
        XUpdater zero = xgrad(learningRate, 0, weightDecay);
        return stockBase ? zero.stockTwin() : zero;
    }

    /** @return the learning rate used when none is given: 0.05 for SGDM and Nesterov, 0.01 for AdaGrad, else 1e-3 */
    public double defaultLearningRate() { return this == SGD || this == SGDM || this == NESTEROVS ? 0.05 : this == ADAGRAD ? 0.01 : 1e-3; }

    /**
     * The default learning rates, one entry per value: "0.05 for sgdm, nesterovs" … (picocli's completion candidates,
     * so that help texts say what {@link #defaultLearningRate()} does).
     */
    public static final class DefaultLearningRates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            Map<Double, List<String>> byRate = new LinkedHashMap<>();
            for (OptimizerFamily f : values()) {
                byRate.computeIfAbsent(f.defaultLearningRate(), r -> new ArrayList<>()).add(f.optionValue());
            }
            return byRate.entrySet().stream().map(e -> e.getKey() + " for " + String.join(", ", e.getValue()))
                    .iterator();
        }
    }

    /** @return true if weight decay goes to the updater (decoupled) rather than to the network as L2 */
    public boolean decoupledWeightDecay() { return this == ADAMW; }
}
