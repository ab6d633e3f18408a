package org.vigie.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A local platform started by {@code deploy/local/vigie up}, as a benchmark measures one of its services: its run
 * folder ({@code -Dbench.platform}, the platform's VIGIE_HOME), its port offset ({@code -Dbench.platform.offset}) and
 * its database ({@code -Dbench.platform.database}, default {@code vigie}); the PIDs the script recorded; a
 * {@link CpuClock} over the service's process, the broker's and the database's backends.
 *
 * @param service the service measured, as the script names it ({@code ingest}, {@code observatory}, …)
 * @param servicePort the service's port with the platform's offset
 */
public record PlatformUnderBench(String service, Path home, int offset, int servicePort, String database) {

    /** From the system properties; a clear error when the platform is not named. */
    public static PlatformUnderBench fromSystemProperties(String service, int basePort) {
        String home = System.getProperty("bench.platform");
        if (home == null) {
            throw new IllegalArgumentException("-Dbench.platform=<the platform's VIGIE_HOME> is required: start it with"
                    + " VIGIE_HOME=... VIGIE_SERVICES=" + service + " deploy/local/vigie up");
        }
        int offset = Integer.getInteger("bench.platform.offset", 0);
        return new PlatformUnderBench(service, Path.of(home), offset, basePort + offset,
                System.getProperty("bench.platform.database", "vigie"));
    }

    /** The median of a benchmark's rounds; of an even number, the mean of the two middle ones. */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The broker's address. */
    public String bootstrapServers() {
        return "127.0.0.1:" + (9092 + offset);
    }

    /** The PID the script recorded for a component ({@code kafka}, or a service's name). */
    public long pid(String component) {
        try {
            return Long.parseLong(Files.readString(home.resolve("pids").resolve(component + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no PID for " + component + " in " + home + ": is the platform up?", e);
        }
    }

    /** CPU of the service's process, the broker's and PostgreSQL's backends of the platform's database. */
    public CpuClock cpuClock() {
        return new CpuClock(database, pid(service), pid("kafka"));
    }
}
