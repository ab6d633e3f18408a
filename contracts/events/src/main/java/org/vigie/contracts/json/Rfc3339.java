package org.vigie.contracts.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The one shape of RFC 3339 date-time that devices send in practice — {@code 2026-03-02T09:30:00Z},
 * {@code 2026-03-02T09:30:00.123+02:00} — read without a {@link java.time.format.DateTimeFormatter}, several times
 * faster on the ingest path. Strict: upper-case {@code T} and {@code Z}, 1 to 9 fraction digits, an offset within
 * ±14:00, no leap second, a real calendar date. Anything else is {@code null} here, and callers hand it to the general
 * path (the schema validator, Jackson's reader), which stays the authority: {@code Rfc3339Test} checks that what is
 * read here is the instant Jackson reads.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /** The instant of a strict-shape date-time, or null when the text is not one. */
    public static Instant parseStrict(String s) {
        int n = s.length();
        if (n < 20 || n > 35 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null; // negative (not digits) or out of range
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        char sign = i < n ? s.charAt(i) : 0;
        if (sign == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || om > 59 || oh > 14 || oh == 14 && om > 0) {
                return null;
            }
            offsetSeconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
