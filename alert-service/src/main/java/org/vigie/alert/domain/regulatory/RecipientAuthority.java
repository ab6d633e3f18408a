package org.vigie.alert.domain.regulatory;

import java.time.ZoneId;
import java.util.Objects;

/**
 * An authority that receives reports, and on which channel.
 *
 * @param code        short stable identifier used in subscriptions and exports, e.g. "ANSM", "BfArM", "FDA"
 * @param name        full name
 * @param countryCode ISO 3166-1 alpha-2 country
 * @param zone        the zone the authority counts days in (see {@link ReportingDeadline})
 * @param channel     vigilance or ethics
 */
public record RecipientAuthority(String code, String name, String countryCode, ZoneId zone, ReportingChannel channel) {

    public RecipientAuthority {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(channel, "channel");
    }

    public RecipientAuthority onChannel(ReportingChannel other) {
        return new RecipientAuthority(code, name, countryCode, zone, other);
    }

    public boolean isEthicsChannel() {
        return channel == ReportingChannel.ETHICS;
    }
}
