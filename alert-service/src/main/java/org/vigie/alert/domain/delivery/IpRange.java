package org.vigie.alert.domain.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A CIDR block, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. Parsing takes literals only and never touches DNS.
 *
 * @param network the first address of the block
 * @param prefix  the prefix length in bits
 */
public record IpRange(InetAddress network, int prefix) {

    public IpRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + network);
        }
    }

    /** Parses "address/prefix", or a bare address as a single-host block. */
    public static IpRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
        return new IpRange(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    /**
     * An IP literal as an address, without DNS. IPv4 must be a dotted quad of decimals: the legacy forms a C
     * resolver also accepts ("127.1", "0x7f.0.0.1", "2130706433") are a classic way around SSRF filters.
     */
    public static InetAddress literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.contains(":")) {
            if (t.contains("%")) {
                throw new IllegalArgumentException("IPv6 zone ids are not accepted: " + text);
            }
            try {
                // A string with a colon is parsed as an IPv6 literal; no lookup happens.
                return InetAddress.getByName(t);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 literal: " + text, e);
            }
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted-quad IPv4 literal: " + text);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("not a dotted-quad IPv4 literal: " + text);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("not a dotted-quad IPv4 literal: " + text);
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a host is meant as an IPv4 address: the WHATWG URL rule "ends in a number" — its last label is all
     * decimal digits or 0x-hex. Such a host must then be a strict dotted quad, never a name to resolve.
     */
    static boolean endsInNumber(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        return last.matches("[0-9]+") || last.matches("(?i)0x[0-9a-f]*");
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
