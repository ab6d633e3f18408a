package org.vigie.ingest.store;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.vigie.contracts.events.DeviceRegistration;

/** Devices and their model versions, and the device tokens issued for them (Hibernate Reactive Panache). */
@ApplicationScoped
public class DeviceRegistry {

    /** What registering did. */
    public enum Result {
        /** A new model version was stored. */
        CREATED,
        /** The same version was registered before with the same content: a retry; nothing changed. */
        ALREADY_REGISTERED,
        /** The same version was registered before with different content: versions are immutable. */
        VERSION_CONFLICT,
        /** The deviceId belongs to another manufacturer. */
        DEVICE_ID_TAKEN
    }

    public record Registered(Result result, DeviceVersion version) {
    }

    /**
     * Stores a new model version. {@code document} is the registration as it will be published and
     * {@code sameContent} tells whether a stored document is the same registration (ignoring registeredAt).
     */
    @WithTransaction
    public Uni<Registered> register(DeviceRegistration registration, String document,
                                    java.util.function.BiPredicate<String, String> sameContent) {
        return DeviceVersion.<DeviceVersion>list("deviceId", registration.deviceId()).chain(existing -> {
            if (existing.stream().anyMatch(v -> !v.manufacturerId.equals(registration.manufacturerId()))) {
                return Uni.createFrom().item(new Registered(Result.DEVICE_ID_TAKEN, null));
            }
            for (DeviceVersion v : existing) {
                if (v.modelVersion.equals(registration.modelVersion())) {
                    Result result = sameContent.test(v.registration, document) ? Result.ALREADY_REGISTERED
                            : Result.VERSION_CONFLICT;
                    return Uni.createFrom().item(new Registered(result, v));
                }
            }
            DeviceVersion version = new DeviceVersion();
            version.id = UUID.randomUUID();
            version.deviceId = registration.deviceId();
            version.modelVersion = registration.modelVersion();
            version.manufacturerId = registration.manufacturerId();
            version.jurisdictions = String.join(",", registration.jurisdictions());
            version.registration = document;
            version.registeredAt = Objects.requireNonNull(registration.registeredAt(), "registeredAt");
            return version.<DeviceVersion>persist().map(v -> new Registered(Result.CREATED, v));
        });
    }

    /** Every version of a device, oldest first. */
    @WithSession
    public Uni<List<DeviceVersion>> versions(String deviceId) {
        return DeviceVersion.list("deviceId = ?1 order by registeredAt, modelVersion", deviceId);
    }

    /** Every version of every device of a manufacturer, or of all manufacturers when null. */
    @WithSession
    public Uni<List<DeviceVersion>> allVersions(String manufacturerId) {
        return manufacturerId == null
                ? DeviceVersion.list("order by deviceId, registeredAt, modelVersion")
                : DeviceVersion.list("manufacturerId = ?1 order by deviceId, registeredAt, modelVersion", manufacturerId);
    }

    @WithTransaction
    public Uni<DeviceToken> recordToken(UUID jti, String deviceId, String manufacturerId, Instant issuedAt, Instant expiresAt) {
        DeviceToken token = new DeviceToken();
        token.jti = jti;
        token.deviceId = deviceId;
        token.manufacturerId = manufacturerId;
        token.issuedAt = issuedAt;
        token.expiresAt = expiresAt;
        return token.persist();
    }

    @WithSession
    public Uni<List<DeviceToken>> tokens(String deviceId) {
        return DeviceToken.list("deviceId = ?1 order by issuedAt", deviceId);
    }

    /** Marks a token revoked; false when the device has no such token. Revoking twice keeps the first time. */
    @WithTransaction
    public Uni<Boolean> revoke(String deviceId, UUID jti, Instant at) {
        return DeviceToken.<DeviceToken>findById(jti).map(token -> {
            if (token == null || !token.deviceId.equals(deviceId)) {
                return false;
            }
            if (token.revokedAt == null) {
                token.revokedAt = at;
            }
            return true;
        });
    }
}
