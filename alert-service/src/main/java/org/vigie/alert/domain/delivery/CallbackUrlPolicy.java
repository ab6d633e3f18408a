package org.vigie.alert.domain.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSRF guard for subscription callback URLs. A webhook makes Vigie send a POST to a URL a tenant chose; without
 * this guard a tenant could make it call the database, the cloud metadata service (169.254.169.254) or an admin
 * port on the cluster network, and read the answer in the delivery log.
 *
 * <p>A URL is accepted when its scheme is http or https, it carries no credentials, and every address its host
 * resolves to is public. "Every", not "any": a name with one public and one private record would otherwise be a
 * way in. Refused: this network (0/8), private (10/8, 172.16/12, 192.168/16), shared CGNAT (100.64/10), loopback
 * (127/8, ::1), link-local (169.254/16 with cloud metadata, fe80::/10), IETF and documentation blocks, benchmark
 * (198.18/15), multicast (224/4, ff00::/8), reserved and broadcast (240/4), unspecified (::), unique-local (fc00::/7),
 * deprecated site-local (fec0::/10), and the IPv6 forms that embed an IPv4 address (IPv4-compatible, IPv4-mapped,
 * NAT64 64:ff9b::/96, 6to4 2002::/16), which are judged by the address they embed.
 *
 * <p>Configuration can allow specific targets: a host name (exact, or "*.example.org" for subdomains) is trusted
 * as is; a CIDR block allows addresses inside it. Loopback is allowed only when the dev/test flag says so.
 *
 * <p>A check at subscription time is not enough on its own: DNS can change between the check and the delivery
 * (rebinding). The delivery must re-check and connect to one of {@link Decision#addresses()} it was given.
 */
public final class CallbackUrlPolicy {

    /** The outcome of a check; when allowed, the addresses checked, to which the delivery should connect. */
    public record Decision(boolean allowed, String reason, URI uri, List<InetAddress> addresses) {
        public Decision {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }

        static Decision refuse(String reason, URI uri) {
            return new Decision(false, reason, uri, List.of());
        }
    }

    private record Blocked(IpRange range, String why) {
    }

    private static final List<Blocked> BLOCKED = List.of(
            block("0.0.0.0/8", "'this network' address"),
            block("10.0.0.0/8", "private address"),
            block("100.64.0.0/10", "shared (carrier-grade NAT) address"),
            block("127.0.0.0/8", "loopback address"),
            block("169.254.0.0/16", "link-local address (cloud metadata lives here)"),
            block("172.16.0.0/12", "private address"),
            block("192.0.0.0/24", "IETF protocol assignment"),
            block("192.0.2.0/24", "documentation address"),
            block("192.88.99.0/24", "6to4 relay anycast"),
            block("192.168.0.0/16", "private address"),
            block("198.18.0.0/15", "benchmarking address"),
            block("198.51.100.0/24", "documentation address"),
            block("203.0.113.0/24", "documentation address"),
            block("224.0.0.0/4", "multicast address"),
            block("240.0.0.0/4", "reserved or broadcast address"),
            block("::/128", "unspecified address"),
            block("::1/128", "loopback address"),
            block("fc00::/7", "unique-local address"),
            block("fe80::/10", "link-local address"),
            block("fec0::/10", "site-local address"),
            block("ff00::/8", "multicast address"),
            block("2001:db8::/32", "documentation address"),
            block("100::/64", "discard-only address"));

    private static final IpRange LOOPBACK_V4 = IpRange.parse("127.0.0.0/8");
    private static final IpRange LOOPBACK_V6 = IpRange.parse("::1/128");
    private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
    private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");
    private static final IpRange IPV4_COMPATIBLE = IpRange.parse("::/96");

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<IpRange> allowedRanges = new ArrayList<>();
    private final boolean allowLoopback;
    private final HostResolver resolver;

    /**
     * @param allowList     host names ("hooks.ansm.example", "*.internal.example") and CIDR blocks ("10.20.0.0/16")
     *                      that are trusted even though private; invalid entries fail here, at startup
     * @param allowLoopback true in dev and test profiles only, so a local receiver can be used
     * @param resolver      DNS, or a fake in tests
     */
    public CallbackUrlPolicy(List<String> allowList, boolean allowLoopback, HostResolver resolver) {
        for (String entry : allowList) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || e.contains(":") || IpRange.endsInNumber(e)) {
                allowedRanges.add(IpRange.parse(e));
            } else {
                allowedHosts.add(e);
            }
        }
        this.allowLoopback = allowLoopback;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public Decision check(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url").trim());
        } catch (URISyntaxException e) {
            return Decision.refuse("not a valid URL: " + e.getMessage(), null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Decision.refuse("scheme must be https or http, was '" + scheme + "'", uri);
        }
        if (uri.getRawUserInfo() != null) {
            return Decision.refuse("credentials in the URL are not accepted; use the signing secret", uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Decision.refuse("URL has no host", uri);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }

        List<InetAddress> addresses;
        boolean literal = host.startsWith("[") || IpRange.endsInNumber(host);
        if (literal) {
            try {
                addresses = List.of(IpRange.literal(host));
            } catch (IllegalArgumentException e) {
                return Decision.refuse("ambiguous numeric host: " + e.getMessage(), uri);
            }
        } else if (isAllowedHost(host)) {
            return new Decision(true, "host is on the allow-list", uri, List.of());
        } else if (host.equals("localhost") || host.endsWith(".localhost")) {
            // RFC 6761: localhost names are loopback by definition; do not ask DNS what they mean.
            addresses = List.of(IpRange.literal("127.0.0.1"), IpRange.literal("::1"));
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return Decision.refuse("host does not resolve: " + host, uri);
            }
            if (addresses.isEmpty()) {
                return Decision.refuse("host does not resolve: " + host, uri);
            }
        }

        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Decision.refuse(host + " resolves to " + address.getHostAddress() + ", a "
                        + refusal.get(), uri);
            }
        }
        return new Decision(true, "all addresses are public or allowed", uri, addresses);
    }

    public boolean isAllowed(String url) {
        return check(url).allowed();
    }

    /** Why {@code address} may not be called, or empty if it may. */
    Optional<String> refusal(InetAddress address) {
        if (allowedRanges.stream().anyMatch(r -> r.contains(address))) {
            return Optional.empty();
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get()).map(why -> why + " (embedded in " + address.getHostAddress() + ")");
        }
        if (allowLoopback && (LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address))) {
            return Optional.empty();
        }
        return BLOCKED.stream().filter(b -> b.range().contains(address)).map(Blocked::why).findFirst();
    }

    private boolean isAllowedHost(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address an IPv6 address carries, for the transition forms a router would unwrap. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        // ::/128 and ::1/128 are themselves IPv4-compatible in form but mean unspecified and loopback.
        boolean specialV6 = IpRange.parse("::/127").contains(address);
        if (!specialV6 && (IPV4_COMPATIBLE.contains(address) || NAT64.contains(address))) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (isMapped(b)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (SIX_TO_FOUR.contains(address)) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }

    private static Blocked block(String cidr, String why) {
        return new Blocked(IpRange.parse(cidr), why);
    }
}
