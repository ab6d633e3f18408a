package org.vigie.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent, read from /proc (Linux): this JVM's, and PostgreSQL's (the backends serving one database: the
 * server's shared processes, WAL writer and checkpointer, also work for others on a shared machine). Wall-clock
 * rates on a shared machine move with the other work on it; CPU per event does much less, so the benchmark
 * reports both.
 */
final class CpuClock {

    /** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICK_MICROS = 1e6 / 100;

    private CpuClock() {
    }

    /**
     * {@code jitMicros}: the part of {@code jvmMicros} spent by the JIT compiler threads; {@code brokerMicros}: the
     * broker's process when it runs apart ({@code -Dbench.broker.pid}, e.g. the local platform's), else 0.
     */
    record Reading(double jvmMicros, double postgresMicros, double jitMicros, double brokerMicros) {
        Reading minus(Reading earlier) {
            return new Reading(jvmMicros - earlier.jvmMicros, postgresMicros - earlier.postgresMicros,
                    jitMicros - earlier.jitMicros, brokerMicros - earlier.brokerMicros);
        }

        double total() {
            return jvmMicros + postgresMicros + brokerMicros;
        }
    }

    /** The broker's own process, when it runs apart from this JVM. */
    private static final long BROKER_PID = Long.getLong("bench.broker.pid", -1L);

    /** Now. */
    static Reading read(String database) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e3;
        return new Reading(jvm, postgresMicros(database), jitMicros(), BROKER_PID > 0 ? processMicros(BROKER_PID) : 0);
    }

    /**
     * CPU time of this JVM's JIT compiler threads (named "C1 CompilerThre…" / "C2 CompilerThre…" in
     * /proc/self/task/N/comm): what a run still pays for compiling, which a long-running service has paid once.
     */
    static double jitMicros() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).contains("CompilerThre");
                } catch (IOException e) {
                    return false;
                }
            }).mapToDouble(t -> taskMicros(t.resolve("stat"))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU time of one process (user + system), or 0 when it is gone. */
    static double processMicros(long pid) {
        return taskMicros(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User + system CPU of a process or thread from its stat file, or 0 when it is gone. */
    private static double taskMicros(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MICROS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double postgresMicros(String database) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isBackendOf(p, database))
                    .mapToDouble(p -> processMicros(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A backend's command line reads "postgres: user database host(port) state". */
    private static boolean isBackendOf(Path process, String database) {
        try {
            String command = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
            return command.startsWith("postgres: ") && command.contains(" " + database + " ");
        } catch (IOException e) {
            return false;
        }
    }
}
