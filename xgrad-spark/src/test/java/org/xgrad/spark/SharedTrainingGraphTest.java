package org.xgrad.spark;

import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.xgrad.updaters.XAdam;

/** {@link SharedTraining} with a ComputationGraph (SparkComputationGraph). */
class SharedTrainingGraphTest extends SharedTraining {
    @Override
    SparkNet create(SharedTrainingMaster tm, String run) {
        SparkComputationGraph net = new SparkComputationGraph(sc, SparkTestSupport.graph(new XAdam(0.05, 1)), tm);
        XGradSpark.enablePrediction(net, probes(run));
        return new SparkNet(net::getNetwork, net::fit);
    }
}
