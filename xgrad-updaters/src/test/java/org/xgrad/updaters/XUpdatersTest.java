package org.xgrad.updaters;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating X-updaters by name, and their toString with field names. */
class XUpdatersTest {

    @Test
    void everyNameCreatesItsUpdater() {
        assertEquals(List.of("sgd", "sgdm", "adam", "adamw", "rmsprop", "adagrad", "nadam", "amsgrad", "adamax", "adabelief",
                "nesterovs", "adadelta"), XUpdaters.names());
        assertEquals(new XSgdm(0.1, 2), XUpdaters.create("sgdm", 0.1, 2));
        assertEquals(new XSgd(0.1, 2), XUpdaters.create("sgd", 0.1, 2));
        assertEquals(new XAdam(0.01, 1), XUpdaters.create("Adam", 0.01, 1), "case-insensitive");
        assertEquals(new XAdamW(0.01, 3), XUpdaters.create("adamw", 0.01, 3));
        assertEquals(new XRmsProp(0.01, 1), XUpdaters.create("rmsprop", 0.01, 1));
        assertEquals(new XAdaGrad(0.01, 1), XUpdaters.create("adagrad", 0.01, 1));
        assertEquals(new XNadam(0.01, 1), XUpdaters.create("nadam", 0.01, 1));
        assertEquals(new XAMSGrad(0.01, 1), XUpdaters.create("amsgrad", 0.01, 1));
        assertEquals(new XAdaMax(0.01, 1), XUpdaters.create("adamax", 0.01, 1));
        assertEquals(new XAdaBelief(0.01, 1), XUpdaters.create("adabelief", 0.01, 1));
        assertEquals(new XNesterovs(0.05, 1), XUpdaters.create("nesterovs", 0.05, 1));
        assertEquals(new XAdaDelta(2), XUpdaters.create("adadelta", 2));
        assertEquals(new XAdam(1), XUpdaters.create("adam", 1), "defaults");
        ISchedule schedule = new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.9);
        assertEquals(new XAdam(schedule, 1), XUpdaters.create("adam", schedule, 1));
        assertEquals(new XAdamW(schedule, 1), XUpdaters.create("adamw", schedule, 1));
        for (String name : XUpdaters.names()) {
            assertEquals(2, XUpdaters.create(name, 2).getPredictionSteps(), name);
        }
    }

    @Test
    void badNamesAndMissingRatesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XUpdaters.create("adamm", 0.01, 1));
        assertTrue(e.getMessage().contains("name = adamm is not one of [sgd, sgdm, adam"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> XUpdaters.create("adadelta", 0.01, 1));
        assertTrue(e.getMessage().contains("adadelta has no learning rate; use XUpdaters.create(\"adadelta\", "
                + "predictionSteps)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> XUpdaters.create("adam", -1, 1));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    @Test
    void toStringNamesEveryField() {
        assertEquals("XAdam(learningRate=0.01, predictionSteps=2, beta1=0.9, beta2=0.999, epsilon=1.0E-8)",
                new XAdam(0.01, 2).toString());
        assertEquals("XAdamW(learningRate=0.001, predictionSteps=1, beta1=0.9, beta2=0.999, epsilon=1.0E-8, "
                + "weightDecay=0.01)", new XAdamW(1).toString());
        assertEquals("XSgdm(learningRate=0.1, predictionSteps=1, momentum=0.9, dampening=0.0)",
                new XSgdm(0.1, 1).toString());
    }
}
