package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

import java.util.Collection;

/**
 * Base of the transformer layers: SameDiff layers over token sequences {@code [batch, tokens, features]}
 * ({@link RNNFormat#NWC}, the layout of PyTorch's {@code batch_first} transformers), with the pieces they share:
 * layer normalization, per-token linear maps, exact GELU and PyTorch's default initialization.
 *
 * <p>Configurations are saved as JSON by their fields (each subclass has a no-argument constructor for that).
 * Parameter names have no underscore: DL4J's updater finds a gradient's layer by the last underscore of
 * "layer_parameter".
 *
 * <p>DL4J runs a SameDiff layer's forward pass again when it computes the gradients, so random operations inside
 * one would see two different masks; dropout therefore lives outside, in DL4J {@code DropoutLayer}s between these
 * layers, which DL4J applies only while training.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class TokenLayer extends SameDiffLayer {

    /** PyTorch's {@code nn.LayerNorm} default epsilon. */
    public static final double LAYER_NORM_EPSILON = 1e-5;

    /** The number of tokens. */
    protected long tokens;
    /** The input size per token. */
    protected long nIn;

    /** For DL4J's JSON deserialization. */
    protected TokenLayer() {
        // JSON
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " " + getLayerName()
                    + ": input must be a token sequence (InputType.recurrent), got " + inputType);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
        if (nIn <= 0 || override) {
            nIn = r.getSize();
        }
        tokens = r.getTimeSeriesLength();
    }

    /** The runtime layer, backpropagating the true gradients (see {@link ExternalErrors}). */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
            INDArray params, boolean initialize, DataType dataType) {
        ExternalErrors.Layer layer = new ExternalErrors.Layer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initialize));
        layer.setConf(conf);
        return layer;
    }

    /** @return the features per token of the output (default: as the input) */
    protected long nOut() { return nIn; }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(nOut(), ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength(),
                RNNFormat.NWC);
    }

    /** Layer normalization over dimension {@code dim}: {@code (x − mean) / √(var + ε) · gain + bias}. */
    static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias, int dim) {
        SDVariable centred = x.sub(x.mean(true, dim));
        SDVariable variance = centred.mul(centred).mean(true, dim);
        return centred.div(sd.math().sqrt(variance.add(LAYER_NORM_EPSILON))).mul(gain).add(bias);
    }

    /** {@code x · w (+ b)} on every token: {@code [batch, tokens, in] → [batch, tokens, out]}. */
    static SDVariable linear(SDVariable x, SDVariable w, SDVariable b, long tokens, long in, long out) {
        SDVariable y = x.reshape(-1, in).mmul(w);
        return (b == null ? y : y.add(b)).reshape(-1, tokens, out);
    }

    /** GELU with the exact Gaussian CDF, {@code x·½(1 + erf(x/√2))}, as PyTorch's {@code nn.GELU()}. */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        return x.mul(0.5).mul(sd.math().erf(x.div(Math.sqrt(2))).add(1));
    }

    /** PyTorch's {@code nn.Linear} initialization of a weight or bias: uniform in ±1/√fanIn. */
    static void initLinear(INDArray param, long fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        param.assign(Nd4j.rand(param.dataType(), param.shape()).muli(2 * bound).subi(bound));
    }

    /** Layer-normalization gain 1 and bias 0, as PyTorch's {@code nn.LayerNorm}. */
    static void initLayerNorm(INDArray gain, INDArray bias) {
        gain.assign(1);
        bias.assign(0);
    }
}
