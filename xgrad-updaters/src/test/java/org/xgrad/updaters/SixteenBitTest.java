package org.xgrad.updaters;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.xgrad.testing.Logs;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An X-updater on HALF state whose ε is below HALF's smallest normal number (DL4J's default 1e-8 is 0 in HALF) warns
 * once, naming ε ≥ 1e-4; ε = 1e-4, FLOAT state and optimizers without ε in a denominator do not warn.
 */
class SixteenBitTest {

    private static void layOut(XUpdater config, DataType type) {
        int n = 7;
        XGradientUpdater u = (XGradientUpdater) config.instantiate(Nd4j.zeros(type, config.stateSize(n)), true);
        u.setStateViewArray(Nd4j.zeros(type, config.stateSize(n)), new long[] {n}, 'c', true);
    }

    @Test
    void aVanishingEpsilonWarnsOnceWithTheFix() throws Exception {
        List<ILoggingEvent> quiet = Logs.capture(XGradientUpdater.class, () -> {
            layOut(XRmsProp.builder().epsilon(1e-4).build(), DataType.HALF);
            layOut(new XRmsProp(1), DataType.FLOAT);
            layOut(new XAdaMax(1), DataType.HALF);
        });
        assertEquals(List.of(), quiet, "nothing to warn about");
        List<ILoggingEvent> warned = Logs.capture(XGradientUpdater.class, () -> {
            layOut(new XRmsProp(1), DataType.HALF);
            layOut(new XRmsProp(1), DataType.HALF);
        });
        assertEquals(1, warned.size(), "once: " + warned);
        String message = warned.get(0).getFormattedMessage();
        assertTrue(message.startsWith("XRmsProp: epsilon = 1.0E-8 with HALF parameters") && message.contains("becomes 0.0")
                && message.contains("epsilon >= 1e-4, e.g. XRmsProp.builder().epsilon(1e-4)"), message);
    }
}
