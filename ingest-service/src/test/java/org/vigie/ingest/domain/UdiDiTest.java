package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UdiDiTest {

    /** Appends the GS1 check digit, computed here by hand-rolled weights 3,1,3,… from the right. */
    private static String withCheckDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int fromRight = body.length() - i; // 1 for the digit next to the check digit
            sum += (body.charAt(i) - '0') * (fromRight % 2 == 1 ? 3 : 1);
        }
        return body + (10 - sum % 10) % 10;
    }

    @Test
    void gtin14WithAValidCheckDigitIsAccepted() {
        // 0345312000001?: weights from the right 3,1,3,… over 0 3 4 5 3 1 2 0 0 0 0 0 1
        // = 1×3 + 0 + 0×3 + 0 + 0×3 + 0 + 2×3 + 1 + 3×3 + 5 + 4×3 + 3 + 0×3 = 3+6+1+9+5+12+3 = 39 -> check 1
        assertThat(withCheckDigit("0345312000001")).isEqualTo("03453120000011");

        UdiDi udi = UdiDi.parse("03453120000011");

        assertThat(udi.issuer()).isEqualTo(UdiDi.Issuer.GS1);
        assertThat(udi.value()).isEqualTo("03453120000011");
        assertThat(UdiDi.gs1CheckDigit("0345312000001")).isEqualTo(1);
    }

    @Test
    void shorterGtinsAreLeftPaddedToFourteenDigits() {
        String gtin13 = withCheckDigit("376012345678");
        String gtin12 = withCheckDigit("61414100003");
        String gtin8 = withCheckDigit("9638507");

        assertThat(UdiDi.parse(gtin13).value()).isEqualTo("0" + gtin13).hasSize(14);
        assertThat(UdiDi.parse(gtin12).value()).isEqualTo("00" + gtin12);
        assertThat(UdiDi.parse(gtin8).value()).isEqualTo("000000" + gtin8);
        assertThat(UdiDi.parse("(01)" + withCheckDigit("0761234567890")).value()).isEqualTo(withCheckDigit("0761234567890"));
    }

    @Test
    void manyComputedGtinsAreAcceptedAndEveryWrongCheckDigitRefused() {
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 500; n++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 13; i++) {
                body.append(random.nextInt(10));
            }
            String valid = withCheckDigit(body.toString());
            assertThat(UdiDi.isValid(valid)).as(valid).isTrue();
            int check = valid.charAt(13) - '0';
            String wrong = body + String.valueOf((check + 1 + random.nextInt(9)) % 10);
            assertThat(UdiDi.isValid(wrong)).as(wrong).isFalse();
        }
    }

    @Test
    void aMistypedGtinSaysSo() {
        assertThatThrownBy(() -> UdiDi.parse("03453120000012"))
                .isInstanceOf(UdiDi.InvalidUdiDiException.class)
                .hasMessage("GS1 UDI-DI (GTIN) check digit is 2 but the other digits give 1: the identifier is mistyped");
        assertThatThrownBy(() -> UdiDi.parse("03453120000"))
                .hasMessage("GS1 UDI-DI (GTIN) must have 8, 12, 13 or 14 digits, got 11");
        assertThatThrownBy(() -> UdiDi.parse("03453I20000011")).hasMessageContaining("digits only");
        assertThatThrownBy(() -> UdiDi.parse(" ")).hasMessage("UDI-DI is required");
        assertThatThrownBy(() -> UdiDi.parse("1".repeat(65))).hasMessageContaining("at most 64");
    }

    @Test
    void hibccIsAcceptedByShape() {
        assertThat(UdiDi.parse("+H123ABC01234567891").issuer()).isEqualTo(UdiDi.Issuer.HIBCC);
        assertThat(UdiDi.parse("+h123abc1").value()).isEqualTo("+H123ABC1");
        assertThatThrownBy(() -> UdiDi.parse("+1234ABC1")).hasMessageContaining("labeler code starting with a letter");
        assertThatThrownBy(() -> UdiDi.parse("+H12")).hasMessageContaining("HIBCC");
    }

    @Test
    void iccbbaIsAcceptedByShape() {
        assertThat(UdiDi.parse("=/A9999XYZ100T0944").issuer()).isEqualTo(UdiDi.Issuer.ICCBBA);
        assertThatThrownBy(() -> UdiDi.parse("=/A9999")).hasMessageContaining("'=/' followed by 16");
    }

    @Test
    void ifaIsAcceptedByShapeWithItsPrefixOrADeclaredIssuer() {
        assertThat(UdiDi.parse("9N110375286414")).isEqualTo(new UdiDi(UdiDi.Issuer.IFA, "110375286414"));
        assertThat(UdiDi.parse("110375286414", UdiDi.Issuer.IFA).issuer()).isEqualTo(UdiDi.Issuer.IFA);
        assertThatThrownBy(() -> UdiDi.parse("9NAB", UdiDi.Issuer.IFA)).hasMessageContaining("PPN");
    }
}
