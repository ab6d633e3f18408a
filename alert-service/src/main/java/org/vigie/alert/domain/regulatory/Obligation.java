package org.vigie.alert.domain.regulatory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One report an alert makes due: under which regulation and article, to whom, by when, and why.
 *
 * @param regulation the legal frame
 * @param article    the article that sets the duty and its deadline, e.g. "Art. 87(5)" or "21 CFR 803.53"
 * @param recipient  the authority and channel (vigilance or ethics)
 * @param deadline   when the report is due
 * @param reason     the facts that triggered it, in words a vigilance officer can check
 */
public record Obligation(Regulation regulation, String article, RecipientAuthority recipient,
                         ReportingDeadline deadline, String reason) {

    public Obligation {
        Objects.requireNonNull(regulation, "regulation");
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Which report this is, independent of its deadline: one report per regulation, authority and channel.
     * If new facts shorten the clock (a serious incident turns out to be a death), the key stays and the
     * deadline changes, so the service updates the obligation it already tracks instead of adding another.
     */
    public String key() {
        return regulation.name() + ":" + recipient.code() + ":" + recipient.channel().name();
    }

    public boolean ethicsChannel() {
        return recipient.isEthicsChannel();
    }

    public Instant dueBy() {
        return deadline.dueBy();
    }

    public boolean isOverdue(Instant now) {
        return deadline.isOverdue(now);
    }

    public Optional<Duration> overdueBy(Instant now) {
        return deadline.overdueBy(now);
    }
}
