package org.vigie.alert.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain JUnit, and no DNS: names resolve through a fixed table. */
class CallbackUrlPolicyTest {

    static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.org", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "internal.example.org", List.of("10.0.0.5"),
            "rebind.example.org", List.of("93.184.216.34", "192.168.0.10"),
            "metadata.example.org", List.of("169.254.169.254"),
            "hooks.ansm.internal", List.of("10.20.1.2"),
            "a.corp.example", List.of("172.16.0.9"));

    static final HostResolver FAKE_DNS = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses.stream().map(IpRange::literal).toList();
    };

    private final CallbackUrlPolicy production = new CallbackUrlPolicy(List.of(), false, FAKE_DNS);

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.example.org/vigie",
            "HTTPS://HOOKS.EXAMPLE.ORG:8443/vigie?x=1",
            "http://hooks.example.org./vigie",
            "https://8.8.8.8/hook",
            "https://[2606:4700:4700::1111]/hook",
            "https://172.32.0.1/edge-of-172.16/12",
            "https://172.15.255.255/edge-of-172.16/12",
            "https://100.128.0.1/edge-of-cgnat",
    })
    void publicTargetsAreAllowed(String url) {
        assertThat(production.check(url).allowed()).as(production.check(url).reason()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ftp://hooks.example.org/x                 | scheme",
            "file:///etc/passwd                        | scheme",
            "gopher://hooks.example.org/x              | scheme",
            "hooks.example.org/x                       | scheme",
            "https://user:pw@hooks.example.org/x       | credentials",
            "https:///nohost                           | no host",
            "https://10.0.0.1/x                        | private",
            "https://172.16.5.4/x                      | private",
            "https://172.31.255.255/x                  | private",
            "https://192.168.1.1/x                     | private",
            "https://127.0.0.1/x                       | loopback",
            "https://127.8.9.10/x                      | loopback",
            "http://169.254.169.254/latest/meta-data/  | link-local",
            "https://0.0.0.0/x                         | this network",
            "https://100.64.0.1/x                      | carrier-grade NAT",
            "https://224.0.0.1/x                       | multicast",
            "https://255.255.255.255/x                 | broadcast",
            "https://[::1]/x                           | loopback",
            "https://[::]/x                            | unspecified",
            "https://[fc00::1]/x                       | unique-local",
            "https://[fd12:3456::1]/x                  | unique-local",
            "https://[fe80::1]/x                       | link-local",
            "https://[ff02::1]/x                       | multicast",
            "https://[::ffff:127.0.0.1]/x              | loopback",
            "https://[::ffff:169.254.169.254]/x        | link-local",
            "https://[64:ff9b::a9fe:a9fe]/x            | link-local",
            "https://[2002:a9fe:a9fe::1]/x             | link-local",
            "https://[::10.0.0.1]/x                    | private",
            "https://127.1/x                           | ''",
            "https://2130706433/x                      | ''",
            "https://0x7f000001/x                      | ''",
            "https://010.0.0.1/x                       | ambiguous numeric host",
            "https://0177.0.0.1/x                      | ''",
            "https://internal.example.org/x            | private",
            "https://metadata.example.org/x            | link-local",
            "https://rebind.example.org/x              | private",
            "https://unknown.example.org/x             | does not resolve",
            "https://localhost:8080/x                  | loopback",
            "https://api.localhost/x                   | loopback",
    })
    void privateAndSpecialTargetsAreRefused(String url, String reason) {
        var decision = production.check(url);
        assertThat(decision.allowed()).as(url).isFalse();
        assertThat(decision.reason()).contains(reason);
        assertThat(decision.addresses()).isEmpty();
    }

    @Test
    void allowedAddressesAreReturnedForTheDeliveryToPinTo() {
        var decision = production.check("https://hooks.example.org/vigie");
        assertThat(decision.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
        assertThat(decision.uri().getPath()).isEqualTo("/vigie");
    }

    @Test
    void allowListPermitsNamedHostsAndCidrBlocks() {
        var policy = new CallbackUrlPolicy(List.of("hooks.ansm.internal", "*.corp.example", "10.30.0.0/16",
                "fd00:1::/32", " "), false, FAKE_DNS);
        assertThat(policy.isAllowed("https://hooks.ansm.internal/vigilance")).isTrue();
        assertThat(policy.isAllowed("https://a.corp.example/x")).isTrue();
        assertThat(policy.isAllowed("https://corp.example.evil.org/x")).isFalse();
        assertThat(policy.isAllowed("https://10.30.4.5/x")).isTrue();
        assertThat(policy.isAllowed("https://10.31.0.1/x")).isFalse();
        assertThat(policy.isAllowed("https://[fd00:1:2::3]/x")).isTrue();
        assertThat(policy.isAllowed("https://[fd00:2::3]/x")).isFalse();
        assertThat(policy.isAllowed("https://internal.example.org/x")).isFalse();
        assertThat(policy.isAllowed("https://127.0.0.1/x")).isFalse();
    }

    @Test
    void loopbackOnlyWhenTheDevFlagSaysSo() {
        var dev = new CallbackUrlPolicy(List.of(), true, FAKE_DNS);
        assertThat(dev.isAllowed("http://localhost:8089/receiver")).isTrue();
        assertThat(dev.isAllowed("http://127.0.0.1:8089/receiver")).isTrue();
        assertThat(dev.isAllowed("http://[::1]:8089/receiver")).isTrue();
        assertThat(dev.isAllowed("http://[::ffff:127.0.0.1]:8089/receiver")).isTrue();
        // the flag opens loopback, nothing else
        assertThat(dev.isAllowed("http://10.0.0.1/receiver")).isFalse();
        assertThat(dev.isAllowed("http://169.254.169.254/")).isFalse();
        assertThat(dev.isAllowed("http://[::]/")).isFalse();
    }

    @Test
    void invalidAllowListEntriesFailAtStartup() {
        assertThatThrownBy(() -> new CallbackUrlPolicy(List.of("10.0.0.0/33"), false, FAKE_DNS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallbackUrlPolicy(List.of("10.0.0/8"), false, FAKE_DNS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipRangeArithmetic() {
        var range = IpRange.parse("172.16.0.0/12");
        assertThat(range.contains(IpRange.literal("172.16.0.0"))).isTrue();
        assertThat(range.contains(IpRange.literal("172.31.255.255"))).isTrue();
        assertThat(range.contains(IpRange.literal("172.32.0.0"))).isFalse();
        assertThat(range.contains(IpRange.literal("::1"))).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(IpRange.literal("8.8.8.8"))).isTrue();
        assertThat(IpRange.parse("8.8.8.8").toString()).isEqualTo("8.8.8.8/32");
        assertThatThrownBy(() -> IpRange.literal("fe80::1%eth0")).isInstanceOf(IllegalArgumentException.class);
    }
}
