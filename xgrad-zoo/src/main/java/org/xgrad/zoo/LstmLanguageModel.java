package org.xgrad.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.xgrad.zoo.layers.SequenceSoftmaxOutput;

/**
 * The paper's LSTM-1 / LSTM-2 word-level language models: embedding 400 → 1 or 2 LSTM layers of 1150 units → softmax
 * over the vocabulary at every time step ({@link SequenceSoftmaxOutput}: the mean cross-entropy per word, as PyTorch's
 * language models train, computed in one forward pass). Input: word indices {@code [batch, 1, time]}; labels: the
 * next words' indices {@code [batch, 1, time]} (or one-hot {@code [batch, vocabulary, time]}). DL4J's LSTM has one
 * bias vector per gate (PyTorch's two), so a layer has {@code 4h(nIn + h + 1)} parameters.
 */
public class LstmLanguageModel extends PaperModel<MultiLayerConfiguration> {

    /** The embedding size of LSTM-1 and LSTM-2. */
    public static final int EMBEDDING = 400;
    /** The units per layer of LSTM-1 and LSTM-2. */
    public static final int HIDDEN = 1150;

    private final int layers;
    private final int embedding;
    private final int hidden;

    /** {@code layers} LSTM layers of {@code hidden} units over an embedding of size {@code embedding}, softmax over {@code vocabulary} words. */
    public LstmLanguageModel(int vocabulary, int layers, int embedding, int hidden) {
        super(new int[] {1, vocabulary}, vocabulary);
        this.layers = layers;
        this.embedding = embedding;
        this.hidden = hidden;
    }

    /** LSTM-1: one layer of 1150 units, embedding 400. */
    public static LstmLanguageModel lstm1(int vocabulary) {
        return new LstmLanguageModel(vocabulary, 1, EMBEDDING, HIDDEN);
    }

    /** LSTM-2: two layers of 1150 units, embedding 400. */
    public static LstmLanguageModel lstm2(int vocabulary) {
        return new LstmLanguageModel(vocabulary, 2, EMBEDDING, HIDDEN);
    }

    /**
     * A one-layer LSTM of 128 units, embedding 128: sized for CPU studies on a PTB-size corpus (2.70 M parameters
     * for a 10,001-word vocabulary, 95 % of them in the embedding and the softmax; about 0.28 ms per word of training
     * on one core, so an epoch of the Brown Corpus's 976 k training words takes under 5 minutes).
     */
    public static LstmLanguageModel small(int vocabulary) {
        return new LstmLanguageModel(vocabulary, 1, SMALL, SMALL);
    }

    /** The embedding and LSTM size of {@link #small(int)}. */
    public static final int SMALL = 128;

    @Override
    public String modelName() { return hidden == HIDDEN ? "lstm" + layers : "lstm" + layers + "-" + hidden; }

    @Override
    public MultiLayerConfiguration conf() {
        NeuralNetConfiguration.ListBuilder list = base().weightInit(WeightInit.XAVIER).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(numClasses).nOut(embedding).build());
        for (int i = 0; i < layers; i++) {
            list.layer(new LSTM.Builder().nIn(i == 0 ? embedding : hidden).nOut(hidden).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW).build());
        }
        return list.layer(new SequenceSoftmaxOutput(hidden, numClasses)).build();
    }

    @Override
    public Class<MultiLayerNetwork> modelType() { return MultiLayerNetwork.class; }
}
