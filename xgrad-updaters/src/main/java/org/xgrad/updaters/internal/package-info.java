/**
 * Helpers the XGrad modules share; not part of the API (public only across modules, may change in any release).
 */
package org.xgrad.updaters.internal;
