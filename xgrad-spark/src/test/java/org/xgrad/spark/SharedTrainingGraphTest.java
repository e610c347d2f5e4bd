package org.xgrad.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

/** {@link SharedTraining} with a ComputationGraph (SparkComputationGraph). */
class SharedTrainingGraphTest extends SharedTraining {
    @Override
    SparkNet create(SharedTrainingMaster tm, String run) {
        SparkComputationGraph net = new SparkComputationGraph(sc, SparkTestSupport.graph(new XAdam(0.05, 1)), tm);
        XGradSpark.enablePrediction(net, new SparkTestSupport.PredictionProbe(run), new LastTheta(run));
        return new SparkNet() {
            @Override
            public Model driverNetwork() {
                return net.getNetwork();
            }

            @Override
            public void fitEpoch(JavaRDD<DataSet> rdd) {
                net.fit(rdd);
            }
        };
    }
}
