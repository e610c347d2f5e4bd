package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The ViT input: an image {@code [batch, C, H, W]} cut into {@code p×p} patches, each flattened in (row, column,
 * channel) order and mapped linearly to {@code dim} features, a learned class token in front, a learned position
 * embedding added: {@code [batch, 1 + HW/p², dim]}. Parameters: {@code W [p²C, dim]}, {@code b [dim]},
 * {@code cls [1, dim]}, {@code pos [1 + HW/p², dim]} (as lucidrains' {@code to_patch_embedding}, {@code cls_token},
 * {@code pos_embedding}; the class token and position embedding start as standard normal samples).
 */
public class PatchEmbedding extends TokenLayer {

    /** The side of a square patch, in pixels. */
    private int patch;
    /** The embedding size. */
    private long dim;
    /** The input's channels. */
    private long channels;
    /** The input's height. */
    private long height;
    /** The input's width. */
    private long width;

    /** For DL4J's JSON deserialization. */
    protected PatchEmbedding() {
        // JSON
    }

    /** Patches of {@code patch} × {@code patch} pixels, each embedded in {@code dim} features. */
    public PatchEmbedding(int patch, long dim) {
        this.patch = patch;
        this.dim = dim;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional)) {
            throw new IllegalArgumentException("PatchEmbedding " + getLayerName()
                    + ": input must be an image (InputType.convolutional), got " + inputType);
        }
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
        if (c.getHeight() % patch != 0 || c.getWidth() % patch != 0) {
            throw new IllegalArgumentException("PatchEmbedding " + getLayerName() + ": patch " + patch
                    + " must divide the image height and width, got " + c.getHeight() + "×" + c.getWidth());
        }
        channels = c.getChannels();
        height = c.getHeight();
        width = c.getWidth();
        nIn = patch * patch * channels;
        tokens = 1 + patches();
    }

    private long patches() { return height / patch * (width / patch); }

    @Override
    protected long nOut() { return dim; }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(dim, tokens, RNNFormat.NWC);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("W", nIn, dim);
        params.addBiasParam("b", dim);
        params.addWeightParam("cls", 1, dim);
        params.addWeightParam("pos", tokens, dim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initLinear(params.get("W"), nIn);
        initLinear(params.get("b"), nIn);
        params.get("cls").assign(Nd4j.randn(params.get("cls").dataType(), params.get("cls").shape()));
        params.get("pos").assign(Nd4j.randn(params.get("pos").dataType(), params.get("pos").shape()));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable image, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable x = image.reshape(-1, channels, height / patch, patch, width / patch, patch)
                .permute(0, 2, 4, 3, 5, 1).reshape(-1, patches(), nIn);
        SDVariable embedded = linear(x, p.get("W"), p.get("b"), patches(), nIn, dim);
        SDVariable cls = embedded.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()).mul(0).add(p.get("cls"));
        return sd.concat(1, cls, embedded).add(p.get("pos"));
    }
}
