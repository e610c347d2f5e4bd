/**
 * The XGrad updaters: DL4J {@code IUpdater} configurations ({@link org.xgrad.updaters.XAdam}, {@link
 * org.xgrad.updaters.XSgdm}, {@link org.xgrad.updaters.XAdamW}, … and {@link org.xgrad.updaters.XWrapped} for any other
 * updater) whose {@code GradientUpdater} runs the stock DL4J step and also knows the weight change of the next
 * {@code s} steps, Δθ of the paper's Table I. Used as {@code .updater(new XAdam(1))}, they apply the prediction
 * themselves (updater-only mode); {@code org.xgrad.listeners} drives them from a training listener instead.
 * {@link org.xgrad.updaters.BlockWeights} records what each block's parameters hold (θ or θ̂).
 */
package org.xgrad.updaters;
