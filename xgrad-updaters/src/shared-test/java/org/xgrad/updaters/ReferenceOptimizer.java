package org.xgrad.updaters;

/**
 * Plain-Java, double-precision reference of every base optimizer and of its Δθ (Table I), written from the formulas
 * (DL4J conventions: bias corrections with t = iteration + 1, ε added to the square root) without any ND4J op.
 */
public abstract class ReferenceOptimizer {

    /** The learning rate of the next step; tests with a schedule set it before each step. */
    public double lr;
    public int stepsTaken;

    protected ReferenceOptimizer(double lr) {
        this.lr = lr;
    }

    /** Applies one step to the state and returns the update u (θ ← θ − u). */
    public abstract double[] step(double[] g, int iteration, double[] theta);

    /** Δθ per unit learning rate after k steps, from the current state. */
    public abstract double[] direction(int k);

    /** γ·s·Δθ, zero before the first step. */
    public double[] predicted(int s, int k, double gamma) {
        double[] d = stepsTaken == 0 ? new double[dim()] : direction(k);
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = stepsTaken == 0 ? 0 : s * gamma * d[i];
        }
        return out;
    }

    protected abstract int dim();

    static double pow(double b, int e) {
        return Math.pow(b, e);
    }

    public static final class Sgdm extends ReferenceOptimizer {
        final double mu, tau;
        final double[] v;

        public Sgdm(int n, double lr, double mu, double tau) {
            super(lr);
            this.mu = mu;
            this.tau = tau;
            v = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                v[i] = mu * v[i] + (1 - tau) * g[i];
                u[i] = lr * v[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            return v.clone();
        }

        @Override
        protected int dim() {
            return v.length;
        }
    }

    /** Adam, and AdamW when lambda > 0 (decoupled decay γλθ added to the update). */
    public static final class Adam extends ReferenceOptimizer {
        final double b1, b2, eps, lambda;
        final double[] m, v;

        public Adam(int n, double lr, double b1, double b2, double eps, double lambda) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            this.lambda = lambda;
            m = new double[n];
            v = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double alpha = lr * Math.sqrt(1 - pow(b2, it + 1)) / (1 - pow(b1, it + 1));
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                u[i] = alpha * m[i] / (Math.sqrt(v[i]) + eps) + lr * lambda * theta[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double c = Math.sqrt(1 - pow(b2, k)) / (1 - pow(b1, k));
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = c * m[i] / (Math.sqrt(v[i]) + eps);
            }
            return d;
        }

        @Override
        protected int dim() {
            return m.length;
        }
    }

    public static final class Nadam extends ReferenceOptimizer {
        final double b1, b2, eps;
        final double[] m, v, lastG;

        Nadam(int n, double lr, double b1, double b2, double eps) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            m = new double[n];
            v = new double[n];
            lastG = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                u[i] = lr * ((b1 * m[i] + (1 - b1) * g[i]) / (1 - pow(b1, it + 1))) / (Math.sqrt(v[i]) + eps);
                lastG[i] = g[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = ((b1 * m[i] + (1 - b1) * lastG[i]) / (1 - pow(b1, k))) / (Math.sqrt(v[i]) + eps);
            }
            return d;
        }

        @Override
        protected int dim() {
            return m.length;
        }
    }

    public static final class AmsGrad extends ReferenceOptimizer {
        final double b1, b2, eps;
        final double[] m, v, vHat;

        AmsGrad(int n, double lr, double b1, double b2, double eps) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            m = new double[n];
            v = new double[n];
            vHat = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double alpha = lr * Math.sqrt(1 - pow(b2, it + 1)) / (1 - pow(b1, it + 1));
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                vHat[i] = Math.max(vHat[i], v[i]);
                u[i] = alpha * m[i] / (Math.sqrt(vHat[i]) + eps);
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double c = Math.sqrt(1 - pow(b2, k)) / (1 - pow(b1, k));
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = c * m[i] / (Math.sqrt(vHat[i]) + eps);
            }
            return d;
        }

        @Override
        protected int dim() {
            return m.length;
        }
    }

    public static final class AdaMax extends ReferenceOptimizer {
        final double b1, b2;
        final double[] m, uInf;

        AdaMax(int n, double lr, double b1, double b2) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            m = new double[n];
            uInf = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                uInf[i] = Math.max(b2 * uInf[i], Math.abs(g[i])) + 1e-32;
                u[i] = lr / (1 - pow(b1, it + 1)) * m[i] / uInf[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = m[i] / uInf[i] / (1 - pow(b1, k));
            }
            return d;
        }

        @Override
        protected int dim() {
            return m.length;
        }
    }

    public static final class AdaBelief extends ReferenceOptimizer {
        final double b1, b2, eps;
        final double[] m, s;

        AdaBelief(int n, double lr, double b1, double b2, double eps) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            m = new double[n];
            s = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double alpha = lr * Math.sqrt(1 - pow(b2, it + 1)) / (1 - pow(b1, it + 1));
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                s[i] = b2 * s[i] + (1 - b2) * (g[i] - m[i]) * (g[i] - m[i]) + eps;
                u[i] = alpha * m[i] / (Math.sqrt(s[i]) + eps);
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double c = Math.sqrt(1 - pow(b2, k)) / (1 - pow(b1, k));
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = c * m[i] / (Math.sqrt(s[i]) + eps);
            }
            return d;
        }

        @Override
        protected int dim() {
            return m.length;
        }
    }

    /**
     * RMSprop (decay ρ) and AdaGrad (accumulate: h += g²). DL4J starts RmsProp's state at its ε, and AdaGrad's at
     * 1e-6 whatever its ε (AdaGradUpdater fills the view with its default epsilon field).
     */
    public static final class SquaredGradient extends ReferenceOptimizer {
        final double rho, eps;
        final boolean accumulate;
        final double[] h, lastG;

        SquaredGradient(int n, double lr, double rho, double eps, boolean accumulate, double initial) {
            super(lr);
            this.rho = rho;
            this.eps = eps;
            this.accumulate = accumulate;
            h = new double[n];
            java.util.Arrays.fill(h, initial);
            lastG = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                h[i] = accumulate ? h[i] + g[i] * g[i] : rho * h[i] + (1 - rho) * g[i] * g[i];
                u[i] = lr * g[i] / (Math.sqrt(h[i]) + eps);
                lastG[i] = g[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            double[] d = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                d[i] = lastG[i] / (Math.sqrt(h[i]) + eps);
            }
            return d;
        }

        @Override
        protected int dim() {
            return h.length;
        }
    }

    /** DL4J's Nesterovs: v' = μv − γg, u = μv − (1+μ)v' (θ ← θ − u). */
    public static final class Nesterovs extends ReferenceOptimizer {
        final double mu;
        final double[] v;

        public Nesterovs(int n, double lr, double mu) {
            super(lr);
            this.mu = mu;
            v = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                double previous = v[i];
                v[i] = mu * previous - lr * g[i];
                u[i] = mu * previous - (1 + mu) * v[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            throw new UnsupportedOperationException("no dedicated X-updater: see Wrapped");
        }

        @Override
        protected int dim() {
            return v.length;
        }
    }

    /** DL4J's AdaDelta (no learning rate): E[g²] ← ρE[g²] + (1−ρ)g², u = g·√(E[Δ²]+ε)/√(E[g²]+ε), E[Δ²] ← ρE[Δ²] + (1−ρ)u². */
    public static final class AdaDelta extends ReferenceOptimizer {
        final double rho, eps;
        final double[] msg, msdx;

        public AdaDelta(int n, double rho, double eps) {
            super(Double.NaN);
            this.rho = rho;
            this.eps = eps;
            msg = new double[n];
            msdx = new double[n];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                msg[i] = rho * msg[i] + (1 - rho) * g[i] * g[i];
                u[i] = g[i] * Math.sqrt(msdx[i] + eps) / Math.sqrt(msg[i] + eps);
                msdx[i] = rho * msdx[i] + (1 - rho) * u[i] * u[i];
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            throw new UnsupportedOperationException("no dedicated X-updater: see Wrapped");
        }

        @Override
        protected int dim() {
            return msg.length;
        }
    }

    /**
     * Algorithm 1's Δθ for any base, as {@code XWrapped} defines it: the last update divided by the learning rate it
     * was taken with (by 1 for a base without one, {@code lr} NaN here).
     */
    public static final class Wrapped extends ReferenceOptimizer {
        final ReferenceOptimizer base;
        double[] last;

        public Wrapped(ReferenceOptimizer base) {
            super(base.lr);
            this.base = base;
            last = new double[base.dim()];
        }

        @Override
        public double[] step(double[] g, int it, double[] theta) {
            base.lr = lr;
            double[] u = base.step(g, it, theta);
            double gamma = Double.isNaN(lr) ? 1 : lr;
            for (int i = 0; i < u.length; i++) {
                last[i] = gamma == 0 ? 0 : u[i] / gamma;
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            return last.clone();
        }

        @Override
        protected int dim() {
            return last.length;
        }
    }
}
