package org.xgrad.updaters;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Every X-updater by the name of its base optimizer, for configuration files and command lines: {@code
 * XUpdaters.create("adam", 1e-3, 1)} is {@code new XAdam(1e-3, 1)}. Names are case-insensitive; {@link #names()} lists
 * them: one per stock DL4J updater ({@code sgd}, {@code adam}, {@code nadam}, {@code amsgrad}, {@code adamax},
 * {@code adabelief}, {@code rmsprop}, {@code adagrad}, {@code nesterovs}, {@code adadelta}; DL4J's {@code NoOp} has
 * nothing to predict), plus the paper's {@code sgdm} (heavy-ball momentum) and {@code adamw}. {@code adadelta} has no
 * learning rate: create it with {@link #create(String, int)}.
 */
public final class XUpdaters {

    /** How one optimizer is made: with a fixed learning rate, with a schedule, with its defaults. */
    private static final class Factory {
        final BiFunction<Double, Integer, XUpdater> fixed;
        final BiFunction<ISchedule, Integer, XUpdater> scheduled;
        final java.util.function.IntFunction<XUpdater> defaults;

        Factory(BiFunction<Double, Integer, XUpdater> fixed, BiFunction<ISchedule, Integer, XUpdater> scheduled,
                java.util.function.IntFunction<XUpdater> defaults) {
            this.fixed = fixed;
            this.scheduled = scheduled;
            this.defaults = defaults;
        }
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("sgd", new Factory(XSgd::new, XSgd::new, XSgd::new));
        FACTORIES.put("sgdm", new Factory(XSgdm::new, XSgdm::new, XSgdm::new));
        FACTORIES.put("adam", new Factory(XAdam::new, XAdam::new, XAdam::new));
        FACTORIES.put("adamw", new Factory(XAdamW::new, XAdamW::new, XAdamW::new));
        FACTORIES.put("rmsprop", new Factory(XRmsProp::new, XRmsProp::new, XRmsProp::new));
        FACTORIES.put("adagrad", new Factory(XAdaGrad::new, XAdaGrad::new, XAdaGrad::new));
        FACTORIES.put("nadam", new Factory(XNadam::new, XNadam::new, XNadam::new));
        FACTORIES.put("amsgrad", new Factory(XAMSGrad::new, XAMSGrad::new, XAMSGrad::new));
        FACTORIES.put("adamax", new Factory(XAdaMax::new, XAdaMax::new, XAdaMax::new));
        FACTORIES.put("adabelief", new Factory(XAdaBelief::new, XAdaBelief::new, XAdaBelief::new));
        FACTORIES.put("nesterovs", new Factory(XNesterovs::new, XNesterovs::new, XNesterovs::new));
        FACTORIES.put("adadelta", new Factory(null, null, XAdaDelta::new));
    }

    private XUpdaters() {
    }

    /** @return the names {@link #create} takes, in a fixed order */
    public static List<String> names() { return new ArrayList<>(FACTORIES.keySet()); }

    /** @return the X-updater of the optimizer {@code name} with learning rate {@code learningRate} and s steps */
    public static XUpdater create(String name, double learningRate, int predictionSteps) {
        return withRate(name, "create(name, learningRate, predictionSteps)").fixed.apply(learningRate, predictionSteps);
    }

    /** @return the X-updater of the optimizer {@code name} with a learning-rate schedule and s steps */
    public static XUpdater create(String name, ISchedule learningRate, int predictionSteps) {
        if (learningRate == null) {
            throw new IllegalArgumentException("XUpdaters.create: learningRate must not be null");
        }
        return withRate(name, "create(name, schedule, predictionSteps)").scheduled.apply(learningRate,
                predictionSteps);
    }

    /** @return the X-updater of the optimizer {@code name} at its default hyperparameters, with s steps */
    public static XUpdater create(String name, int predictionSteps) {
        return factory(name).defaults.apply(predictionSteps);
    }

    private static Factory withRate(String name, String method) {
        Factory f = factory(name);
        if (f.fixed == null) {
            throw new IllegalArgumentException("XUpdaters." + method + ": " + name + " has no learning rate; use "
                    + "XUpdaters.create(\"" + name + "\", predictionSteps)");
        }
        return f;
    }

    private static Factory factory(String name) {
        Factory f = name == null ? null : FACTORIES.get(name.trim().toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("XUpdaters: name = " + name + " is not one of " + names());
        }
        return f;
    }
}
