package org.xgrad.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What a logger logged while an action ran. */
public final class Logs {

    private Logs() {
    }

    /** A test body that may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** @return the events logged to {@code source}'s logger while {@code action} ran (the appender is removed after) */
    public static List<ILoggingEvent> capture(Class<?> source, Action action) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
            return appender.list;
        } finally {
            logger.detachAppender(appender);
        }
    }
}
