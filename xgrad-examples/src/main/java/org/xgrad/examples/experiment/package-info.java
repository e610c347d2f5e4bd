/**
 * The registries of models and optimizers by name, and the setting errors the command line renders.
 */
package org.xgrad.examples.experiment;
