package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.updaters.internal.Arguments;
import org.xgrad.zoo.layers.BahdanauAttention;

import java.util.List;

import static org.xgrad.zoo.GraphSteps.add;

/**
 * GNMT v2, the sequence-to-sequence translation model of the paper's GNMT-8 row, as NVIDIA DeepLearningExamples
 * {@code PyTorch/Translation/GNMT} (the MLPerf reference): one embedding shared by source and target; an encoder of
 * {@code layers} LSTMs — the first bidirectional, the second taking its 2h outputs, residual connections from the
 * third on; a decoder whose first LSTM feeds normalized Bahdanau attention ({@link BahdanauAttention}) over the
 * encoder outputs, then {@code layers − 1} LSTMs each reading [previous output ‖ attention context], residual from
 * the third; a softmax over the vocabulary. Dropout (0.2) acts on every encoder LSTM's input and on the decoder
 * outputs before each concatenation. GNMT-8 is {@code layers = 4} on each side (8 LSTM layers), hidden size 1024,
 * vocabulary 32,320 (WMT16 En→De BPE).
 *
 * <p>Training is teacher forcing: the graph inputs are {@code "source"} and {@code "target"} token indices
 * {@code [batch, 1, T]} (the target input starts with {@link #BOS}), the labels the next target tokens
 * {@code [batch, 1, T]} (sparse softmax cross-entropy), with masks for padding; {@link #batch} builds such a batch.
 * Every batch has the configured length T: DL4J's SameDiff vertices fix all but the batch dimension at their first
 * call.
 *
 * <p>Parameters: the reference has 160,671,297 for GNMT-8; this has 160,634,433 = that − 9·4·1024, because a DL4J
 * LSTM has one bias per gate where PyTorch's has two redundant ones (b_ih + b_hh), and GNMT-8 has nine LSTM
 * directions.
 */
public class Gnmt extends PaperModel<ComputationGraphConfiguration> {

    /** Token id of padding. */
    public static final int PAD = 0;
    /** Token id of an unknown word. */
    public static final int UNK = 1;
    /** Token id of a sentence's beginning. */
    public static final int BOS = 2;
    /** Token id of a sentence's end. */
    public static final int EOS = 3;

    private final int hidden;
    private final int layers;
    private final int length;
    private double dropout = 0.2;

    /**
     * @param vocabulary tokens shared by both languages, including {@link #PAD}, {@link #UNK}, {@link #BOS},
     *                   {@link #EOS}
     * @param hidden     LSTM and embedding size
     * @param layers     LSTM layers of the encoder and of the decoder, at least 2
     * @param length     time steps of every batch (sentences are padded or cut to it)
     */
    public Gnmt(int vocabulary, int hidden, int layers, int length) {
        super(new int[] {1, length}, Arguments.atLeast(vocabulary, 5, "Gnmt", "vocabulary"));
        this.hidden = Arguments.atLeast(hidden, 1, "Gnmt", "hidden");
        this.layers = Arguments.atLeast(layers, 2, "Gnmt", "layers");
        this.length = Arguments.atLeast(length, 1, "Gnmt", "length");
    }

    /** GNMT-8: 4 + 4 layers of 1024, the reference's training length 50. */
    public static Gnmt gnmt8(int vocabulary) { return new Gnmt(vocabulary, 1024, 4, 50); }

    /** Dropout probability (PyTorch's p), default 0.2. */
    public Gnmt dropout(double p) {
        this.dropout = Arguments.inRange(p, 0, 1, "Gnmt.dropout", "p");
        return this;
    }

    /** @return the vocabulary size (shared by source and target) */
    public int vocabulary() { return numClasses; }

    /** @return T, the time steps of every batch (sentences are padded or cut to it) */
    public int length() { return length; }

    @Override
    public String modelName() { return "gnmt"; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().weightInit(new UniformDistribution(-0.1, 0.1)).graphBuilder()
                .addInputs("source", "target");
        g.addVertex("tokens", new StackVertex(), "source", "target");
        g.addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(numClasses).nOut(hidden).build(), "tokens");
        g.addVertex("source_embedded", new UnstackVertex(0, 2), "embedding");
        g.addVertex("target_embedded", new UnstackVertex(1, 2), "embedding");

