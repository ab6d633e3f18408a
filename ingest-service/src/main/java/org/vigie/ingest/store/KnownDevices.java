package org.vigie.ingest.store;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookups of the telemetry path, made from a worker thread with the reactive client (the registry's
 * Hibernate sessions belong to the event loop): is a device and model version registered.
 *
 * <p>Registered versions are cached: a version is never deleted nor changed, so a positive answer stays true.
 * Unknown versions are asked again each time (the device may be registered a minute later).
 */
@ApplicationScoped
public class KnownDevices {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int CACHE_LIMIT = 100_000;
    private static final String ANY_VERSION = "";

    private final Pool pool;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public KnownDevices(Pool pool) {
        this.pool = pool;
    }

    /** Whether the device is registered with this model version; with {@code null}, with any version. */
    public boolean isRegistered(String deviceId, String modelVersion) {
        return known.contains(key(deviceId, modelVersion == null ? ANY_VERSION : modelVersion));
    }

    /** Loads the registered versions of these devices into the cache (one query per batch). */
    public void load(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        if (known.size() > CACHE_LIMIT) {
            known.clear();
        }
        for (Row row : pool.preparedQuery("select device_id, model_version from ingest.device_version where device_id = any($1)")
                .execute(Tuple.of(deviceIds.toArray(String[]::new))).await().atMost(TIMEOUT)) {
            known.add(key(row.getString(0), row.getString(1)));
            known.add(key(row.getString(0), ANY_VERSION));
        }
    }

    private static String key(String deviceId, String modelVersion) {
        return deviceId + '\u0000' + modelVersion;
    }
}
