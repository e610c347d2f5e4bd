package org.xgrad.spark;

/** {@link SharedTraining} with a MultiLayerNetwork (SparkDl4jMultiLayer). */
class SharedTrainingMultiLayerTest extends SharedTraining {
    @Override
    boolean graph() {
        return false;
    }
}
