package org.vigie.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.security.Roles;

/** Plain JUnit: the scoping rules every service applies. */
class CallerTest {

    private static Caller caller(String role, String manufacturer, Set<String> jurisdictions) {
        return new Caller("sub", Set.of(role), manufacturer, null, jurisdictions);
    }

    @Test
    void a_manufacturer_sees_and_acts_for_its_own_devices_only() {
        Caller acme = caller(Roles.MANUFACTURER, "acme", Set.of());
        assertThat(acme.canSee("acme", List.of("FR"))).isTrue();
        assertThat(acme.canSee("globex", List.of("FR"))).isFalse();
        assertThat(acme.actsFor("acme")).isTrue();
        assertThat(acme.actsFor("globex")).isFalse();
        assertThat(acme.seesExactCounts()).isFalse();
    }

    @Test
    void an_authority_sees_devices_marketed_in_its_jurisdiction_but_acts_for_no_manufacturer() {
        Caller ansm = caller(Roles.AUTHORITY, null, Set.of("FR"));
        assertThat(ansm.canSee("acme", List.of("DE", "FR"))).isTrue();
        assertThat(ansm.canSee("acme", List.of("DE"))).isFalse();
        assertThat(ansm.actsFor("acme")).isFalse();
        assertThat(ansm.seesExactCounts()).isTrue();
    }

    @Test
    void admin_sees_everything_and_others_nothing() {
        assertThat(caller(Roles.ADMIN, null, Set.of()).canSee("x", List.of())).isTrue();
        assertThat(caller(Roles.ANALYST, null, Set.of()).canSee("x", List.of("FR"))).isFalse();
        assertThat(caller(Roles.DEVICE, "acme", Set.of()).canSee("acme", List.of("FR"))).isFalse();
        assertThat(Caller.ANONYMOUS.authenticated()).isFalse();
    }

    @Test
    void jurisdiction_claims_are_read_as_a_list_or_a_string() {
        assertThat(Caller.jurisdictions(List.of("fr", "DE"))).containsExactlyInAnyOrder("FR", "DE");
        assertThat(Caller.jurisdictions("FR, BE")).containsExactlyInAnyOrder("FR", "BE");
        assertThat(Caller.jurisdictions(null)).isEmpty();
    }
}
