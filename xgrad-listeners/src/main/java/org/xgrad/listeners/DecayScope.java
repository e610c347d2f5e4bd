package org.xgrad.listeners;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.updaters.XAdamW;

/**
 * Which parameters a decoupled weight decay ({@link XAdamW}) applies to: by default all of them (the paper's and
 * PyTorch's {@code AdamW} default); {@link XGrad#decayWeightsOnly} takes biases and normalization layers out, the
 * common practice. DL4J chooses a parameter's updater per layer, weights vs biases ({@code biasUpdater}), so the
 * exclusion is made in the configuration: every bias gets the layer's XAdamW with λ = 0, and so does every parameter
 * of a {@link BatchNormalization} layer (γ, β; its running statistics take no updater step).
 */
final class DecayScope {

    private DecayScope() {
    }

    static int weightsOnly(MultiLayerConfiguration conf) {
        int changed = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            changed += weightsOnly(layer.getLayer());
        }
        return changed;
    }

    static int weightsOnly(ComputationGraphConfiguration conf) {
        int changed = 0;
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex) {
                changed += weightsOnly(((LayerVertex) vertex).getLayerConf().getLayer());
            }
        }
        return changed;
    }

    /** @return 1 if {@code layer} (or the layer it wraps) had a decayed bias or normalization parameter, else 0 */
    private static int weightsOnly(Layer layer) {
        if (layer instanceof BaseWrapperLayer) {
            return weightsOnly(((BaseWrapperLayer) layer).getUnderlying());
        }
        if (layer instanceof FrozenLayer) {
            return weightsOnly(((FrozenLayer) layer).getLayer());
        }
        if (layer instanceof FrozenLayerWithBackprop) {
            return weightsOnly(((FrozenLayerWithBackprop) layer).getUnderlying());
        }
        if (!(layer instanceof BaseLayer)) {
            return 0;
        }
        BaseLayer base = (BaseLayer) layer;
        boolean changed = false;
        if (layer instanceof BatchNormalization && decays(base.getIUpdater())) {
            base.setIUpdater(((XAdamW) base.getIUpdater()).withWeightDecay(0));
            changed = true;
        }
        IUpdater bias = base.getBiasUpdater() != null ? base.getBiasUpdater() : base.getIUpdater();
        if (decays(bias)) {
            base.setBiasUpdater(((XAdamW) bias).withWeightDecay(0));
            changed = true;
        }
        return changed ? 1 : 0;
    }

    private static boolean decays(IUpdater updater) {
        return updater instanceof XAdamW && ((XAdamW) updater).getWeightDecay() > 0;
    }
}
