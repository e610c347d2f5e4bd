package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

import java.util.ArrayList;
import java.util.Map;

/**
 * Normalized Bahdanau (additive) attention of GNMT v2, as NVIDIA DeepLearningExamples' {@code BahdanauAttention(
 * normalize=True)}: for every query step {@code q} and encoder step {@code k},
 * {@code score = (g·v/‖v‖) · tanh(Wq·q + Wk·k + b)}, masked where the encoder input is padding, softmax over the
 * encoder steps, context = the score-weighted sum of the (untransformed) encoder outputs. Inputs: queries
 * {@code [batch, size, Tq]} and encoder outputs {@code [batch, size, Tk]} (DL4J's NCW); output: contexts
 * {@code [batch, size, Tq]}, masked like the queries. Parameters: {@code Wq, Wk [size, size]}, {@code v [size, 1]},
 * {@code g [1, 1]} (starts at 1/√size), {@code b [size]} (starts at 0); {@code Wq, Wk, v} start uniform in ±0.1.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class BahdanauAttention extends SameDiffVertex {

    /** The value {@code masked_fill} puts on padded encoder steps before the softmax in the reference. */
    public static final double MASKED_SCORE = -65504.0;

    /** The query, key and context size. */
    private long size;

    /** For DL4J's JSON deserialization. */
    protected BahdanauAttention() {
        // JSON
    }

    /** Attention over queries and keys of {@code size} features. */
    public BahdanauAttention(long size) {
        this.size = size;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("query", "keys");
        params.addWeightParam("Wq", size, size);
        params.addWeightParam("Wk", size, size);
        params.addWeightParam("v", size, 1);
        params.addWeightParam("g", 1, 1);
        params.addBiasParam("b", size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (String uniform : new String[] {"Wq", "Wk", "v"}) {
            INDArray p = params.get(uniform);
            p.assign(Nd4j.rand(p.dataType(), p.shape()).muli(0.2).subi(0.1));
        }
        params.get("g").assign(1 / Math.sqrt(size));
        params.get("b").assign(0);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> in, Map<String, SDVariable> p,
                                   Map<String, SDVariable> masks) {
        SDVariable query = in.get("query").permute(0, 2, 1);                      // [b, Tq, n]
        SDVariable keys = in.get("keys").permute(0, 2, 1);                        // [b, Tk, n]
        SDVariable q = query.reshape(-1, size).mmul(p.get("Wq")).reshape(-1, queryLength(in), 1, size); // [b,Tq,1,n]
        SDVariable k = keys.reshape(-1, size).mmul(p.get("Wk")).reshape(-1, 1, keyLength(in), size);    // [b,1,Tk,n]
        SDVariable squaredNorm = sd.mmul(p.get("v"), p.get("v"), true, false, false);                  // [1, 1]
        SDVariable scale = p.get("g").div(sd.math().sqrt(squaredNorm));
        SDVariable v = sd.mmul(p.get("v"), scale);                                // g·v/‖v‖, [n, 1]: see below
        SDVariable scores = sd.mmul(sd.math().tanh(q.add(k).add(p.get("b"))).reshape(-1, size), v)
                .reshape(-1, queryLength(in), keyLength(in));                       // [b, Tq, Tk]
        SDVariable keyMask = masks.get("keys").reshape(-1, 1, keyLength(in));          // 1 = real step
        scores = scores.mul(keyMask).add(keyMask.rsub(1).mul(MASKED_SCORE));
        SDVariable context = sd.mmul(sd.nn().softmax(scores, 2), keys);           // [b, Tq, n]
        return context.permute(0, 2, 1);
    }

    // Reductions of a parameter (v.norm2(), v.mul(v).sum(0)) and broadcasts with a one-element operand fail in
    // DL4J 1.0.0-M2.1's SameDiff vertices ("Axis array [-2147483648] contains values above array rank"), so v and g
    // are [n, 1] and [1, 1] and ‖v‖² and g·v/‖v‖ are matrix products.

    private static long queryLength(Map<String, SDVariable> in) { return in.get("query").getShape()[2]; }

    private static long keyLength(Map<String, SDVariable> in) { return in.get("keys").getShape()[2]; }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        InputType.InputTypeRecurrent query = (InputType.InputTypeRecurrent) inputs[0];
        return InputType.recurrent(size, query.getTimeSeriesLength(), query.getFormat());
    }

    /** The context of a query step is as valid as the query step. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        return new Pair<>(masks == null ? null : masks[0], state);
    }

    /** The runtime vertex, backpropagating the true gradients (see {@link ExternalErrors}). */
    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
            INDArray params, boolean initialize, DataType dataType) {
        setName(name);
        return new ExternalErrors.Vertex(this, graph, name, index, params, initialize, dataType);
    }

    @Override
    public GraphVertex clone() {
        BahdanauAttention copy = new BahdanauAttention(size);
        copy.regularization = regularization == null ? null : new ArrayList<>(regularization);
        copy.regularizationBias = regularizationBias == null ? null : new ArrayList<>(regularizationBias);
        copy.updater = updater == null ? null : updater.clone();
        copy.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        copy.gradientNormalization = gradientNormalization;
        copy.gradientNormalizationThreshold = gradientNormalizationThreshold;
        copy.dataType = dataType;
        copy.setName(getName());
        return copy;
    }
}
