package org.xgrad.updaters;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The X-updaters whose state views are slices of one buffer: the blocks of one network's updater. DL4J updates its
 * blocks one after the other, so an invalid learning rate found by the second block would leave the first one's state
 * already advanced. Instead, the first block to update in an iteration checks the learning rates of all of them (for
 * the step, and in updater-only mode for the next prediction) before any state moves.
 */
final class Siblings {

    private static final Map<Long, Siblings> BY_BUFFER = new HashMap<>();

    private final List<WeakReference<XGradientUpdater>> members = new ArrayList<>();
    /** The last (iteration, epoch) whose rates were all checked. */
    private long checked = Long.MIN_VALUE;

    private Siblings() {
    }

    /** @return the group of the updaters whose state lives in {@code view}'s buffer, with {@code updater} in it */
    static synchronized Siblings join(XGradientUpdater updater, INDArray view) {
        DataBuffer data = view.data();
        DataBuffer whole = data.originalDataBuffer() != null ? data.originalDataBuffer() : data; // a slice's own buffer
        long address = whole.addressPointer().address();
        Siblings group = BY_BUFFER.get(address);
        if (group == null || group.isEmpty()) {
            BY_BUFFER.values().removeIf(Siblings::isEmpty);
            group = new Siblings();
            BY_BUFFER.put(address, group);
        }
        group.members.add(new WeakReference<>(updater));
        return group;
    }

    /** Leaves the group (the updater got another state view). */
    synchronized void leave(XGradientUpdater updater) {
        members.removeIf(r -> r.get() == null || r.get() == updater);
    }

    private boolean isEmpty() {
        members.removeIf(r -> r.get() == null);
        return members.isEmpty();
    }

    /**
     * Checks every member's rates for (iteration, epoch) once per iteration.
     *
     * @throws IllegalArgumentException from the first invalid learning rate; nothing was changed
     */
    synchronized void checkRates(int iteration, int epoch) {
        long key = ((long) epoch << 32) | (iteration & 0xffffffffL);
        if (checked == key) {
            return;
        }
        for (Iterator<WeakReference<XGradientUpdater>> it = members.iterator(); it.hasNext(); ) {
            XGradientUpdater member = it.next().get();
            if (member == null) {
                it.remove();
            } else {
                member.checkRates(iteration, epoch);
            }
        }
        checked = key;
    }
}
