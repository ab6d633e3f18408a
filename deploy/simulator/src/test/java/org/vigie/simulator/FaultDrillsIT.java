package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fault drills of {@code deploy/local/vigie drill}, each on a platform of its own (every component a real
 * process): a scenario streams while the fault strikes, and the drill fails unless acknowledged = held by the
 * broker = counted by the observatory, every expected alert reached the verifying receiver, nothing unexpected
 * did, nothing twice, and every consumer caught up. Each drill's accounting is printed and kept in its log under
 * target/vigie-drill-*.
 */
class FaultDrillsIT {

    @Test
    void broker_restart_during_ingest_loses_nothing() throws IOException {
        drill("broker-restart", 5000, "serious-incident", "--days", "3", "--volume", "0.5");
    }

    @Test
    void drift_service_killed_mid_stream_emits_the_same_signals_once() throws IOException {
        // Data drift against the registered reference: no baseline weeks needed, so ten days suffice.
        drill("drift-kill", 5100, "covariate-shift", "--days", "10", "--volume", "0.5");
    }

    @Test
    void alert_service_killed_with_deliveries_pending_delivers_all_after_restart() throws IOException {
        drill("alert-kill", 5200, "serious-incident", "--days", "2", "--volume", "0.3");
    }

    @Test
    void receiver_down_for_a_while_gets_every_alert_when_back() throws IOException {
        // Ten minutes in the issue; compressed to one here (the platform's retry back-off is the same).
        drill("receiver-down", 5300, "serious-incident", "--days", "2", "--volume", "0.3", "--down-seconds", "60");
    }

    @Test
    void postgresql_restart_during_ingest_loses_nothing() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/etc/postgresql")) && isRoot(),
                "restarts the machine's PostgreSQL server with pg_ctlcluster (needs the Debian server and root)");
        drill("postgres-restart", 5400, "serious-incident", "--days", "3", "--volume", "0.5");
    }

    private static void drill(String fault, int portOffset, String... scenario) throws IOException {
        LocalPlatform platform = new LocalPlatform("vigie-drill-" + fault, portOffset).fresh();
        try {
            List<String> args = new ArrayList<>(List.of("drill", fault));
            args.addAll(List.of(scenario));
            args.addAll(List.of("--rate", "3000", "--wait-minutes", "6", "--settle-seconds", "15"));
            LocalPlatform.Result result = platform.run(Duration.ofMinutes(20), args.toArray(String[]::new));
            System.out.println(result.output().lines().dropWhile(l -> !l.startsWith("accounting of drill"))
                    .reduce("", (a, b) -> a + b + "\n"));
            assertThat(result.output()).as(result.output()).contains("drill " + fault + " PASSED");
            assertThat(result.exitCode()).as(result.output()).isZero();
        } finally {
            platform.down();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
