package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateTest {

    private final Rate rate = new Rate();

    @Test
    void aRateOfShownCountsIsShown() {
        PublishedRate r = rate.share(PublishedCount.shown(60), PublishedCount.shown(200));

        assertThat(r.suppressed()).isFalse();
        assertThat(r.value()).isCloseTo(0.30, within(1e-12));
    }

    @Test
    void aRateWithAMaskedNumeratorOrDenominatorIsMasked() {
        assertThat(rate.share(PublishedCount.suppressedCount(), PublishedCount.shown(200)).suppressed()).isTrue();
        assertThat(rate.share(PublishedCount.shown(60), PublishedCount.suppressedCount()).suppressed()).isTrue();
    }

    @Test
    void aRateThatRevealsASmallComplementIsMasked() {
        // 95 of 100 accepted publishes the 5 that were not.
        assertThat(rate.share(PublishedCount.shown(95), PublishedCount.shown(100)).suppressed()).isTrue();
        // 89 of 100: the other 11 may be known.
        assertThat(rate.share(PublishedCount.shown(89), PublishedCount.shown(100)).suppressed()).isFalse();
        // All of them: the complement is zero, which may be shown.
        assertThat(rate.share(PublishedCount.shown(100), PublishedCount.shown(100)).value()).isEqualTo(1.0);
    }

    @Test
    void aRateOverNothingIsUndefinedNotZero() {
        PublishedRate r = rate.share(PublishedCount.shown(0), PublishedCount.shown(0));

        assertThat(r).isEqualTo(PublishedRate.undefined());
        assertThat(r.asOptional()).isEmpty();
    }

    @Test
    void usageRatesMaskOnlyWhatDependsOnAMaskedCount() {
        Rate.UsageRates rates = rate.usage(PublishedCount.shown(150), PublishedCount.shown(40),
                PublishedCount.suppressedCount(), PublishedCount.shown(200));

        assertThat(rates.accepted().value()).isCloseTo(0.75, within(1e-12));
        assertThat(rates.overridden().value()).isCloseTo(0.20, within(1e-12));
        assertThat(rates.ignored().suppressed()).isTrue();
    }

    @Test
    void labelledShareFollowsTheSameRule() {
        assertThat(rate.labelledShare(PublishedCount.shown(300), PublishedCount.shown(1200)).value()).isEqualTo(0.25);
        assertThat(rate.labelledShare(PublishedCount.shown(1195), PublishedCount.shown(1200)).suppressed()).isTrue();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> rate.share(PublishedCount.shown(5), PublishedCount.shown(4)))
                .hasMessageContaining("cannot exceed");
        assertThatThrownBy(() -> new Rate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
