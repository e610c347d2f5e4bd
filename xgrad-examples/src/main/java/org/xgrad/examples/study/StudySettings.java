package org.xgrad.examples.study;

import org.xgrad.examples.data.FashionMnist;
import org.xgrad.examples.experiment.Optimizer;
import org.xgrad.examples.experiment.OptimizerFamily;
import org.xgrad.examples.experiment.SettingException;

import org.xgrad.updaters.PredictionMode;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The settings of a study, by name ({@code lr}, {@code batch-size}, …), each resolved from, highest first: the
 * settings given, the study being resumed (its {@code study.properties}), the {@code protocol} preset, the defaults
 * below. Values are stored normalized ({@code 1e-3} and {@code 0.001} are the
 * same setting), so a resumed study can be compared setting by setting.
 */
public final class StudySettings {

    /** What a resumed study may change: more epochs, seeds or variants extend it without changing any trajectory. */
    public static final Set<String> EXTENSIBLE = Set.of("epochs", "seeds", "steps", "no-base", "baselines", "target");

    /** The defaults ({@code data}: the embedded Fashion-MNIST subset when absent; {@code lr}: the optimizer's). */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("dataset", "fashion-mnist"),
            Map.entry("model", "lenet5"), Map.entry("optimizer", "adam"), Map.entry("steps", "1,2,3,4"),
            Map.entry("no-base", "false"), Map.entry("epochs", "2"), Map.entry("batch-size", "128"),
            Map.entry("lr-decay-epochs", ""), Map.entry("lr-decay-factor", "0.1"), Map.entry("weight-decay", "0"),
            Map.entry("seeds", "1"), Map.entry("mode", "LISTENER"), Map.entry("train-limit", "0"),
            Map.entry("test-limit", "0"), Map.entry("bptt", "35"), Map.entry("baselines", ""),
            Map.entry("target", ""));

    private static final Map<String, UnaryOperator<String>> NORMAL_FORM = normalForms();

    private final Map<String, String> values;

    private StudySettings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    private static Map<String, UnaryOperator<String>> normalForms() {
        UnaryOperator<String> text = String::trim;
        UnaryOperator<String> integer = v -> Integer.toString(Integer.parseInt(v.trim()));
        UnaryOperator<String> real = v -> Double.toString(Double.parseDouble(v.trim()));
        UnaryOperator<String> integers = v -> String.join(",", Arrays.stream(v.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(s -> Long.toString(Long.parseLong(s))).toList());
        Map<String, UnaryOperator<String>> forms = new HashMap<>();
        for (String key : List.of("protocol", "dataset", "model", "data")) {
            forms.put(key, text);
        }
        forms.put("optimizer", v -> v.trim().toLowerCase(Locale.ROOT));
        forms.put("baselines", v -> String.join(",", Arrays.stream(v.split(",")).map(b -> b.trim()
                .toLowerCase(Locale.ROOT)).filter(b -> !b.isEmpty()).toList()));
        forms.put("target", v -> v.isBlank() ? "" : Double.toString(Double.parseDouble(v.trim())));
        forms.put("mode", v -> PredictionMode.valueOf(v.trim().toUpperCase(Locale.ROOT)).name());
        forms.put("no-base", v -> Boolean.toString(Boolean.parseBoolean(v.trim())));
        for (String key : List.of("epochs", "batch-size", "train-limit", "test-limit", "bptt")) {
            forms.put(key, integer);
        }
        for (String key : List.of("lr", "lr-decay-factor", "weight-decay")) {
            forms.put(key, real);
        }
        for (String key : List.of("steps", "seeds", "lr-decay-epochs")) {
            forms.put(key, integers);
        }
        return forms;
    }

    private static void putNormalized(Map<String, String> into, Map<String, String> layer) {
        layer.forEach((key, value) -> {
            UnaryOperator<String> form = NORMAL_FORM.get(key);
            if (form == null) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
            try {
                into.put(key, form.apply(value));
            } catch (IllegalArgumentException e) {
                throw new SettingException("{" + key + "} " + value + " is not a valid value");
            }
        });
    }

    /**
     * @param commandLine the settings given, by name
     * @param resumed     the settings of the study being resumed, or null
     * @throws IllegalArgumentException if an option contradicts the resumed study (one line naming each setting)
     */
    public static StudySettings resolve(Map<String, String> commandLine, StudySettings resumed) {
        Map<String, String> merged = new HashMap<>();
        putNormalized(merged, DEFAULTS);
        String protocol = commandLine.containsKey("protocol") ? commandLine.get("protocol")
                : resumed == null ? null : resumed.values.get("protocol");
        if (protocol != null) {
            putNormalized(merged, Protocol.parse(protocol.trim()).settings());
        }
        if (resumed != null) {
            merged.putAll(resumed.values);
        }
        putNormalized(merged, commandLine);
        merged.putIfAbsent("lr", Double.toString(Optimizer.parse(merged.get("optimizer")).defaultLearningRate()));
        if (merged.get("dataset").equals("fashion-mnist")) {
            merged.putIfAbsent("data", FashionMnist.EMBEDDED);
        }
        StudySettings settings = new StudySettings(merged);
        if (resumed != null) {
            List<String> conflicts = settings.differencesFrom(resumed);
            if (!conflicts.isEmpty()) {
                throw new SettingException("{resume}: this study was started with other settings: "
                        + String.join("; ", conflicts) + ". Drop those options to continue it, or use another {out}");
            }
        }
        settings.validate();
        return settings;
    }

    /** @return each setting outside {@link #EXTENSIBLE} that differs, as "{key} value (the study has other)", each setting in braces */
    public List<String> differencesFrom(StudySettings study) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(values.keySet());
        keys.addAll(study.values.keySet());
        for (String key : keys) {
            String theirs = study.values.getOrDefault(key, "(none)");
            String ours = values.getOrDefault(key, "(none)");
            if (!EXTENSIBLE.contains(key) && !theirs.equals(ours)) {
                differences.add("{" + key + "} " + ours + " (the study has " + theirs + ")");
            }
        }
        return differences;
    }

    private void validate() {
        SettingException.require(epochs() >= 1, "{epochs} must be >= 1, got " + epochs());
        SettingException.require(batchSize() >= 1, "{batch-size} must be >= 1, got " + batchSize());
        SettingException.require(!seeds().isEmpty(), "{seeds} needs at least one seed");
        SettingException.require(seeds().stream().distinct().count() == seeds().size(), "{seeds} lists a seed twice: " + seeds());
        SettingException.require(steps().stream().distinct().count() == steps().size(), "{steps} lists a value twice: " + steps());
        SettingException.require(steps().stream().allMatch(s -> s >= 1), "{steps} must be >= 1 each, got " + steps());
        SettingException.require(!noBase() || !steps().isEmpty(), "nothing to run: {no-base} and no {steps}");
        SettingException.require(decayFactor() > 0 && decayFactor() <= 1,
                "{lr-decay-factor} must be in (0, 1], got " + decayFactor());
        SettingException.require(decayEpochs().stream().allMatch(e -> e >= 1),
                "{lr-decay-epochs} must be >= 1 each, got " + decayEpochs());
        SettingException.require(weightDecay() >= 0 && Double.isFinite(weightDecay()),
                "{weight-decay} must be a finite number >= 0, got " + weightDecay());
        SettingException.require(learningRate() > 0 && Double.isFinite(learningRate()),
                "{lr} must be a finite number > 0, got " + learningRate());
        SettingException.require(trainLimit() >= 0 && testLimit() >= 0, "{train-limit} and {test-limit} must be >= 0");
        SettingException.require(bptt() >= 1, "{bptt} must be >= 1, got " + bptt());
        SettingException.require(target() == null || Double.isFinite(target()) && target() > 0,
                "{target} must be a finite number > 0 (top-1 %, or perplexity for ptb and brown), got " + target());
        Optimizer family = Optimizer.parse(optimizer());
        List<String> names = new ArrayList<>(List.of(family.label()));
        for (String name : baselineNames()) {
            OptimizerFamily baseline = OptimizerFamily.parse(name, "baselines");
            SettingException.require(!names.contains(baseline.label()), "{baselines} " + name + ": " + baseline.label()
                    + " is already an arm of this study");
            SettingException.require(weightDecay() == 0 || baseline.decoupledWeightDecay() == family.decoupledWeightDecay(),
                    "{baselines} " + name + ": its weight decay would be " + (baseline.decoupledWeightDecay()
                            ? "decoupled" : "an L2 penalty") + ", the study's is " + (family.decoupledWeightDecay()
                            ? "decoupled" : "an L2 penalty") + " (--weight-decay " + weightDecay() + "); one study "
                            + "compares optimizers under one kind of weight decay");
            names.add(baseline.label());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // study.properties
    // ---------------------------------------------------------------------------------------------------------

    public String toProperties() {
        Properties p = new Properties();
        p.putAll(values);
        StringWriter out = new StringWriter();
        try {
            p.store(out, "xgrad compare study settings (option names without --)");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    public static StudySettings fromProperties(String text, String source) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            values.put(key, p.getProperty(key));
        }
        try {
            Map<String, String> normalized = new HashMap<>();
            putNormalized(normalized, values);
            return new StudySettings(normalized);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + " is not a study's settings file: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Typed access
    // ---------------------------------------------------------------------------------------------------------

    public String protocol() { return values.get("protocol"); }

    public String dataset() { return values.get("dataset"); }

    /** null: the data set's default location */
    public String data() { return values.get("data"); }

    public String model() { return values.get("model"); }

    public String optimizer() { return values.get("optimizer"); }

    public List<Integer> steps() { return ints("steps").stream().map(Long::intValue).toList(); }

    public boolean noBase() { return Boolean.parseBoolean(values.get("no-base")); }

    /** @return the target value of the metric for the time-to-target statistics, or null */
    public Double target() {
        String v = values.getOrDefault("target", "");
        return v.isEmpty() ? null : Double.parseDouble(v);
    }

    /** The stock optimizers trained beside the base and the X-variants, e.g. [nadam] */
    public List<String> baselineNames() {
        String v = values.get("baselines");
        return v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    public int epochs() { return Integer.parseInt(values.get("epochs")); }

    public int batchSize() { return Integer.parseInt(values.get("batch-size")); }

    public double learningRate() { return Double.parseDouble(values.get("lr")); }

    public List<Integer> decayEpochs() { return ints("lr-decay-epochs").stream().map(Long::intValue).toList(); }

    public double decayFactor() { return Double.parseDouble(values.get("lr-decay-factor")); }

    public double weightDecay() { return Double.parseDouble(values.get("weight-decay")); }

    public List<Long> seeds() { return ints("seeds"); }

    public PredictionMode mode() { return PredictionMode.valueOf(values.get("mode")); }

    public int trainLimit() { return Integer.parseInt(values.get("train-limit")); }

    public int testLimit() { return Integer.parseInt(values.get("test-limit")); }

    public int bptt() { return Integer.parseInt(values.get("bptt")); }

    private List<Long> ints(String key) {
        String v = values.get(key);
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(Long::parseLong).toList();
    }

    /** The learning rate per DL4J epoch: multiplied by the decay factor at each decay epoch. */
    public ISchedule learningRateSchedule() {
        Map<Integer, Double> schedule = new HashMap<>();
        double current = learningRate();
        schedule.put(0, current);
        for (int e : decayEpochs().stream().sorted().toList()) {
            current *= decayFactor();
            schedule.put(e, current);
        }
        return new MapSchedule(ScheduleType.EPOCH, schedule);
    }

    public Optimizer family() { return Optimizer.parse(optimizer()); }

    /**
     * The variants of the study: the base optimizer (unless no-base), the baselines (each family's base optimizer,
     * with the study's learning rate, schedule and weight decay), then XGrad-S1..S4 as asked.
     */
    public List<Trainer.Variant> variants() {
        Optimizer family = family();
        ISchedule schedule = learningRateSchedule();
        List<Trainer.Variant> variants = new ArrayList<>();
        if (!noBase()) {
            variants.add(new Trainer.Variant(family.label(), family.base(schedule, weightDecay())));
        }
        for (String name : baselineNames()) {
            OptimizerFamily baseline = OptimizerFamily.parse(name, "baselines");
            variants.add(new Trainer.Variant(baseline.label(), baseline.base(schedule, weightDecay())));
        }
        for (int s : steps()) {
            variants.add(new Trainer.Variant("XGrad-S" + s, family.xgrad(schedule, s, weightDecay())));
        }
        return variants;
    }

    /** L2 penalty on the network: the weight decay, except for AdamW, whose decay is decoupled (in the updater). */
    public double l2() { return family().decoupledWeightDecay() ? 0 : weightDecay(); }

    @Override
    public boolean equals(Object o) { return o instanceof StudySettings s && s.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    @Override
    public String toString() { return values.toString(); }
}
