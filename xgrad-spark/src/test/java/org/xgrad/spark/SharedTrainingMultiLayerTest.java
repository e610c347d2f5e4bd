package org.xgrad.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

/** {@link SharedTraining} with a MultiLayerNetwork (SparkDl4jMultiLayer). */
class SharedTrainingMultiLayerTest extends SharedTraining {
    @Override
    SparkNet create(SharedTrainingMaster tm, String run) {
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(0.05, 1)), tm);
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
