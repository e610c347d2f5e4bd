package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A fully connected layer on every token, {@code [batch, T, nIn] → [batch, T, nOut]}: optional pre-norm, then
 * {@code x·W + b}, then optional exact GELU. The ViT feed-forward half is
 * {@code TokenDense(mlp, true, true) → dropout → TokenDense(dim, false, false)} (lucidrains' {@code PreNorm(FeedForward)}).
 * Parameters: {@code normGain, normBias [nIn]} (with pre-norm), {@code W [nIn, nOut]}, {@code b [nOut]}.
 */
public class TokenDense extends TokenLayer {

    /** The output size per token. */
    private long nOut;
    /** Whether a layer normalization comes first. */
    private boolean preNorm;
    /** Whether GELU follows the dense layer. */
    private boolean gelu;

    /** For DL4J's JSON deserialization. */
    protected TokenDense() {
        // JSON
    }

    /** A dense layer of {@code nOut} outputs on every token, optionally after a layer norm and before GELU. */
    public TokenDense(long nOut, boolean preNorm, boolean gelu) {
        this.nOut = nOut;
        this.preNorm = preNorm;
        this.gelu = gelu;
    }

    @Override
    protected long nOut() { return nOut; }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (preNorm) {
            params.addWeightParam("normGain", nIn);
            params.addBiasParam("normBias", nIn);
        }
        params.addWeightParam("W", nIn, nOut);
        params.addBiasParam("b", nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (preNorm) {
            initLayerNorm(params.get("normGain"), params.get("normBias"));
        }
        initLinear(params.get("W"), nIn);
        initLinear(params.get("b"), nIn);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable in = preNorm ? layerNorm(sd, x, p.get("normGain"), p.get("normBias"), 2) : x;
        SDVariable y = linear(in, p.get("W"), p.get("b"), tokens, nIn, nOut);
        return gelu ? gelu(sd, y) : y;
    }
}
