package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Pre-norm multi-head self-attention, the attention half of a ViT block without its residual:
 * {@code LN(x) → q, k, v = LN(x)·Wqkv → per head softmax(q·kᵀ/√d_head)·v → concatenated heads·Wo + bo}, tokens
 * {@code [batch, T, dim] → [batch, T, dim]}. Parameters: {@code normGain, normBias [dim]}, {@code Wqkv [dim, 3·heads·d_head]}
 * (no bias), {@code Wo [heads·d_head, dim]}, {@code bo [dim]} — lucidrains' {@code PreNorm(Attention)}. DL4J's
 * {@code SelfAttentionLayer} has neither the output bias nor the normalization, hence this layer.
 */
public class SelfAttention extends TokenLayer {

    /** The number of attention heads. */
    private int heads;
    /** The size of each head. */
    private int headSize;

    /** For DL4J's JSON deserialization. */
    protected SelfAttention() {
        // JSON
    }

    /** {@code heads} heads of {@code headSize} features each. */
    public SelfAttention(int heads, int headSize) {
        this.heads = heads;
        this.headSize = headSize;
    }

    private long inner() { return (long) heads * headSize; }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("normGain", nIn);
        params.addBiasParam("normBias", nIn);
        params.addWeightParam("Wqkv", nIn, 3 * inner());
        params.addWeightParam("Wo", inner(), nIn);
        params.addBiasParam("bo", nIn);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initLayerNorm(params.get("normGain"), params.get("normBias"));
        initLinear(params.get("Wqkv"), nIn);
        initLinear(params.get("Wo"), inner());
        initLinear(params.get("bo"), inner());
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable qkv = linear(layerNorm(sd, x, p.get("normGain"), p.get("normBias"), 2), p.get("Wqkv"), null, tokens, nIn,
                3 * inner());
        SDVariable q = heads(qkv, 0);
        SDVariable k = heads(qkv, 1);
        SDVariable v = heads(qkv, 2);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1 / Math.sqrt(headSize));
        SDVariable attended = sd.mmul(sd.nn().softmax(scores, 2), v)
                .reshape(-1, heads, tokens, headSize).permute(0, 2, 1, 3).reshape(-1, tokens, inner());
        return linear(attended, p.get("Wo"), p.get("bo"), tokens, inner(), nIn);
    }

    /** Part {@code which} (q, k, v) of {@code qkv}, split into heads: {@code [batch·heads, T, d_head]}. */
    private SDVariable heads(SDVariable qkv, int which) {
        return qkv.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(which * inner(), (which + 1) * inner()))
                .reshape(-1, tokens, heads, headSize).permute(0, 2, 1, 3).reshape(-1, tokens, headSize);
    }
}
