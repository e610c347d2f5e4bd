package org.xgrad.updaters;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

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
    void aVanishingEpsilonWarnsOnceWithTheFix() {
        Logger logger = (Logger) LoggerFactory.getLogger(XGradientUpdater.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            layOut(XRmsProp.builder().epsilon(1e-4).build(), DataType.HALF);
            layOut(new XRmsProp(1), DataType.FLOAT);
            layOut(new XAdaMax(1), DataType.HALF);
            assertEquals(List.of(), appender.list, "nothing to warn about");
            layOut(new XRmsProp(1), DataType.HALF);
            layOut(new XRmsProp(1), DataType.HALF);
            assertEquals(1, appender.list.size(), "once: " + appender.list);
            String message = appender.list.get(0).getFormattedMessage();
            assertTrue(message.startsWith("XRmsProp: epsilon = 1.0E-8 with HALF parameters") && message.contains("becomes 0.0")
                    && message.contains("epsilon >= 1e-4, e.g. XRmsProp.builder().epsilon(1e-4)"), message);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
