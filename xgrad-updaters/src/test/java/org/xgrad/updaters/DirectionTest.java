package org.xgrad.updaters;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused passes of {@link Direction}: the arithmetic per element, and no per-chunk allocation. */
class DirectionTest {

    private static final int N = 100_003;  // 98 chunks of 1024 and a partial one

    @Test
    void predictWritesThetaAndThetaHatElementByElement() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = Nd4j.rand(type, N).subi(0.5);
            INDArray v = Nd4j.rand(type, N);
            INDArray params = Nd4j.rand(type, N);
            double[] p0 = params.toDoubleVector(), mm = m.toDoubleVector(), vv = v.toDoubleVector();
            INDArray theta = Nd4j.create(type, N);
            Direction.ratio(m, v, true, 1e-8, 0.7).predict(params, theta, 0.01);
            double[] expected = new double[N];
            for (int i = 0; i < N; i++) {
                expected[i] = p0[i] - 0.01 * 0.7 * mm[i] / (Math.sqrt(vv[i]) + 1e-8);
            }
            double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-15;
            assertArrayEquals(p0, theta.toDoubleVector(), 0, type + ": θ cached exactly");
            assertArrayEquals(expected, params.toDoubleVector(), tolerance, type + ": θ̂ = θ − c·scale·m/(√v + ε)");
        }
    }

    @Test
    void aPassAllocatesNoChunkBuffers() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        INDArray m = Nd4j.rand(DataType.FLOAT, N), v = Nd4j.rand(DataType.FLOAT, N);
        INDArray params = Nd4j.rand(DataType.FLOAT, N), theta = Nd4j.create(DataType.FLOAT, N);
        for (int i = 0; i < 50; i++) {  // first uses: class loading, the thread's chunk buffers
            Direction.ratio(m, v, true, 1e-8, 1).predict(params, theta, 1e-9);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        int passes = 20;
        for (int i = 0; i < passes; i++) {
            Direction.ratio(m, v, true, 1e-8, 1).predict(params, theta, 1e-9);
        }
        long perPass = (threads.getThreadAllocatedBytes(tid) - before) / passes;
        // four lanes of 1024-element chunk arrays alone were 16 KiB per pass, a buffer view per chunk another ~25 KiB;
        // what is left are a few small objects per lane (the lane, its NIO views of the array's memory)
        assertTrue(perPass < 4096, "bytes allocated per pass over " + N + " elements: " + perPass);
    }
}
