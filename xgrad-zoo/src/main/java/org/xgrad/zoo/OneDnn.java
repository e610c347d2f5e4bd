package org.xgrad.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xgrad.updaters.internal.Arguments;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * DL4J's oneDNN path for convolution, pooling and batch-normalization layers on the CPU backend, which DL4J
 * 1.0.0-M2.1 builds but never switches on.
 *
 * <p>DL4J 1.0.0-M2.1 gives a {@code ConvolutionLayer}, {@code SubsamplingLayer} or {@code BatchNormalization} layer
 * its oneDNN helper only if (1) the system property {@code org.eclipse.deeplearning4j.helpers.disable} is false (its
 * default is true) and (2)
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} finds the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, which
 * ND4J 1.0.0-M2.1 renamed to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}: the check fails and
 * every layer runs ND4J's im2col + gemm path. {@link #enable(Model)} checks what that lookup was meant to check, with
 * the new name (CPU backend, C++ helpers allowed, {@code isUseONEDNN()}), and attaches the same helper DL4J would
 * have attached to each layer that has none: {@code MKLDNNConvHelper} to every {@code ConvolutionLayer},
 * {@code MKLDNNSubsamplingHelper} to every {@code SubsamplingLayer} (exactly those classes, not their 1D, depthwise,
 * separable or deconvolution subclasses), {@code MKLDNNBatchNormHelper} to every {@code BatchNormalization} layer
 * (which still falls back to its own kernels where the helper's {@code checkSupported} says no), in NCHW layout and
 * FLOAT data type only (NHWC crashes in oneDNN's {@code conv2d_bp}, and libnd4j's oneDNN batch norm notes wrong
 * results for NHWC; DOUBLE stays on ND4J's own kernels, where the exactness tests of this project run).
 *
 * <p>The speed-up needs an nd4j-native binary built with oneDNN for the CPU's instruction set: classifier
 * {@code linux-x86_64-onednn-avx512} or {@code linux-x86_64-onednn-avx2} (LeNet-5 at batch 128 on one core: about 190
 * ms per iteration without the helpers, 40 ms with them on the AVX2 binary, 30 ms on the AVX-512 one). On CUDA, on a
 * binary without oneDNN and on a DL4J build whose layers lack these fields, nothing is changed.
 *
 * <p>{@code -Dorg.xgrad.onednn=false} switches this off (every call then attaches nothing).
 *
 * <p>A network made from another by DL4J ({@code clone()}, {@code ModelSerializer.restore…}, transfer learning,
 * {@code ParallelWrapper}'s replicas) has new layers: call {@link #enable(Model)} on it too.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(conf);
 * net.init();
 * OneDnn.enable(net);              // number of layers that run on oneDNN now; OneDnn.helpers(net) lists them
 * }</pre>
 */
public final class OneDnn {

    private static final Logger log = LoggerFactory.getLogger(OneDnn.class);
    /** System property: {@code -Dorg.xgrad.onednn=false} keeps every layer on ND4J's own kernels. */
    public static final String SWITCH = "org.xgrad.onednn";
    private static final String ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    /** The helper each supported layer class gets, by exact class. */
    private static final Map<Class<?>, Function<DataType, Object>> HELPERS = Map.of(
            ConvolutionLayer.class, MKLDNNConvHelper::new,
            SubsamplingLayer.class, MKLDNNSubsamplingHelper::new,
            BatchNormalization.class, MKLDNNBatchNormHelper::new);

    /** Checked once per JVM, at the first call that needs it. */
    private static final class Availability {
        static final String REASON = check();
    }

    private OneDnn() {
    }

    /**
     * Attaches DL4J's oneDNN helper to every FLOAT, NCHW convolution, subsampling and batch-normalization layer of
     * {@code model} that has no helper yet.
     *
     * @param model a MultiLayerNetwork or ComputationGraph, initialized
     * @return the number of layers given a helper now (0 where oneDNN is unavailable: {@link #unavailableReason()})
     */
    public static int enable(Model model) {
        Arguments.notNull(model, "OneDnn.enable", "model");
        if (unavailableReason() != null) {
            return 0;
        }
        DataType type = model.params().dataType();
        if (type != DataType.FLOAT) {
            return 0;
        }
        int attached = 0;
        for (Layer layer : layers(model)) {
            Function<DataType, Object> helper = HELPERS.get(layer.getClass());
            if (helper == null || layer.getHelper() != null || !nchw(layer)) {
                continue;
            }
            try {
                Field field = layer.getClass().getDeclaredField("helper");
                field.setAccessible(true);
                field.set(layer, helper.apply(type));
                attached++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("OneDnn: cannot attach a oneDNN helper to {} ({}); it keeps ND4J's own kernels",
                        layer.getClass().getSimpleName(), e.toString());
                return attached;
            }
        }
        return attached;
    }

    /** Layers the helpers support: NCHW layout. */
    private static boolean nchw(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
            return ((org.deeplearning4j.nn.conf.layers.BatchNormalization) conf).getCnn2DFormat() == CNN2DFormat.NCHW;
        }
        CNN2DFormat format = conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer
                ? ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf).getCnn2dDataFormat()
                : ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) conf).getCnn2dDataFormat();
        return format == CNN2DFormat.NCHW;
    }

    /**
     * @return per layer of {@code model} that can have a helper (convolution, subsampling, batch normalization, LSTM
     * …): its name and the simple class name of its helper, or "none"
     */
    public static Map<String, String> helpers(Model model) {
        Arguments.notNull(model, "OneDnn.helpers", "model");
        Map<String, String> helpers = new LinkedHashMap<>();
        for (Layer layer : layers(model)) {
            if (HELPERS.containsKey(layer.getClass()) || layer.getHelper() != null) {
                String name = layer.conf().getLayer().getLayerName();
                helpers.put(name == null ? "layer " + layer.getIndex() : name,
                        layer.getHelper() == null ? "none" : layer.getHelper().getClass().getSimpleName());
            }
        }
        return helpers;
    }

    /**
     * @return null if this JVM's ND4J backend runs oneDNN (CPU backend, C++ helpers allowed, oneDNN in the binary);
     * otherwise why not, in one sentence
     */
    public static String unavailableReason() {
        return Availability.REASON;
    }

    static String check() {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            return "switched off by -D" + SWITCH + "=false";
        }
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        if (!"CPU".equalsIgnoreCase(backend)) {
            return "the ND4J backend is " + backend + ", not CPU (DL4J attaches cuDNN helpers itself there)";
        }
        if (!Nd4j.getEnvironment().helpersAllowed()) {
            return "ND4J's C++ helpers are switched off (Nd4j.getEnvironment().allowHelpers(false))";
        }
        try {
            Class<?> environment = Class.forName(ENVIRONMENT);
            Object instance = environment.getMethod("getInstance").invoke(null);
            if (!(boolean) environment.getMethod("isUseONEDNN").invoke(instance)) {
                return "the nd4j-native binary does not use oneDNN (Nd4jCpu.Environment.isUseONEDNN() is false)";
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            return "this nd4j-native has no " + ENVIRONMENT + ".isUseONEDNN() (" + e + ")";
        }
        return null;
    }

    /** The JavaCPP property that picks one of the nd4j-native binaries on the classpath by its classifier suffix. */
    public static final String BINARY_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /**
     * Picks the fastest nd4j-native binary this CPU runs, for an application that ships several classifiers of
     * nd4j-native (the xgrad command line ships {@code linux-x86_64}, {@code -onednn-avx2} and {@code -onednn-avx512}):
     * sets {@value #BINARY_PROPERTY} to {@code -onednn-avx512} (AVX-512 F, BW, VL and DQ), {@code -onednn-avx2}
     * (AVX2 and FMA) or "" (the generic binary). Must run before ND4J is first used; a value the user set is kept, and
     * a binary that is not on the classpath falls back to the generic one.
     *
     * @param cpuFlags the CPU's feature flags (on Linux the {@code flags} line of /proc/cpuinfo)
     * @return the suffix in force now
     */
    public static String selectBinary(String cpuFlags) {
        String chosen = System.getProperty(BINARY_PROPERTY);
        if (chosen == null) {
            chosen = binaryFor(cpuFlags == null ? "" : cpuFlags);
            System.setProperty(BINARY_PROPERTY, chosen);
        }
        return chosen;
    }

    /** @return the classifier suffix of the fastest oneDNN binary for CPUs with these flags, or "" (generic) */
    static String binaryFor(String cpuFlags) {
        Set<String> flags = new HashSet<>(Arrays.asList(cpuFlags.trim().split("\\s+")));
        if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            return "-onednn-avx512";
        }
        return flags.containsAll(List.of("avx2", "fma")) ? "-onednn-avx2" : "";
    }

    /** @return the {@code flags} line of /proc/cpuinfo, or "" where there is none (not Linux) */
    public static String cpuFlags() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.substring(l.indexOf(':') + 1))
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** @return the path of the loaded native ND4J library (its folder names the binary), or null if unknown */
    public static String nativeLibrary() {
        Nd4j.getBackend(); // loads it
        try {
            Object libraries = Class.forName("org.bytedeco.javacpp.Loader").getMethod("getLoadedLibraries")
                    .invoke(null);
            Object path = ((Map<?, ?>) libraries).get("nd4jcpu");
            return path == null ? null : path.toString();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static List<Layer> layers(Model model) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            return List.of(net.getLayers());
        }
        if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            return List.of(graph.getLayers());
        }
        throw new IllegalArgumentException("OneDnn: model must be a MultiLayerNetwork or ComputationGraph, got "
                + model.getClass().getName());
    }
}