        g.addLayer("enc1", new Bidirectional(Bidirectional.Mode.CONCAT, lstm(hidden)),
                GraphSteps.dropout(g, "enc1_dropout", "source_embedded", dropout));
        g.addLayer("enc2", lstm(2 * hidden), GraphSteps.dropout(g, "enc2_dropout", "enc1", dropout));
        String x = "enc2";
        for (int i = 3; i <= layers; i++) {
            g.addLayer("enc" + i, lstm(hidden), GraphSteps.dropout(g, "enc" + i + "_dropout", x, dropout));
            x = add(g, "enc" + i + "_residual", "enc" + i, x);
        }
        String encoded = x;

        g.addLayer("dec1", lstm(hidden), "target_embedded");
        g.addVertex("attention", new BahdanauAttention(hidden), "dec1", encoded);
        x = "dec1";
        for (int i = 2; i <= layers; i++) {
            String in = GraphSteps.concat(g, "dec" + i + "_input",
                    GraphSteps.dropout(g, "dec" + i + "_dropout", x, dropout), "attention");
            g.addLayer("dec" + i, lstm(2 * hidden), in);
            x = i == 2 ? "dec2" : add(g, "dec" + i + "_residual", "dec" + i, x);
        }
        g.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).nIn(hidden)
                .nOut(numClasses).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), x);
        // no input types: DL4J would take the embedding's nIn (the vocabulary) from the index input's size 1
        return g.setOutputs("out").build();
    }

    private LSTM lstm(int nIn) {
        return new LSTM.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build();
    }

    /**
     * A teacher-forcing batch of sentence pairs (token indices ≥ 4, without {@link #BOS}/{@link #EOS}): source
     * {@code sentence + EOS}, target input {@code BOS + sentence}, labels {@code sentence + EOS}, each padded with
     * {@link #PAD} (masked) or cut to {@link #length()}.
     */
    public MultiDataSet batch(List<int[]> sources, List<int[]> targets, DataType dataType) {
        Arguments.notNull(sources, "Gnmt.batch", "sources");
        Arguments.notNull(targets, "Gnmt.batch", "targets");
        Arguments.notNull(dataType, "Gnmt.batch", "dataType");
        if (sources.size() != targets.size() || sources.isEmpty()) {
            throw new IllegalArgumentException("Gnmt.batch: sources and targets must be non-empty and of equal size, "
                    + "got " + sources.size() + " and " + targets.size());
        }
        int n = sources.size();
        INDArray source = Nd4j.zeros(dataType, n, 1, length);
        INDArray target = Nd4j.zeros(dataType, n, 1, length);
        INDArray labels = Nd4j.zeros(dataType, n, 1, length);
        INDArray sourceMask = Nd4j.zeros(dataType, n, length);
        INDArray targetMask = Nd4j.zeros(dataType, n, length);
        for (int b = 0; b < n; b++) {
            put(source, sourceMask, b, sources.get(b), -1, EOS);
            put(target, targetMask, b, targets.get(b), BOS, -1);
            put(labels, null, b, targets.get(b), -1, EOS);
        }
        return new MultiDataSet(new INDArray[] {source, target}, new INDArray[] {labels},
                new INDArray[] {sourceMask, targetMask}, new INDArray[] {targetMask.dup()});
    }

    /** Row {@code b}: [first] sentence [last], cut to the length; the mask is 1 on the steps written. */
    private void put(INDArray tokens, INDArray mask, int b, int[] sentence, int first, int last) {
        int t = 0;
        if (first >= 0) {
            tokens.putScalar(b, 0, t++, first);
        }
        for (int i = 0; i < sentence.length && t < length; i++) {
            if (sentence[i] < 4 || sentence[i] >= numClasses) {
                throw new IllegalArgumentException("Gnmt.batch: every token of sources and targets must be in [4, "
                        + numClasses + "), got " + sentence[i]);
            }
            tokens.putScalar(b, 0, t++, sentence[i]);
        }
        if (last >= 0 && t < length) {
            tokens.putScalar(b, 0, t++, last);
        }
        for (int i = 0; mask != null && i < t; i++) {
            mask.putScalar(b, i, 1);
        }
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
