package org.vigie.simulator;

/**
 * GS1 GTIN-14, the UDI-DI of a GS1-issued device: an indicator digit, the company prefix and item reference,
 * and a check digit (mod 10, weights 3 and 1 alternating from the right), which ingest-service verifies.
 */
public final class Gtin {

    private Gtin() {
    }

    /** The GTIN-14 made of these 13 digits and their check digit. */
    public static String of(String thirteenDigits) {
        if (!thirteenDigits.matches("\\d{13}")) {
            throw new IllegalArgumentException("a GTIN-14 body is 13 digits");
        }
        return thirteenDigits + checkDigit(thirteenDigits);
    }

    public static boolean isValid(String gtin14) {
        return gtin14 != null && gtin14.matches("\\d{14}")
                && checkDigit(gtin14.substring(0, 13)) == gtin14.charAt(13) - '0';
    }

    static int checkDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}
