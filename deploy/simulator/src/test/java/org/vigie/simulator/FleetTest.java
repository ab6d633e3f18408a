package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/** The shape of the simulated fleet. Plain JUnit: no platform needed. */
class FleetTest {

    private final Fleet fleet = Fleet.create(42);

    @Test
    void two_hundred_sites_in_every_one_of_the_13_metropolitan_regions_with_finess_shaped_ids() {
        assertThat(fleet.sites()).hasSize(200);
        Set<String> regions = fleet.sites().stream().map(s -> s.region().inseeCode()).collect(Collectors.toSet());
        assertThat(regions).containsExactlyInAnyOrder("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94");
        assertThat(fleet.sites()).allSatisfy(s -> {
            assertThat(s.finess()).matches("(?:[0-9]{2}|2A|2B)[0-9]{7}");
            assertThat(s.region().departements()).contains(s.finess().substring(0, 2));
        });
        assertThat(fleet.sites().stream().map(Site::finess).distinct()).hasSize(200);
        assertThat(fleet.sites().stream().map(Site::type).collect(Collectors.toSet())).isEqualTo(EnumSet.allOf(SiteType.class));
        // Ile-de-France, the most populous, has the most sites; every region has its CHU.
        Map<Region, Long> perRegion = fleet.sites().stream().collect(Collectors.groupingBy(Site::region, Collectors.counting()));
        assertThat(perRegion.get(Region.ILE_DE_FRANCE)).isEqualTo(perRegion.values().stream().max(Long::compare).orElseThrow());
        assertThat(Arrays.stream(Region.values())).allSatisfy(r -> assertThat(fleet.sites())
                .anyMatch(s -> s.region() == r && s.type() == SiteType.CHU));
    }

    @Test
    void twelve_devices_of_three_manufacturers_across_the_six_use_cases_with_valid_gtins() {
        assertThat(fleet.devices()).hasSize(12);
        assertThat(fleet.devices().stream().map(DeviceProfile::manufacturerId).distinct()).hasSize(3);
        assertThat(fleet.devices().stream().map(d -> d.registration().useCase()).collect(Collectors.toSet()))
                .containsAll(EnumSet.of(UseCase.DIAGNOSTIC_IMAGING, UseCase.DIAGNOSTIC_PATHOLOGY, UseCase.DIAGNOSTIC_ECG,
                        UseCase.CLINICAL_DOCUMENTATION, UseCase.CARE_PATHWAY, UseCase.PREVENTION));
        assertThat(fleet.devices()).allSatisfy(d -> {
            assertThat(Gtin.isValid(d.registration().udiDi())).as(d.deviceId()).isTrue();
            assertThat(d.registration().subgroupAttributes()).containsExactly("sex", "ageBand");
            assertThat(d.registration().performanceClaims()).isNotEmpty();
            assertThat(fleet.deployment(d.deviceId()).sites()).isNotEmpty()
                    .allSatisfy(s -> assertThat(d.siteTypes()).contains(s.type()));
        });
        assertThat(fleet.devices().stream().map(d -> d.registration().udiDi()).distinct()).hasSize(12);
    }

    @Test
    void gtin_check_digit_is_the_gs1_one() {
        assertThat(Gtin.isValid("04006381333931")).isTrue(); // EAN-13 4006381333931 as a GTIN-14
        assertThat(Gtin.isValid("09780306406157")).isTrue(); // ISBN 978-0-306-40615-7
        assertThat(Gtin.isValid("04006381333932")).isFalse();
        assertThat(Gtin.of("0400638133393")).isEqualTo("04006381333931");
    }

    @Test
    void every_registration_matches_its_contract_and_each_device_outperforms_its_claims() {
        for (DeviceProfile d : fleet.devices()) {
            JsonNode json = VigieJson.mapper().valueToTree(d.registration());
            assertThat(ContractSchemas.instance().validate(EventContract.DEVICE_REGISTRATION, json)).as(d.deviceId()).isEmpty();
            for (DeviceRegistration.PerformanceClaim claim : d.registration().performanceClaims()) {
                double actual = switch (claim.metric()) {
                    case SENSITIVITY -> d.scores().sensitivity();
                    case SPECIFICITY -> d.scores().specificity();
                    default -> 1;
                };
                assertThat(actual).as(d.deviceId() + " " + claim.metric()).isGreaterThan(claim.threshold());
            }
        }
    }

    @Test
    void the_same_seed_makes_the_same_fleet_and_another_seed_another_one() {
        Fleet again = Fleet.create(42);
        Fleet other = Fleet.create(7);
        assertThat(again.sites()).isEqualTo(fleet.sites());
        assertThat(other.sites()).isNotEqualTo(fleet.sites());
        for (DeviceProfile d : fleet.devices()) {
            assertThat(again.deployment(d.deviceId()).sites()).isEqualTo(fleet.deployment(d.deviceId()).sites());
            // The identities are the catalogue's, whatever the seed: re-registering is recognised as the same.
            assertThat(other.device(d.deviceId()).registration()).isEqualTo(d.registration());
        }
    }
}
