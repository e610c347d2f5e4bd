package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records the weights a listener sees at each callback. */
class Probe extends BaseTrainingListener {

    final List<double[]> forward = new ArrayList<>();
    final List<double[]> gradientCalculation = new ArrayList<>();
    final List<double[]> iterationDone = new ArrayList<>();
    final List<double[]> epochEnd = new ArrayList<>();

    private static double[] copy(Model model) {
        return model.params().toDoubleVector();
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        forward.add(copy(model));
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        forward.add(copy(model));
    }

    @Override
    public void onGradientCalculation(Model model) {
        gradientCalculation.add(copy(model));
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        iterationDone.add(copy(model));
    }

    @Override
    public void onEpochEnd(Model model) {
        epochEnd.add(copy(model));
    }
}
