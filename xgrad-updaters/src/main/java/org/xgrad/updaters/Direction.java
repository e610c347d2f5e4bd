package org.xgrad.updaters;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Δθ of Table I as every optimizer states it: {@code scale · numerator / (f(denominator) + ε)} with f = √ or the
 * identity, or {@code numerator} alone (SGDM's velocity, XWrapped's last step), and the three element-wise passes of
 * weight prediction that read it:
 * <ul>
 *   <li>{@link #predict}: θ into the cache and {@code θ̂ = θ − c·Δθ} into the parameters (listener mode, steps 1–2);</li>
 *   <li>{@link #write}: {@code P = c·Δθ} (the prediction the parameters hold in updater-only mode);</li>
 *   <li>{@link #shift}: {@code U ← U − P_t + c·Δθ} (updater-only mode's update).</li>
 * </ul>
 * Each is one pass over memory on the CPU backend (contiguous FLOAT or DOUBLE arrays, the case of every DL4J network):
 * the arrays are read in chunks into heap arrays, where the JIT compiles the arithmetic to vector instructions, and
 * the results are written back, so the pass runs at about the speed of a copy. ND4J's element-wise ops (one pass per
 * operation, and a scalar square root) do the same elsewhere. The arithmetic is in the arrays' precision either way.
 *
 */
final class Direction {

    private static final int CHUNK = 1024;
    /** Lane slots of a pass: the array written, the cache or P_t, the numerator, the denominator. */
    private static final int OUT = 0, OTHER = 1, NUM = 2, DEN = 3;
    /** Each thread's chunk buffers, one per slot: a pass allocates no arrays. */
    private static final ThreadLocal<float[][]> FLOAT_CHUNKS = ThreadLocal.withInitial(() -> new float[4][CHUNK]);
    private static final ThreadLocal<double[][]> DOUBLE_CHUNKS = ThreadLocal.withInitial(() -> new double[4][CHUNK]);
    private static final boolean CPU = Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend");

    /** m, n, g, v … (N elements) */
    private final INDArray numerator;
    /** v, v̂, d, h, u … (N elements), or null: Δθ = numerator */
    private final INDArray denominator;
    /** f = √ (else the identity) */
    private final boolean sqrt;
    /** ε added to f(denominator) */
    private final double epsilon;
    /** the bias correction */
    private final double scale;

    private Direction(INDArray numerator, INDArray denominator, boolean sqrt, double epsilon, double scale) {
        this.numerator = numerator;
        this.denominator = denominator;
        this.sqrt = sqrt;
        this.epsilon = epsilon;
        this.scale = scale;
    }

    /** Δθ = {@code numerator}. */
    static Direction of(INDArray numerator) { return new Direction(numerator, null, false, 0, 1); }

    /** Δθ = {@code scale · numerator / (f(denominator) + ε)}. */
    static Direction ratio(INDArray numerator, INDArray denominator, boolean sqrt, double epsilon, double scale) {
        return new Direction(numerator, denominator, sqrt, epsilon, scale);
    }

    /** {@code target = c·Δθ}. */
    void write(INDArray target, double c) {
        if (fused(target, null)) {
            run(target, null, null, c, Pass.WRITE);
            return;
        }
        if (denominator == null) {
            target.assign(numerator);
        } else {
            if (sqrt) {
                Nd4j.exec(new Sqrt(denominator, target));
            } else {
                target.assign(denominator);
            }
            if (epsilon != 0) {
                target.addi(epsilon);
            }
            target.rdivi(numerator);
        }
        if (c * scale != 1) {
            target.muli(c * scale);
        }
    }

    /** {@code theta = params}, then {@code params = θ − c·Δθ}. */
    void predict(INDArray params, INDArray theta, double c) {
        if (fused(params, theta)) {
            run(params, theta, null, c, Pass.PREDICT);
            return;
        }
        theta.assign(params);
        write(params, 1);
        Nd4j.exec(new Axpy(params, theta, params, -c));
    }

    /**
     * {@code update = update − applied + c·Δθ}.
     *
     * @param applied P_t, or null
     */
    void shift(INDArray update, INDArray applied, double c) {
        if (fused(update, applied)) {
            run(update, null, applied, c, Pass.SHIFT);
            return;
        }
        if (applied != null) {
            update.subi(applied);
        }
        INDArray direction = Nd4j.createUninitialized(update.dataType(), update.length());
        write(direction, 1);
        Nd4j.exec(new Axpy(direction, update, update, c));
    }

    private enum Pass { WRITE, PREDICT, SHIFT }

    /** @return true if every array is a contiguous FLOAT or DOUBLE CPU array of one type (the fused passes apply) */
    private boolean fused(INDArray target, INDArray other) {
        DataType type = target.dataType();
        return CPU && (type == DataType.FLOAT || type == DataType.DOUBLE) && flat(target, type) && flat(other, type)
                && flat(numerator, type) && flat(denominator, type);
    }

    private static boolean flat(INDArray a, DataType type) {
        return a == null || a.dataType() == type && a.isVector() && a.elementWiseStride() == 1
                && a.offset() + a.length() <= Integer.MAX_VALUE;
    }

    /**
     * One pass, chunk by chunk. {@code io} is the array written (the target, the parameters or the update); {@code
     * theta} receives the parameters (PREDICT), {@code applied} is subtracted (SHIFT).
     */
    private void run(INDArray io, INDArray theta, INDArray applied, double c, Pass pass) {
        int n = (int) io.length();
        Lane out = Lane.of(io, OUT);
        Lane cache = theta == null ? null : Lane.of(theta, OTHER);              // PREDICT has no P_t, SHIFT no cache
        Lane minus = applied == null ? null : Lane.of(applied, OTHER);
        Lane num = Lane.of(numerator, NUM);
        Lane den = denominator == null ? null : Lane.of(denominator, DEN);
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            num.load(start, len);
            if (den != null) {
                den.load(start, len);
                num.divide(den, sqrt, epsilon, len);                    // d = numerator / (f(denominator) + ε)
            }
            if (pass == Pass.WRITE) {
                out.scale(num, c * scale, len);                         // x = c·scale·d
            } else {
                out.load(start, len);
                if (pass == Pass.PREDICT) {
                    cache.copy(out, len);
                    cache.store(start, len);                            // θ into the cache
                } else if (minus != null) {
                    minus.load(start, len);
                    out.subtract(minus, len);                           // x − P_t
                }
                out.addScaled(num, (pass == Pass.PREDICT ? -c : c) * scale, len);
            }
            out.store(start, len);
        }
    }

    /**
     * Chunked access to one contiguous FLOAT or DOUBLE array: a chunk is loaded into a heap array, where the loops
     * below compile to vector instructions, and stored back. Arithmetic in the array's own precision. A lane lives for
     * one pass and owns its NIO view of the array's memory, so it moves that view's position freely.
     */
    private abstract static class Lane {
        final int offset;

        Lane(INDArray a) { this.offset = (int) a.offset(); }

        /** @param slot which of the thread's chunk buffers this lane uses */
        static Lane of(INDArray a, int slot) {
            ByteBuffer bytes = a.data().asNio().order(ByteOrder.nativeOrder());
            return a.dataType() == DataType.FLOAT ? new Floats(a, bytes.asFloatBuffer(), FLOAT_CHUNKS.get()[slot])
                    : new Doubles(a, bytes.asDoubleBuffer(), DOUBLE_CHUNKS.get()[slot]);
        }

        abstract void load(int start, int len);

        abstract void store(int start, int len);

        /** this = this / (f(den) + ε) */
        abstract void divide(Lane den, boolean sqrt, double epsilon, int len);

        /** this = a·d */
        abstract void scale(Lane d, double a, int len);

        /** this += a·d */
        abstract void addScaled(Lane d, double a, int len);

        /** this −= m */
        abstract void subtract(Lane m, int len);

        /** this = other */
        abstract void copy(Lane other, int len);
    }

    private static final class Floats extends Lane {
        private final FloatBuffer buffer;
        private final float[] x;

        Floats(INDArray a, FloatBuffer buffer, float[] chunk) {
            super(a);
            this.buffer = buffer;
            this.x = chunk;
        }

        @Override
        void load(int start, int len) { ((FloatBuffer) buffer.position(offset + start)).get(x, 0, len); }

        @Override
        void store(int start, int len) { ((FloatBuffer) buffer.position(offset + start)).put(x, 0, len); }

        @Override
        void divide(Lane den, boolean sqrt, double epsilon, int len) {
            float[] q = ((Floats) den).x;
            float eps = (float) epsilon;
            if (sqrt) {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] / ((float) Math.sqrt(q[i]) + eps);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] / (q[i] + eps);
                }
            }
        }

        @Override
        void scale(Lane d, double a, int len) {
            float[] y = ((Floats) d).x;
            float s = (float) a;
            for (int i = 0; i < len; i++) {
                x[i] = s * y[i];
            }
        }

        @Override
        void addScaled(Lane d, double a, int len) {
            float[] y = ((Floats) d).x;
            float s = (float) a;
            for (int i = 0; i < len; i++) {
                x[i] += s * y[i];
            }
        }

        @Override
        void subtract(Lane m, int len) {
            float[] y = ((Floats) m).x;
            for (int i = 0; i < len; i++) {
                x[i] -= y[i];
            }
        }

        @Override
        void copy(Lane other, int len) { System.arraycopy(((Floats) other).x, 0, x, 0, len); }
    }

    private static final class Doubles extends Lane {
        private final DoubleBuffer buffer;
        private final double[] x;

        Doubles(INDArray a, DoubleBuffer buffer, double[] chunk) {
            super(a);
            this.buffer = buffer;
            this.x = chunk;
        }

        @Override
        void load(int start, int len) { ((DoubleBuffer) buffer.position(offset + start)).get(x, 0, len); }

        @Override
        void store(int start, int len) { ((DoubleBuffer) buffer.position(offset + start)).put(x, 0, len); }

        @Override
        void divide(Lane den, boolean sqrt, double epsilon, int len) {
            double[] q = ((Doubles) den).x;
            if (sqrt) {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] / (Math.sqrt(q[i]) + epsilon);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] / (q[i] + epsilon);
                }
            }
        }

        @Override
        void scale(Lane d, double a, int len) {
            double[] y = ((Doubles) d).x;
            for (int i = 0; i < len; i++) {
                x[i] = a * y[i];
            }
        }

        @Override
        void addScaled(Lane d, double a, int len) {
            double[] y = ((Doubles) d).x;
            for (int i = 0; i < len; i++) {
                x[i] += a * y[i];
            }
        }

        @Override
        void subtract(Lane m, int len) {
            double[] y = ((Doubles) m).x;
            for (int i = 0; i < len; i++) {
                x[i] -= y[i];
            }
        }

        @Override
        void copy(Lane other, int len) { System.arraycopy(((Doubles) other).x, 0, x, 0, len); }
    }
}
