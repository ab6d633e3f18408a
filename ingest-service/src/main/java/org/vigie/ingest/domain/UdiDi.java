package org.vigie.ingest.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device identifier (UDI-DI) as registered in EUDAMED / GUDID, from one of the four issuing
 * entities designated by the Commission (Decision (EU) 2019/939): GS1, HIBCC, ICCBBA, IFA.
 *
 * <ul>
 *   <li>GS1: a GTIN. GTIN-8/12/13/14 are accepted and normalised to GTIN-14 by left-padding with
 *       zeros; the check digit (mod 10, weights 3 and 1 from the right) is verified — a GTIN that
 *       fails it is a typo, and a typo here attaches telemetry to the wrong device. An "(01)"
 *       application-identifier prefix is tolerated.</li>
 *   <li>HIBCC: HIBC primary data, {@code +} then the labeler code (a letter and 3 alphanumerics),
 *       the product number (1–18 alphanumerics) and a unit-of-measure digit, optionally followed by
 *       the check character. Shape only.</li>
 *   <li>ICCBBA: ISBT 128 Processor Product Identification Code (data structure 034),
 *       {@code =/} followed by 16 alphanumerics. Shape only.</li>
 *   <li>IFA: Pharmacy Product Number, given with its data identifier {@code 9N} (or with the
 *       issuer declared), 2-digit agency code, product code, 2 check digits; 4 to 22 characters.
 *       Shape only. Without the prefix or a declared issuer an all-digit identifier is read as a
 *       GTIN, since a 12-digit PPN and a GTIN-12 look alike.</li>
 * </ul>
 */
public record UdiDi(Issuer issuer, String value) {

    public enum Issuer { GS1, HIBCC, ICCBBA, IFA }

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern HIBCC = Pattern.compile("\\+[A-Z][A-Z0-9]{3}[A-Z0-9]{1,18}[0-9][A-Z0-9\\-. $/+%]?");
    private static final Pattern ICCBBA = Pattern.compile("=/[A-Z0-9]{16}");
    private static final Pattern IFA = Pattern.compile("\\d{2}[A-Z0-9]{0,18}\\d{2}");

    public UdiDi {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(value, "value");
    }

    /** Reads a UDI-DI, telling the issuer from its shape. */
    public static UdiDi parse(String raw) {
        String s = clean(raw);
        if (s.startsWith("+")) {
            return parse(s, Issuer.HIBCC);
        }
        if (s.startsWith("=")) {
            return parse(s, Issuer.ICCBBA);
        }
        if (s.startsWith("9N")) {
            return parse(s.substring(2), Issuer.IFA);
        }
        return parse(s, Issuer.GS1);
    }

    /** Reads a UDI-DI of a declared issuer. */
    public static UdiDi parse(String raw, Issuer issuer) {
        Objects.requireNonNull(issuer, "issuer");
        String s = clean(raw);
        return switch (issuer) {
            case GS1 -> gs1(s);
            case HIBCC -> {
                String upper = s.toUpperCase(Locale.ROOT);
                if (!HIBCC.matcher(upper).matches()) {
                    throw new InvalidUdiDiException("HIBCC UDI-DI must be '+', a 4-character labeler code starting with a letter,"
                            + " a product number of 1 to 18 letters or digits and a unit-of-measure digit");
                }
                yield new UdiDi(Issuer.HIBCC, upper);
            }
            case ICCBBA -> {
                String upper = s.toUpperCase(Locale.ROOT);
                if (!ICCBBA.matcher(upper).matches()) {
                    throw new InvalidUdiDiException("ICCBBA UDI-DI must be '=/' followed by 16 letters or digits"
                            + " (ISBT 128 processor product identification code)");
                }
                yield new UdiDi(Issuer.ICCBBA, upper);
            }
            case IFA -> {
                String upper = s.toUpperCase(Locale.ROOT);
                String ppn = upper.startsWith("9N") ? upper.substring(2) : upper;
                if (!IFA.matcher(ppn).matches()) {
                    throw new InvalidUdiDiException("IFA UDI-DI must be a PPN: 2-digit agency code, product code and"
                            + " 2 check digits, 4 to 22 letters or digits");
                }
                yield new UdiDi(Issuer.IFA, ppn);
            }
        };
    }

    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (InvalidUdiDiException e) {
            return false;
        }
    }

    /** GS1 check digit of the digits that precede it (mod 10, weights 3,1,3,… from the right). */
    public static int gs1CheckDigit(String digitsWithoutCheck) {
        if (!DIGITS.matcher(digitsWithoutCheck).matches()) {
            throw new IllegalArgumentException("digits only");
        }
        int sum = 0;
        int weight = 3;
        for (int i = digitsWithoutCheck.length() - 1; i >= 0; i--) {
            sum += (digitsWithoutCheck.charAt(i) - '0') * weight;
            weight = 4 - weight;
        }
        return (10 - sum % 10) % 10;
    }

    private static UdiDi gs1(String s) {
        String digits = s.startsWith("(01)") ? s.substring(4) : s;
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidUdiDiException("GS1 UDI-DI (GTIN) must contain digits only; HIBCC starts with '+',"
                    + " ICCBBA with '=/', IFA with '9N'");
        }
        int n = digits.length();
        if (n != 8 && n != 12 && n != 13 && n != 14) {
            throw new InvalidUdiDiException("GS1 UDI-DI (GTIN) must have 8, 12, 13 or 14 digits, got " + n);
        }
        int expected = gs1CheckDigit(digits.substring(0, n - 1));
        int actual = digits.charAt(n - 1) - '0';
        if (expected != actual) {
            throw new InvalidUdiDiException("GS1 UDI-DI (GTIN) check digit is " + actual + " but the other digits give "
                    + expected + ": the identifier is mistyped");
        }
        return new UdiDi(Issuer.GS1, "0".repeat(14 - n) + digits);
    }

    private static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidUdiDiException("UDI-DI is required");
        }
        String s = raw.strip();
        if (s.length() > 64) {
            throw new InvalidUdiDiException("UDI-DI is at most 64 characters, got " + s.length());
        }
        return s;
    }

    /** A malformed UDI-DI, with a message that says what shape was expected. */
    public static final class InvalidUdiDiException extends IllegalArgumentException {
        public InvalidUdiDiException(String message) {
            super(message);
        }
    }
}
