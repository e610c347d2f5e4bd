package org.xgrad.spark;

/** {@link SharedTraining} with a ComputationGraph (SparkComputationGraph). */
class SharedTrainingGraphTest extends SharedTraining {
    @Override
    boolean graph() {
        return true;
    }
}
