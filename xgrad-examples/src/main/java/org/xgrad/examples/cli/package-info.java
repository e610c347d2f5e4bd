/**
 * The {@code xgrad} command line ({@link org.xgrad.examples.cli.XGradCli}: {@code compare}, {@code bench}, {@code
 * spark}, {@code soak}): the only package that knows option names; it renders the engine's setting errors as options.
 */
package org.xgrad.examples.cli;
