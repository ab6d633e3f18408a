package org.vigie.alert.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigie.alert.domain.delivery.SubscriptionFilter.Tenant;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.Severity;

/** Plain JUnit: which alerts a subscription receives. */
class SubscriptionFilterTest {

    private static final List<String> FR = List.of("FR");

    @Test
    void a_manufacturer_receives_only_its_own_devices_alerts() {
        var filter = new SubscriptionFilter(Tenant.MANUFACTURER, "m1", null, null, null, null, null);
        assertThat(filter.matches("m1", FR, "d1", AlertKind.DATA_DRIFT, Severity.LOW)).isTrue();
        assertThat(filter.matches("m2", FR, "d1", AlertKind.DATA_DRIFT, Severity.LOW)).isFalse();
        assertThat(filter.matches(null, FR, "d1", AlertKind.DATA_DRIFT, Severity.LOW)).isFalse();
    }

    @Test
    void an_authority_receives_its_jurisdictions_optionally_for_some_manufacturers() {
        var all = new SubscriptionFilter(Tenant.AUTHORITY, null, Set.of("FR"), null, null, null, null);
        assertThat(all.matches("m1", List.of("DE", "FR"), "d", AlertKind.FIELD_REPORT, Severity.HIGH)).isTrue();
        assertThat(all.matches("m1", List.of("DE"), "d", AlertKind.FIELD_REPORT, Severity.HIGH)).isFalse();
        var some = new SubscriptionFilter(Tenant.AUTHORITY, null, Set.of("FR"), null, null, null, Set.of("m2"));
        assertThat(some.matches("m1", FR, "d", AlertKind.FIELD_REPORT, Severity.HIGH)).isFalse();
        assertThat(some.matches("m2", FR, "d", AlertKind.FIELD_REPORT, Severity.HIGH)).isTrue();
    }

    @Test
    void kinds_minimum_severity_and_devices_narrow_the_tenant() {
        var filter = new SubscriptionFilter(Tenant.PLATFORM, null, null, Set.of(AlertKind.SUBGROUP_GAP),
                Severity.MEDIUM, Set.of("d1"), null);
        assertThat(filter.matches("m", FR, "d1", AlertKind.SUBGROUP_GAP, Severity.MEDIUM)).isTrue();
        assertThat(filter.matches("m", FR, "d1", AlertKind.SUBGROUP_GAP, Severity.LOW)).isFalse();
        assertThat(filter.matches("m", FR, "d2", AlertKind.SUBGROUP_GAP, Severity.HIGH)).isFalse();
        assertThat(filter.matches("m", FR, "d1", AlertKind.DATA_DRIFT, Severity.HIGH)).isFalse();
    }

    @Test
    void a_tenant_must_be_named() {
        assertThatThrownBy(() -> new SubscriptionFilter(Tenant.MANUFACTURER, " ", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionFilter(Tenant.AUTHORITY, null, Set.of(), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
