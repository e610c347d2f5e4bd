package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.xgrad.testing.Diff;
import org.xgrad.testing.TinyMlp;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XAdamW;
import org.xgrad.updaters.XRmsProp;
import org.xgrad.updaters.XSgdm;
import org.xgrad.updaters.XWrapped;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link XGrad#exportForInference} and {@link XGrad#toStockUpdaters}: the exported file loads and predicts θ's outputs
 * in a JVM whose classpath has no xgrad class (a loader compiled by the test, DL4J's jars only), for MLN and CG, in
 * listener and updater-only mode; the stock state is carried over exactly (a network trained with X-updaters at s = 0,
 * converted, then trained on with DL4J's Adam equals a network trained with DL4J's Adam all along, bias correction's
 * step count included, also where DL4J merges blocks the X-updaters kept apart); each X-updater's twin.
 */
class StockExportTest {

    private static final List<DataSet> BATCHES = TinyMlp.batches(6, 8, 3, 1.5);
    private static final String LOADER = "LoadWithoutXGrad";

    private static Model train(boolean graph, IUpdater updater, boolean listener, int iterations) {
        Model model;
        if (graph) {
            ComputationGraph g = new ComputationGraph(TinyMlp.graph(updater, TinyMlp.HIDDEN));
            g.init();
            model = g;
        } else {
            model = TinyMlp.network(updater);
        }
        if (listener) {
            XGrad.enablePrediction(model);
        }
        for (int i = 0; i < iterations; i++) {
            fit(model, BATCHES.get(i % BATCHES.size()));
        }
        return model;
    }

    private static void fit(Model model, DataSet batch) {
        if (model instanceof ComputationGraph) {
            ((ComputationGraph) model).fit(batch);
        } else {
            ((MultiLayerNetwork) model).fit(batch);
        }
    }

    private static INDArray output(Model model, INDArray x) {
        return model instanceof ComputationGraph ? ((ComputationGraph) model).outputSingle(x)
                : ((MultiLayerNetwork) model).output(x);
    }

    @ParameterizedTest(name = "graph={0}, listener={1}")
    @CsvSource({"false, true", "false, false", "true, true", "true, false"})
    @Timeout(300)
    void exportedModelLoadsAndPredictsWithoutTheXGradJars(boolean graph, boolean listener, @TempDir Path dir)
            throws Exception {
        Model model = train(graph, new XAdam(0.05, 2), listener, 5);
        INDArray x = BATCHES.get(0).getFeatures();
        INDArray expected = XGrad.withTrueParams(model, () -> output(model, x).dup());
        INDArray paramsBefore = model.params().dup();
        File file = dir.resolve("model.zip").toFile();
        XGrad.exportForInference(model, file);
        assertEquals(paramsBefore, model.params(), "the network itself is left as it was");

        Run run = runWithoutXGrad(dir, file, graph, x);
        assertEquals(0, run.exit, run.printed);
        String printed = run.printed;
        assertTrue(printed.contains("NO-XGRAD"), printed);
        double[] loaded = Arrays.stream(printed.lines().filter(l -> l.startsWith("OUT ")).findFirst()
                .orElseThrow(() -> new AssertionError(printed)).substring(4).split(","))
                .mapToDouble(Double::parseDouble).toArray();
        Diff.assertClose(expected.dup().data().asDouble(), Nd4j.createFromArray(loaded), 0,
                "outputs of the exported model in a JVM without xgrad");
    }

    @Test
    @Timeout(300)
    void aFileSavedWithTheXUpdatersDoesNotLoadThereAndTheErrorNamesTheClass(@TempDir Path dir) throws Exception {
        Model model = train(false, new XAdam(0.05, 1), true, 2);
        File file = dir.resolve("model.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(model, file, true);
        Run run = runWithoutXGrad(dir, file, false, BATCHES.get(0).getFeatures());
        assertTrue(run.exit != 0 && run.printed.contains("NO-XGRAD"), run.printed);
        assertTrue(run.printed.contains("org.xgrad.updaters.XAdam"), run.printed);
    }

    private static final class Run {
        final int exit;
        final String printed;

        Run(int exit, String printed) {
            this.exit = exit;
            this.printed = printed;
        }
    }

    /** Compiles a loader against DL4J only and runs it on a classpath with every xgrad entry removed. */
    private static Run runWithoutXGrad(Path dir, File model, boolean graph, INDArray x) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("xgrad-") && !e.contains("org" + File.separator + "xgrad"))
                .collect(Collectors.joining(File.pathSeparator));
        Path source = dir.resolve(LOADER + ".java");
        Files.writeString(source, String.join("\n",
                "import org.deeplearning4j.util.ModelSerializer;",
                "import org.nd4j.linalg.api.ndarray.INDArray;",
                "import org.nd4j.linalg.factory.Nd4j;",
                "public class " + LOADER + " {",
                "  public static void main(String[] a) throws Exception {",
                "    try { Class.forName(\"org.xgrad.updaters.XAdam\"); System.out.println(\"XGRAD-PRESENT\"); }",
                "    catch (ClassNotFoundException e) { System.out.println(\"NO-XGRAD\"); }",
                "    double[] v = java.util.Arrays.stream(a[2].split(\",\")).mapToDouble(Double::parseDouble).toArray();",
                "    INDArray x = Nd4j.create(v, new long[] {Long.parseLong(a[3]), Long.parseLong(a[4])});",
                "    INDArray out = a[1].equals(\"graph\")",
                "        ? ModelSerializer.restoreComputationGraph(a[0], true).outputSingle(x)",
                "        : ModelSerializer.restoreMultiLayerNetwork(a[0], true).output(x);",
                "    StringBuilder s = new StringBuilder(\"OUT \");",
                "    for (double d : out.dup().data().asDouble()) s.append(s.length() > 4 ? \",\" : \"\").append(d);",
                "    System.out.println(s);",
                "  }",
                "}"), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        String values = Arrays.stream(x.dup().data().asDouble()).mapToObj(Double::toString)
                .collect(Collectors.joining(","));
        Process child = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + classpath, LOADER,
                model.getPath(), graph ? "graph" : "mln", values, Long.toString(x.size(0)), Long.toString(x.size(1)))
                .redirectErrorStream(true).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        return new Run(child.exitValue(), printed);
    }

    @ParameterizedTest(name = "graph={0}")
    @CsvSource({"false", "true"})
    void stockStateCarriesOverExactly(boolean graph) {
        // s = 0: the X-updaters take DL4J's Adam steps; the converted network goes on with DL4J's Adam
        Model x = train(graph, new XAdam(0.05, 0), false, 4);
        Model stock = train(graph, new Adam(0.05), false, 4);
        Diff.assertIdentical(stock.params(), x.params(), "s = 0 is DL4J's Adam");
        Model converted = XGrad.toStockUpdaters(x);
        Diff.assertIdentical(stateOf(stock), stateOf(converted), "Adam's m, v");
        for (int i = 4; i < 7; i++) {
            fit(converted, BATCHES.get(i % BATCHES.size()));
            fit(stock, BATCHES.get(i % BATCHES.size()));
        }
        Diff.assertIdentical(stock.params(), converted.params(), "three more stock steps, bias correction included");
    }

    @Test
    void blocksThatDl4jMergesWithoutTheXUpdatersTakeTheirPartsFromEach() {
        // layer 0 XAdam, layer 1 XWrapped(Adam): two blocks; both become Adam(0.05): one block
        MultiLayerConfiguration conf = TinyMlp.base(new XAdam(0.05, 0)).list().layer(TinyMlp.hidden())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(TinyMlp.HIDDEN)
                        .nOut(TinyMlp.OUT).activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .lossFunction(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .updater(new XWrapped(new Adam(0.05), 0)).build()).build();
        MultiLayerNetwork x = new MultiLayerNetwork(conf);
        x.init();
        MultiLayerNetwork stock = (MultiLayerNetwork) train(false, new Adam(0.05), false, 0);
        for (int i = 0; i < 4; i++) {
            x.fit(BATCHES.get(i));
            stock.fit(BATCHES.get(i));
        }
        MultiLayerNetwork converted = (MultiLayerNetwork) XGrad.toStockUpdaters(x);
        assertEquals(2, ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) x.getUpdater()).getUpdaterBlocks()
                .size());
        assertEquals(1, ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) converted.getUpdater())
                .getUpdaterBlocks().size());
        Diff.assertIdentical(stock.getUpdater().getStateViewArray(), converted.getUpdater().getStateViewArray(),
                "one merged block: m of both layers, then v of both");
    }

    private static INDArray stateOf(Model model) {
        return model instanceof ComputationGraph ? ((ComputationGraph) model).getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) model).getUpdater().getStateViewArray();
    }

    @Test
    void everyXUpdaterBecomesItsTwin() {
        assertEquals(new Adam(0.01), StockUpdaters.twin(new XAdam(0.01, 1)));
        assertEquals(new Adam(0.01), StockUpdaters.twin(new XAdamW(0.01, 1)));
        assertEquals(new Nesterovs(0.01, 0.8), StockUpdaters.twin(new XWrapped(new Nesterovs(0.01, 0.8), 2)));
        assertEquals(new Sgd(0.01), StockUpdaters.twin(new XSgdm(0.01, 1)), "no heavy-ball momentum in DL4J");
        assertEquals("RmsProp", StockUpdaters.twin(new XRmsProp(0.01, 1)).getClass().getSimpleName());
        String json = StockUpdaters.stockJson(TinyMlp.configuration(new XAdam(0.01, 1)).toJson());
        assertFalse(json.contains("org.xgrad"), json);
    }

    @Test
    void badInputIsNamed() throws IOException {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> XGrad.toStockUpdaters(null));
        assertTrue(e.getMessage().contains("XGrad.toStockUpdaters") && e.getMessage().contains("model"),
                e.getMessage());
    }
}
