/**
 * Weight prediction driven around DL4J's training loop: {@link org.xgrad.listeners.XGrad} (entry points: enable
 * the listener, evaluate and save at the true weights, export with stock updaters), {@link
 * org.xgrad.listeners.WeightPredictionListener} (listener mode: θ̂ written for the forward/backward pass only, θ in the
 * network otherwise), {@link org.xgrad.listeners.SameDiffPredictionListener} and {@link
 * org.xgrad.listeners.XGradParallel} (SameDiff, ParallelWrapper).
 */
package org.xgrad.listeners;
