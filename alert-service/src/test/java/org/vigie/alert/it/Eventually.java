package org.vigie.alert.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a generous timeout passes (a timeout fails the test, it measures nothing). */
public final class Eventually {

    private Eventually() {
    }

    public static void until(String what, Callable<Boolean> condition) {
        until(what, Duration.ofSeconds(30), condition);
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }
}
