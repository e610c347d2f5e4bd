package org.xgrad.updaters;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every stock DL4J updater has an X twin named X + its name, with each of its public constructors plus a final
 * {@code int predictionSteps}, building the same stock configuration (so the same defaults); NoOp has nothing to
 * predict. The paper's XSgdm (heavy-ball) and XAdamW are extra.
 */
class TwinsTest {

    private static final List<String> STOCK = List.of("Sgd", "Adam", "AdaMax", "Nadam", "AMSGrad", "AdaBelief",
            "RmsProp", "AdaGrad", "Nesterovs", "AdaDelta");

    /** A value of each constructor parameter type, different from the defaults. */
    private static Object value(Class<?> type, int position) {
        if (type == double.class) {
            return 0.25 + 0.125 * position;
        }
        if (type == ISchedule.class) {
            return new ExponentialSchedule(ScheduleType.ITERATION, 0.3, 0.99);
        }
        throw new AssertionError("unexpected parameter type " + type);
    }

    @Test
    void everyStockUpdaterHasItsTwinWithItsConstructorsAndDefaults() throws Exception {
        int checked = 0;
        for (String name : STOCK) {
            Class<?> stock = Class.forName("org.nd4j.linalg.learning.config." + name);
            Class<?> twin = Class.forName("org.xgrad.updaters.X" + name);
            for (Constructor<?> c : stock.getConstructors()) {
                Class<?>[] types = c.getParameterTypes();
                if (Arrays.asList(types).contains(Map.class)) {
                    continue; // Nesterovs' all-fields constructor (Lombok's, for JSON)
                }
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    args[i] = value(types[i], i);
                }
                Class<?>[] xTypes = Arrays.copyOf(types, types.length + 1);
                xTypes[types.length] = int.class;
                Object[] xArgs = Arrays.copyOf(args, args.length + 1);
                xArgs[args.length] = 2;
                XUpdater x = (XUpdater) twin.getConstructor(xTypes).newInstance(xArgs);
                String what = "X" + name + Arrays.toString(types);
                assertEquals(c.newInstance(args), x.stockTwin(), what);
                assertEquals(2, x.getPredictionSteps(), what);
                checked++;
            }
        }
        assertEquals(41, checked, "constructors compared (all but Nesterovs' all-fields one)");
    }

    @Test
    void theWrappedTwinsRefuseAnotherBase() {
        IUpdater adam = new org.nd4j.linalg.learning.config.Adam();
        String json = new XSgd(0.1, 1).toString();
        assertEquals("XSgd(Sgd(learningRate=0.1, learningRateSchedule=null), predictionSteps=1)", json);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> XWrapped.require(org.nd4j.linalg.learning.config.Sgd.class, adam, "XSgd"));
        assertEquals("XSgd: base must be DL4J's Sgd, got Adam (use XWrapped for other updaters)", e.getMessage());
    }
}
