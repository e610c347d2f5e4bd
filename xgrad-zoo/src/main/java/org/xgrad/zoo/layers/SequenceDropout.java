package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * DL4J's {@link DropoutLayer} for masked sequences {@code [batch, features, T]}: DL4J 1.0.0-M2.1's dropout layer
 * multiplies its output by the mask as a column vector, which fails for a {@code [batch, T]} sequence mask. This one
 * leaves the mask to the layers around it (an LSTM already zeroes its masked steps) and passes it on unchanged; the
 * dropout itself is DL4J's, applied only while training.
 */
public class SequenceDropout extends DropoutLayer {

    /** For DL4J's JSON deserialization. */
    protected SequenceDropout() {
        // JSON
    }

    /** @param p the probability of zeroing an activation (PyTorch's meaning) */
    public SequenceDropout(double p) {
        super(1 - p);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return Wiring.wire(new Impl(conf, dataType), initializer(), conf, listeners, index, paramsView,
                initializeParams);
    }

    /** DL4J's dropout layer, run without the mask. */
    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return withoutMask(() -> super.activate(training, workspaceMgr));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return withoutMask(() -> super.backpropGradient(epsilon, workspaceMgr));
        }

        /** Runs a pass of DL4J's dropout with the [batch, T] mask set aside, then puts it back. */
        private <T> T withoutMask(Supplier<T> pass) {
            INDArray mask = maskArray;
            maskArray = null;
            try {
                return pass.get();
            } finally {
                maskArray = mask;
            }
        }
    }
}
