package org.xgrad.examples.experiment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.xgrad.updaters.XAdamW;
import org.xgrad.updaters.XUpdaters;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line's optimizers are the library's: one family per {@link XUpdaters} name, made by it. */
class OptimizerFamilyTest {

    @Test
    void familiesAreTheLibrarysNamesAndItsUpdaters() {
        assertEquals(XUpdaters.names(), Arrays.stream(OptimizerFamily.values()).map(OptimizerFamily::optionValue)
                .toList());
        ISchedule lr = new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.9);
        for (OptimizerFamily f : OptimizerFamily.values()) {
            Object expected = f == OptimizerFamily.ADAMW ? new XAdamW(lr, 2, 0.05)
                    : f == OptimizerFamily.ADADELTA ? XUpdaters.create("adadelta", 2)
                    : XUpdaters.create(f.optionValue(), lr, 2);
            assertEquals(expected, f.xgrad(lr, 2, 0.05), f.label());
        }
    }
}
