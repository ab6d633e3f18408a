package org.vigie.ingest.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One registered model version of a device; never updated once written. */
@Entity
@Table(name = "device_version")
public class DeviceVersion extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(name = "model_version", nullable = false)
    public String modelVersion;

    @Column(name = "manufacturer_id", nullable = false)
    public String manufacturerId;

    /** Comma-separated ISO codes; kept apart from the document so that scoping needs no JSON parsing. */
    @Column(nullable = false)
    public String jurisdictions;

    /** The DeviceRegistration document, as published on the registration topic. */
    @Column(nullable = false)
    public String registration;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    public List<String> jurisdictionList() {
        return jurisdictions.isEmpty() ? List.of() : Arrays.asList(jurisdictions.split(","));
    }
}
