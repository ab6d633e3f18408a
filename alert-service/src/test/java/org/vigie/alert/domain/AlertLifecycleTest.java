package org.vigie.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.vigie.contracts.events.AlertStatus;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain JUnit: no Quarkus, no container. */
class AlertLifecycleTest {

    private static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");

    @ParameterizedTest(name = "{1} from {0}: {2}")
    @CsvSource({
            "OPEN, OCCUR, true",
            "OPEN, ACKNOWLEDGE, true",
            "OPEN, RESOLVE, true",
            "ACKNOWLEDGED, OCCUR, true",
            "ACKNOWLEDGED, ACKNOWLEDGE, false",
            "ACKNOWLEDGED, RESOLVE, true",
            "RESOLVED, OCCUR, true",
            "RESOLVED, ACKNOWLEDGE, false",
            "RESOLVED, RESOLVE, false",
            "REOPENED, OCCUR, true",
            "REOPENED, ACKNOWLEDGE, true",
            "REOPENED, RESOLVE, true",
    })
    void transitionTable(AlertStatus from, AlertLifecycle.Action action, boolean allowed) {
        assertThat(AlertLifecycle.allows(from, action)).isEqualTo(allowed);
        AlertLifecycle state = in(from);
        Runnable attempt = () -> {
            switch (action) {
                case OCCUR -> state.occur(T0.plusSeconds(3600));
                case ACKNOWLEDGE -> state.acknowledge(T0.plusSeconds(3600), "looking");
                case RESOLVE -> state.resolve(T0.plusSeconds(3600), "fixed");
            }
        };
        if (allowed) {
            attempt.run();
        } else {
            assertThatThrownBy(attempt::run).isInstanceOf(IllegalAlertTransitionException.class)
                    .satisfies(e -> {
                        var ex = (IllegalAlertTransitionException) e;
                        assertThat(ex.from()).isEqualTo(from);
                        assertThat(ex.action()).isEqualTo(action);
                    });
        }
    }

    @Test
    void fullCycleWithRecurrenceAfterResolution() {
        AlertLifecycle open = AlertLifecycle.open(T0);
        assertThat(open.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.occurrences()).isEqualTo(1);

        AlertLifecycle seenTwice = open.occur(T0.plusSeconds(60));
        assertThat(seenTwice.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(seenTwice.occurrences()).isEqualTo(2);
        assertThat(seenTwice.lastSeen()).isEqualTo(T0.plusSeconds(60));

        AlertLifecycle acked = seenTwice.acknowledge(T0.plusSeconds(120), "  investigating  ");
        assertThat(acked.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(acked.acknowledgedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(acked.lastNote()).isEqualTo("investigating");

        AlertLifecycle stillAcked = acked.occur(T0.plusSeconds(180));
        assertThat(stillAcked.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(stillAcked.occurrences()).isEqualTo(3);

        AlertLifecycle resolved = stillAcked.resolve(T0.plusSeconds(240), "recalibrated in 2.1.1");
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(240));

        AlertLifecycle reopened = resolved.occur(T0.plusSeconds(300));
        assertThat(reopened.status()).isEqualTo(AlertStatus.REOPENED);
        assertThat(reopened.occurrences()).isEqualTo(4);
        assertThat(reopened.reopenings()).isEqualTo(1);
        assertThat(reopened.acknowledgedAt()).isNull();
        assertThat(reopened.resolvedAt()).isNull();
        assertThat(reopened.firstSeen()).isEqualTo(T0);

        AlertLifecycle againResolved = reopened.acknowledge(T0.plusSeconds(360), "again")
                .resolve(T0.plusSeconds(420), "rolled back");
        assertThat(againResolved.occur(T0.plusSeconds(480)).reopenings()).isEqualTo(2);
    }

    @Test
    void resolvingDirectlyFromOpenIsAllowed() {
        assertThat(AlertLifecycle.open(T0).resolve(T0.plusSeconds(1), "false positive: test device").status())
                .isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void lateSignalsWidenTheSeenWindowInsteadOfMovingItBack() {
        AlertLifecycle state = AlertLifecycle.open(T0).occur(T0.minusSeconds(600)).occur(T0.plusSeconds(10))
                .occur(T0.plusSeconds(5));
        assertThat(state.firstSeen()).isEqualTo(T0.minusSeconds(600));
        assertThat(state.lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(state.occurrences()).isEqualTo(4);
    }

    @Test
    void illegalTransitionsSayWhy() {
        AlertLifecycle acked = AlertLifecycle.open(T0).acknowledge(T0, "seen");
        assertThatThrownBy(() -> acked.acknowledge(T0, "seen again"))
                .isInstanceOf(IllegalAlertTransitionException.class)
                .hasMessage("cannot acknowledge an alert that is acknowledged: it is already acknowledged");
        AlertLifecycle resolved = acked.resolve(T0, "done");
        assertThatThrownBy(() -> resolved.resolve(T0, "done twice"))
                .hasMessageContaining("already resolved");
        assertThatThrownBy(() -> resolved.acknowledge(T0, "late"))
                .hasMessageContaining("reopens by itself");
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '", "NULL"}, nullValues = "NULL")
    void aNoteIsRequired(String note) {
        assertThatThrownBy(() -> AlertLifecycle.open(T0).acknowledge(T0, note))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note");
        assertThatThrownBy(() -> AlertLifecycle.open(T0).resolve(T0, note))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note");
    }

    @Test
    void rejectsImpossibleStates() {
        assertThatThrownBy(() -> new AlertLifecycle(AlertStatus.OPEN, 0, T0, T0, 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertLifecycle(AlertStatus.OPEN, 1, T0, T0.minusSeconds(1), 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AlertLifecycle in(AlertStatus status) {
        AlertLifecycle open = AlertLifecycle.open(T0);
        return switch (status) {
            case OPEN -> open;
            case ACKNOWLEDGED -> open.acknowledge(T0, "seen");
            case RESOLVED -> open.resolve(T0, "done");
            case REOPENED -> open.resolve(T0, "done").occur(T0.plusSeconds(1));
        };
    }
}
