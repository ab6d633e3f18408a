package org.vigie.ingest.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A device token issued by this service, known by its id (jti); the token itself is never stored. */
@Entity
@Table(name = "device_token")
public class DeviceToken extends PanacheEntityBase {

    @Id
    public UUID jti;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(name = "manufacturer_id", nullable = false)
    public String manufacturerId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
