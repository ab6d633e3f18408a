package org.vigie.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent, read from /proc (Linux): this JVM's; the service's process when it runs apart (the local
 * platform's services); the broker's process when it runs apart; and PostgreSQL's (the backends serving one
 * database: the server's shared processes, WAL writer and checkpointer, also work for others on a shared machine).
 * Wall-clock rates on a shared machine move with the other work on it; CPU per event does much less, so the
 * benchmarks report both.
 *
 * @param database the database whose backends are counted
 * @param servicePid the service's process when it runs apart from this JVM, else -1
 * @param brokerPid the broker's process when it runs apart from this JVM, else -1
 */
public record CpuClock(String database, long servicePid, long brokerPid) {

    /** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICK_MICROS = 1e6 / 100;

    /**
     * {@code selfJit} and {@code serviceJit}: the part of {@code self} and {@code service} spent by the JIT compiler
     * threads; {@code service} and {@code broker} are 0 for what runs inside this JVM.
     */
    public record Reading(double self, double selfJit, double service, double serviceJit, double postgres, double broker) {
        public Reading minus(Reading earlier) {
            return new Reading(self - earlier.self, selfJit - earlier.selfJit, service - earlier.service,
                    serviceJit - earlier.serviceJit, postgres - earlier.postgres, broker - earlier.broker);
        }

        /** Every process counted, this JVM included. */
        public double total() {
            return self + service + postgres + broker;
        }
    }

    /** The JIT compiler threads' share of the CPU {@code spent} by the JVM that holds the service: its own, or this one. */
    public double serviceJitShare(Reading spent) {
        return servicePid > 0 ? spent.serviceJit() / spent.service() : spent.selfJit() / spent.self();
    }

    /** Now. */
    public Reading read() {
        double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e3;
        return new Reading(self, jitMicros("self"), servicePid > 0 ? processMicros(servicePid) : 0,
                servicePid > 0 ? jitMicros(Long.toString(servicePid)) : 0, postgresMicros(database),
                brokerPid > 0 ? processMicros(brokerPid) : 0);
    }

    /**
     * CPU time of a JVM's JIT compiler threads (named "C1 CompilerThre…" / "C2 CompilerThre…" in
     * /proc/[pid]/task/N/comm): what a run still pays for compiling, which a long-running service has paid once.
     */
    public static double jitMicros(String pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
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
    public static double processMicros(long pid) {
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
