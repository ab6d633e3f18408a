package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A webhook subscription. Its tenant is a manufacturer (manufacturerId), an authority (jurisdictions) or the
 * platform (admin: neither).
 */
@Entity
@Table(name = "subscription")
public class SubscriptionRecord extends PanacheEntityBase {
    @Id
    public UUID subscriptionId;
    public String ownerRole;
    public String manufacturerId;
    public String jurisdictions;
    public String callbackUrl;
    public String secret;
    public String kinds;
    public String minSeverity;
    public String deviceIds;
    public String manufacturerIds;
    public boolean active;
    public Instant createdAt;
}
