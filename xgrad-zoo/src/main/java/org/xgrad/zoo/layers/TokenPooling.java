package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The ViT head's input: the class token (the first) or the mean of all tokens, layer-normalized,
 * {@code [batch, T, dim] → [batch, dim]} (lucidrains' {@code pool} and the {@code LayerNorm} of {@code mlp_head}; a
 * DL4J {@code OutputLayer} is the head's linear map). Parameters: {@code normGain, normBias [dim]}.
 */
public class TokenPooling extends TokenLayer {

    /** Which token summarizes the sequence. */
    public enum Mode {
        /** The class token's vector (ViT's "cls" pooling). */
        CLASS_TOKEN,
        /** The mean over the tokens. */
        MEAN
    }

    /** How the tokens are pooled. */
    private Mode mode;

    /** For DL4J's JSON deserialization. */
    protected TokenPooling() {
        // JSON
    }

    /** Pools the tokens by {@code mode}. */
    public TokenPooling(Mode mode) {
        this.mode = mode;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(nIn);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("normGain", nIn);
        params.addBiasParam("normBias", nIn);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initLayerNorm(params.get("normGain"), params.get("normBias"));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable pooled = mode == Mode.MEAN ? x.mean(1)
                : x.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        return layerNorm(sd, pooled, p.get("normGain"), p.get("normBias"), 1);
    }
}
