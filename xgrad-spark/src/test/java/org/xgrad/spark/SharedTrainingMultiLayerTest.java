package org.xgrad.spark;

import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.xgrad.updaters.XAdam;

/** {@link SharedTraining} with a MultiLayerNetwork (SparkDl4jMultiLayer). */
class SharedTrainingMultiLayerTest extends SharedTraining {
    @Override
    SparkNet create(SharedTrainingMaster tm, String run) {
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(0.05, 1)), tm);
        XGradSpark.enablePrediction(net, probes(run));
        return new SparkNet(net::getNetwork, net::fit);
    }
}
