package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Plain JUnit, no Quarkus: the token bucket on a clock the test moves by hand. */
class DeviceRateLimitTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final DeviceRateLimit limit = new DeviceRateLimit(100, 500, now::get);

    @Test
    void a_full_bucket_takes_a_burst_then_refuses_all_or_nothing() {
        assertThat(limit.tryAcquire("a", 300).allowed()).isTrue();
        assertThat(limit.tryAcquire("a", 200).allowed()).isTrue();
        DeviceRateLimit.Decision refused = limit.tryAcquire("a", 50);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("50 events at 100/s: half a second, rounded up").isEqualTo(1);
        // A refused post took nothing: after exactly 0.5 s the 50 tokens are there.
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(limit.tryAcquire("a", 50).allowed()).isTrue();
        assertThat(limit.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void retry_after_is_the_time_until_the_whole_post_fits() {
        limit.tryAcquire("a", 500);
        assertThat(limit.tryAcquire("a", 450).retryAfterSeconds()).isEqualTo(5);
        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertThat(limit.tryAcquire("a", 450).retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limit.tryAcquire("a", 450).allowed()).isTrue();
    }

    @Test
    void the_bucket_refills_to_the_burst_and_no_further() {
        limit.tryAcquire("a", 500);
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertThat(limit.tryAcquire("a", 500).allowed()).isTrue();
        assertThat(limit.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void devices_have_buckets_of_their_own() {
        assertThat(limit.tryAcquire("a", 500).allowed()).isTrue();
        assertThat(limit.tryAcquire("b", 500).allowed()).isTrue();
        assertThat(limit.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void a_refund_gives_back_what_a_failed_post_took_up_to_the_burst() {
        limit.tryAcquire("a", 400);
        limit.refund("a", 400);
        assertThat(limit.tryAcquire("a", 500).allowed()).isTrue();
        limit.refund("a", 10_000);
        assertThat(limit.tryAcquire("a", 500).allowed()).isTrue();
        assertThat(limit.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void a_post_above_the_burst_is_for_the_caller_to_refuse_and_bad_settings_fail_fast() {
        assertThatThrownBy(() -> limit.tryAcquire("a", 501)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceRateLimit(0, 10, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceRateLimit(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limit.tryAcquire("a", 0).allowed()).isTrue();
    }
}
