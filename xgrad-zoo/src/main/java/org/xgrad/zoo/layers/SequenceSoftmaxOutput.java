package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Collection;

/**
 * The softmax output of a word-level language model, computed once per iteration: DL4J's {@link RnnOutputLayer}
 * with softmax and multi-class cross-entropy, except that
 * <ul>
 *   <li>the loss is the <b>mean cross-entropy per word</b> over the batch's {@code batch × T} words (PyTorch's
 *   {@code nn.CrossEntropyLoss}, what word-level language models are trained on), where DL4J's layer sums over the
 *   time steps and divides by the batch only — T times larger, which changes how strong an L2 penalty of a given
 *   λ is beside the loss;</li>
 *   <li>labels are the next words' indices, {@code [batch, 1, T]} (one-hot {@code [batch, V, T]} is accepted too);
 *   </li>
 *   <li>one forward pass serves the score and the gradient: DL4J's layer computes the {@code [batch·T, V]} logits and
 *   their softmax twice per iteration (once for the gradient, once for the score), permutes the
 *   vocabulary-sized arrays between {@code [batch, V, T]} and {@code [batch·T, V]} in both directions, and builds
 *   one-hot labels, about 70 % of a small LSTM's iteration at V = 10,001 (see docs/results.md).</li>
 * </ul>
 * Input {@code [batch, nIn, T]} (NCW); output: the probabilities {@code [batch, V, T]}. Parameters as DL4J's
 * layer: {@code W [nIn, V]}, {@code b [V]}. The score clips the probability of the true word to
 * [10⁻¹⁰, 1 − 10⁻¹⁰] before the log, as DL4J's {@link LossMCXENT}; the gradient is the unclipped
 * {@code (softmax − onehot) / (batch·T)}. Masks are not supported (the text batches have none).
 */
public class SequenceSoftmaxOutput extends RnnOutputLayer {

    /** DL4J's MCXENT default clip of the softmax output in the score. */
    private static final double CLIP = 1e-10;

    /** For DL4J's JSON deserialization. */
    protected SequenceSoftmaxOutput() {
        // JSON
    }

    /**
     * @param nIn        the size of the input at each step (the last LSTM's units)
     * @param vocabulary V, the number of words
     */
    public SequenceSoftmaxOutput(long nIn, long vocabulary) {
        setNIn(nIn);
        setNOut(vocabulary);
        setActivationFn(Activation.SOFTMAX.getActivationFunction());
        setLossFn(new LossMCXENT());
        setRnnDataFormat(RNNFormat.NCW);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return Wiring.wire(new Impl(conf, dataType), initializer(), conf, listeners, index, paramsView,
                initializeParams);
    }

    /** The runtime layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer {

        /** The input the last backward pass scored, and the sum of its words' cross-entropies. */
        private INDArray scoredInput;
        private double scoredSum;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** A forward pass: the input's rows {@code [batch·T, nIn]} and their probabilities {@code [batch·T, V]}. */
        private static final class Forward {
            final INDArray rows;
            final INDArray p;

            Forward(INDArray rows, INDArray p) {
                this.rows = rows;
                this.p = p;
            }
        }

        /** The softmax of the logits ({@link #forward}'s probabilities). */
        private INDArray probabilities(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
            return forward(training, workspaceMgr, type).p;
        }

        /**
         * The softmax of the logits, {@code [batch·T, V]} in c order, row {@code b·T + t} (a view of the input's
         * rows, so the vocabulary-sized array is never permuted), and those rows.
         */
        private Forward forward(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
            assertInputSet(false);
            if (maskArray != null) {
                throw new UnsupportedOperationException("SequenceSoftmaxOutput does not support masks " + layerId());
            }
            if (input.rank() != 3) {
                throw new IllegalStateException("SequenceSoftmaxOutput: the input must be [batch, nIn, T], got shape "
                        + java.util.Arrays.toString(input.shape()) + " " + layerId());
            }
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
            INDArray bias = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
            INDArray rows = rows(input.castTo(w.dataType()), workspaceMgr);
            INDArray p = workspaceMgr.createUninitialized(type, w.dataType(), new long[] {rows.size(0), w.size(1)}, 'c');
            Nd4j.gemm(rows, w, p, false, false, 1.0, 0.0);
            p.addiRowVector(bias);
            Nd4j.exec(new SoftMax(p, p, 1));
            return new Forward(rows, p);
        }

