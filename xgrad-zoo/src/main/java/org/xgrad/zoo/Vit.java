package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.updaters.internal.Arguments;
import org.xgrad.zoo.layers.PatchEmbedding;
import org.xgrad.zoo.layers.SelfAttention;
import org.xgrad.zoo.layers.TokenDense;
import org.xgrad.zoo.layers.TokenPooling;

import static org.xgrad.zoo.GraphSteps.add;

/**
 * Vision Transformer for CIFAR with the paper's configuration (patch 4, 6 blocks, 8 heads of 64, dimension 512, MLP
 * 512, dropout 0.1, embedding dropout 0.1, class-token pooling), as kentaroy47/vision-transformers-cifar10
 * {@code models/vit.py} (lucidrains' ViT): patch embedding with a learned class token and position embedding
 * ({@link PatchEmbedding}), embedding dropout, then per block {@code x + drop(SelfAttention(x))} and
 * {@code x + drop(W2·drop(GELU(W1·LN(x))))} (pre-norm), then class token or token mean → LN → softmax layer.
 * 9,523,722 trainable parameters for 3×32×32 input and 10 classes, as the reference.
 *
 * <p>The attention, feed-forward and pooling layers are SameDiff layers ({@link org.xgrad.zoo.layers}); dropout is DL4J's
 * {@code DropoutLayer} between them (see {@link org.xgrad.zoo.layers.TokenLayer} for why).
 */
public class Vit extends PaperModel<ComputationGraphConfiguration> {

    private int patch = 4;
    private int dim = 512;
    private int depth = 6;
    private int heads = 8;
    private int headSize = 64;
    private int mlp = 512;
    private double dropout = 0.1;
    private double embeddingDropout = 0.1;
    private TokenPooling.Mode pooling = TokenPooling.Mode.CLASS_TOKEN;

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public Vit(int[] inputShape, int numClasses) {
        super(inputShape, numClasses);
    }

    /** The paper's ViT on CIFAR-10: 3×32×32, 10 classes. */
    public static Vit cifar10() { return new Vit(new int[] {3, 32, 32}, 10); }

    /** Token dimension, blocks, heads and their size, feed-forward width (a light variant keeps the topology). */
    public Vit size(int dim, int depth, int heads, int headSize, int mlp) {
        String m = "Vit.size";
        this.dim = Arguments.atLeast(dim, 1, m, "dim");
        this.depth = Arguments.atLeast(depth, 1, m, "depth");
        this.heads = Arguments.atLeast(heads, 1, m, "heads");
        this.headSize = Arguments.atLeast(headSize, 1, m, "headSize");
        this.mlp = Arguments.atLeast(mlp, 1, m, "mlp");
        return this;
    }

    /** Patch side (must divide the image height and width), default 4. */
    public Vit patch(int patch) {
        this.patch = Arguments.atLeast(patch, 1, "Vit.patch", "patch");
        if (inputShape[1] % patch != 0 || inputShape[2] % patch != 0) {
            throw new IllegalArgumentException("Vit.patch: patch must divide the image height and width "
                    + inputShape[1] + "×" + inputShape[2] + ", got " + patch);
        }
        return this;
    }

    /** Dropout probabilities (PyTorch's p, the probability of zeroing) in the blocks and after the embedding. */
    public Vit dropout(double dropout, double embeddingDropout) {
        this.dropout = Arguments.inRange(dropout, 0, 1, "Vit.dropout", "dropout");
        this.embeddingDropout = Arguments.inRange(embeddingDropout, 0, 1, "Vit.dropout", "embeddingDropout");
        return this;
    }

    /** @return this model, pooling its tokens by {@code pooling} */
    public Vit pooling(TokenPooling.Mode pooling) {
        this.pooling = Arguments.notNull(pooling, "Vit.pooling", "pooling");
        return this;
    }

    @Override
    public String modelName() { return "vit"; }

    @Override
    public ComputationGraphConfiguration conf() {
        GraphBuilder g = base().graphBuilder().addInputs("input");
        g.addLayer("embedding", new PatchEmbedding(patch, dim), "input");
        String x = GraphSteps.dropout(g, "embedding_dropout", "embedding", embeddingDropout);
        for (int block = 1; block <= depth; block++) {
            String b = "b" + block;
            g.addLayer(b + "_attention", new SelfAttention(heads, headSize), x);
            String attention = GraphSteps.dropout(g, b + "_attention_dropout", b + "_attention", dropout);
            x = add(g, b + "_attention_add", attention, x);
            g.addLayer(b + "_mlp1", new TokenDense(mlp, true, true), x);
            String hidden = GraphSteps.dropout(g, b + "_mlp1_dropout", b + "_mlp1", dropout);
            g.addLayer(b + "_mlp2", new TokenDense(dim, false, false), hidden);
            x = add(g, b + "_mlp_add", GraphSteps.dropout(g, b + "_mlp2_dropout", b + "_mlp2", dropout), x);
        }
        g.addLayer("pool", new TokenPooling(pooling), x);
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.UNIFORM).build(), "pool");
        return g.setOutputs("out")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    @Override
    public Class<ComputationGraph> modelType() { return ComputationGraph.class; }
}
