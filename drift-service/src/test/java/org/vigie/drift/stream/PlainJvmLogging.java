package org.vigie.drift.stream;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log levels for JVMs that run Kafka without booting Quarkus (the kill/restart child process, the benchmarks,
 * plain JUnit tests). Quarkus' bootstrap jar installs its own initial log configurator, which ignores
 * {@code logging.properties} and leaves every logger at ALL until Quarkus configures logging — so, without
 * this, Kafka formats its per-record TRACE messages (each event's {@code toString()}) for every record:
 * a quarter of the stream thread's time in the broker benchmark.
 */
public final class PlainJvmLogging {

    private PlainJvmLogging() {
    }

    public static void apply() {
        Logger.getLogger("").setLevel(Level.INFO);
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
        Logger.getLogger("kafka").setLevel(Level.WARNING);
        Logger.getLogger("state.change.logger").setLevel(Level.WARNING);
    }
}
