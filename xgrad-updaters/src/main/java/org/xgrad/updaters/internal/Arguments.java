package org.xgrad.updaters.internal;

/**
 * Argument checks of the XGrad entry points (xgrad-listeners, -zoo, -spark): every failure is an
 * {@link IllegalArgumentException} naming the method and the argument, thrown before anything is changed.
 * Internal: public only so that the other XGrad modules can use it; not part of the API (it may change in any
 * release).
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * @param method e.g. "XGrad.enablePrediction"
     * @param name   the argument, e.g. "model"
     * @return {@code value}
     */
    public static <T> T notNull(T value, String method, String name) {
        if (value == null) {
            throw new IllegalArgumentException(method + ": " + name + " must not be null");
        }
        return value;
    }

    /** Each element of {@code values} must not be null; {@code values} itself may be. */
    public static <T> T[] noNullElement(T[] values, String method, String name) {
        for (int i = 0; values != null && i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(method + ": " + name + "[" + i + "] must not be null");
            }
        }
        return values;
    }

    /** @return {@code value}, which must be at least {@code min} */
    public static int atLeast(int value, int min, String method, String name) {
        if (value < min) {
            throw new IllegalArgumentException(method + ": " + name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** @return {@code value}, which must lie in [{@code from}, {@code to}) */
    public static double inRange(double value, double from, double to, String method, String name) {
        if (!(value >= from && value < to)) {
            throw new IllegalArgumentException(method + ": " + name + " must be in [" + from + ", " + to + "), got "
                    + value);
        }
        return value;
    }
}