        /** {@code [batch, n, T]} → {@code [batch·T, n]}, row {@code b·T + t}. */
        private static INDArray rows(INDArray sequence, LayerWorkspaceMgr workspaceMgr) {
            long n = sequence.size(1);
            INDArray rows = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, sequence.dataType(),
                    new long[] {sequence.size(0), sequence.size(2), n}, 'c');
            rows.assign(sequence.permute(0, 2, 1));
            return rows.reshape('c', rows.size(0) * rows.size(1), n);
        }

        /** The labels' word indices in row order {@code b·T + t}. */
        private int[] words(long vocabulary) {
            if (labels == null) {
                throw new IllegalStateException("SequenceSoftmaxOutput: no labels set " + layerId());
            }
            long batch = input.size(0);
            long steps = input.size(2);
            boolean indices = labels.rank() == 3 && labels.size(1) == 1;
            boolean oneHot = labels.rank() == 3 && labels.size(1) == vocabulary;
            if (!(indices || oneHot) || labels.size(0) != batch || labels.size(2) != steps) {
                throw new IllegalArgumentException("SequenceSoftmaxOutput: labels must be word indices [" + batch
                        + ", 1, " + steps + "] or one-hot [" + batch + ", " + vocabulary + ", " + steps + "], got "
                        + java.util.Arrays.toString(labels.shape()) + " " + layerId());
            }
            INDArray word = indices ? labels : labels.argMax(1);
            double[] values = word.dup('c').reshape(batch * steps).toDoubleVector();
            int[] words = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!(v >= 0 && v < vocabulary && v == Math.rint(v))) {
                    throw new IllegalArgumentException("SequenceSoftmaxOutput: label " + v + " at position " + i
                            + " is not a word index in [0, " + vocabulary + ") " + layerId());
                }
                words[i] = (int) v;
            }
            return words;
        }

        /** −log p(true word) of row {@code r}, p clipped as DL4J's MCXENT clips it. */
        private static double crossEntropy(INDArray p, int[] words, int r) {
            return -Math.log(Math.min(Math.max(p.getDouble(r, words[r]), CLIP), 1 - CLIP));
        }

        private static double crossEntropySum(INDArray p, int[] words) {
            double sum = 0;
            for (int r = 0; r < words.length; r++) {
                sum += crossEntropy(p, words, r);
            }
            return sum;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray p = probabilities(training, workspaceMgr, ArrayType.ACTIVATIONS);
            return p.reshape('c', input.size(0), input.size(2), p.size(1)).permute(0, 2, 1);
        }

        /**
         * One forward pass for the gradient and the score: {@code δ = (softmax − onehot)·scale} with scale
         * {@code batch / (batch·T)} where DL4J divides every gradient by the batch afterwards (mini-batch mode),
         * {@code 1 / (batch·T)} otherwise, so the gradient is that of the mean per word.
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            Forward forward = forward(true, workspaceMgr, ArrayType.BP_WORKING_MEM);
            INDArray delta = forward.p;
            long v = delta.size(1);
            int[] words = words(v);
            scoredSum = crossEntropySum(delta, words);
            scoredInput = input;
            for (int r = 0; r < words.length; r++) {
                delta.putScalar(r, words[r], delta.getDouble(r, words[r]) - 1);
            }
            double scale = (conf().isMiniBatch() ? input.size(0) : 1.0) / words.length;
            Gradient gradient = new DefaultGradient();
            INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
            Nd4j.gemm(forward.rows, delta, weightGrad, true, false, scale, 0.0);
            gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            INDArray ones = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(),
                    new long[] {1, words.length}, 'c').assign(1);
            Nd4j.gemm(ones, delta, biasGrad.reshape(1, biasGrad.length()), false, false, scale, 0.0); // column sums
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
            INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
            INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                    new long[] {words.length, w.size(0)}, 'c');
            Nd4j.gemm(delta, w, inputGrad, false, true, scale, 0.0);
            INDArray epsilonNext = inputGrad.reshape('c', input.size(0), input.size(2), w.size(0)).permute(0, 2, 1);
            weightNoiseParams.clear();
            return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
        }

        /** The mean cross-entropy per word plus {@code fullNetRegTerm}; reuses the backward pass's forward pass. */
        @Override
        public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
            double sum;
            if (scoredInput != null && scoredInput == input) {
                sum = scoredSum;
            } else {
                INDArray p = probabilities(training, workspaceMgr, ArrayType.FF_WORKING_MEM);
                sum = crossEntropySum(p, words(p.size(1)));
            }
            scoredInput = null;
            score = sum / (input.size(0) * input.size(2)) + fullNetRegTerm;
            return score;
        }

        /** Per sequence: the mean cross-entropy per word of its T words plus {@code fullNetRegTerm}, {@code [batch, 1]}. */
        @Override
        public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
            INDArray p = probabilities(false, workspaceMgr, ArrayType.FF_WORKING_MEM);
            int[] words = words(p.size(1));
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            double[] scores = new double[batch];
            for (int r = 0; r < words.length; r++) {
                scores[r / steps] += crossEntropy(p, words, r) / steps;
            }
            INDArray out = Nd4j.create(scores, new long[] {batch, 1}, p.dataType()).addi(fullNetRegTerm);
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
        }

        @Override
        public void clear() {
            super.clear();
            scoredInput = null;
        }
    }
}
