package org.vigie.alert.service;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Lets a committed transaction wake a polling worker at once instead of at its next tick. */
public final class Wakeup {

    private final Semaphore signal = new Semaphore(0);

    public void ring() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits until rung or until {@code timeout}; consumes the ring. */
    public void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
