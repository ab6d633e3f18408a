package org.vigie.observatory.store;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.observatory.domain.GreenAlgorithms;

/**
 * Registrations, drift signals and alerts: state rather than counts, each write idempotent by nature —
 * the latest registration of a device version wins, a signal is stored once by its signalId, an alert keeps
 * its highest revision. Replaying any of these topics leaves the tables as they were.
 */
@ApplicationScoped
public class SurveillanceWriter {

    private final Pool pool;

    public SurveillanceWriter(Pool pool) {
        this.pool = pool;
    }

    @WithSpan("observatory.registrations.apply")
    public Uni<Void> registrations(List<DeviceRegistration> registrations) {
        Map<List<String>, DeviceRegistration> latest = new LinkedHashMap<>();
        for (DeviceRegistration r : registrations) {
            latest.merge(List.of(r.deviceId(), r.modelVersion()), r,
                    (a, b) -> b.registeredAt().isBefore(a.registeredAt()) ? a : b);
        }
        List<DeviceRegistration> rows = new ArrayList<>(latest.values());
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO observatory.device_version AS d"
                        + " (device_id, model_version, manufacturer_id, device_name, use_case, risk_class, power_watts,"
                        + " energy_country, registered_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[],"
                        + " $4::text[], $5::text[], $6::text[], $7::double precision[], $8::text[], $9::timestamptz[])"
                        + " ON CONFLICT (device_id, model_version) DO UPDATE SET manufacturer_id = excluded.manufacturer_id,"
                        + " device_name = excluded.device_name, use_case = excluded.use_case, risk_class = excluded.risk_class,"
                        + " power_watts = excluded.power_watts, energy_country = excluded.energy_country,"
                        + " registered_at = excluded.registered_at WHERE excluded.registered_at >= d.registered_at")
                .execute(Tuple.from(List.of(
                        rows.stream().map(DeviceRegistration::deviceId).toArray(String[]::new),
                        rows.stream().map(DeviceRegistration::modelVersion).toArray(String[]::new),
                        rows.stream().map(DeviceRegistration::manufacturerId).toArray(String[]::new),
                        rows.stream().map(DeviceRegistration::deviceName).toArray(String[]::new),
                        rows.stream().map(r -> lower(r.useCase())).toArray(String[]::new),
                        rows.stream().map(r -> riskClass(r)).toArray(String[]::new),
                        rows.stream().map(SurveillanceWriter::powerWatts).toArray(Double[]::new),
                        rows.stream().map(r -> r.energyProfile() == null || r.energyProfile().country() == null ? null
                                : r.energyProfile().country().toUpperCase(Locale.ROOT)).toArray(String[]::new),
                        rows.stream().map(r -> RollupWriter.utc(r.registeredAt())).toArray(java.time.OffsetDateTime[]::new))))
                .replaceWithVoid());
    }

    /**
     * Facility power while inferring, W, by the Green Algorithms method: the declared overall draw, or cores ×
     * W per core × usage plus memory × 0.3725 W/GB; times the PUE (1 when not declared). Null without a profile.
     */
    static Double powerWatts(DeviceRegistration r) {
        DeviceRegistration.EnergyProfile p = r.energyProfile();
        if (p == null) {
            return null;
        }
        double pue = p.pue() == null ? 1.0 : p.pue();
        try {
            if (p.watts() != null) {
                return new GreenAlgorithms.ComputeProfile(1, p.watts(), 1.0, 0, pue).watts();
            }
            if (p.cores() != null && p.wattsPerCore() != null) {
                return new GreenAlgorithms.ComputeProfile(p.cores(), p.wattsPerCore(),
                        p.coreUsage() == null ? 1.0 : p.coreUsage(), p.memoryGb() == null ? 0 : p.memoryGb(), pue).watts();
            }
        } catch (IllegalArgumentException e) {
            return null; // an implausible profile estimates nothing rather than something wrong
        }
        return null;
    }

    @WithSpan("observatory.signals.apply")
    public Uni<Void> signals(List<DriftSignal> signals) {
        List<DriftSignal> rows = signals.stream().filter(s -> s.signalId() != null)
                .sorted(Comparator.comparing(DriftSignal::signalId)).toList();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream().map(s -> Tuple.from(java.util.Arrays.asList(s.signalId(), s.deviceId(),
                s.modelVersion() == null ? "unknown" : s.modelVersion(), s.siteId(), lower(s.kind()), lower(s.severity()),
                s.metric(), s.feature(), s.subgroup(), s.statistic(), s.value(), s.claim(),
                s.interval() == null ? null : s.interval().lower(), s.interval() == null ? null : s.interval().upper(),
                s.pValue(), s.sampleSizes() == null ? null : s.sampleSizes().n(),
                s.sampleSizes() == null ? null : s.sampleSizes().labelledShare(), s.estimate(),
                RollupWriter.utc(s.detectedAt())))).toList();
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO observatory.drift_signal (signal_id, device_id,"
                        + " model_version, site_id, kind, severity, metric, feature, subgroup, statistic, value, claim,"
                        + " lower_bound, upper_bound, p_value, sample_n, labelled_share, estimate, detected_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
                        + " ON CONFLICT (signal_id) DO NOTHING")
                .executeBatch(tuples).replaceWithVoid());
    }

    @WithSpan("observatory.alerts.apply")
    public Uni<Void> alerts(List<Alert> alerts) {
        Map<UUID, Alert> latest = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (a != null && a.alertId() != null) {
                latest.merge(a.alertId(), a, (x, y) -> y.revision() > x.revision() ? y : x);
            }
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Alert> rows = latest.values().stream().sorted(Comparator.comparing(Alert::alertId)).toList();
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Alert a : rows) {
                chain = chain.chain(x -> alert(conn, a));
            }
            return chain;
        });
    }

    /** Upserts one alert when this revision is newer, and then (only then) replaces its obligations. */
    private Uni<Void> alert(SqlConnection conn, Alert a) {
        return conn.preparedQuery("INSERT INTO observatory.alert_state AS s (alert_id, revision, device_id, model_version,"
                        + " manufacturer_id, kind, severity, status, first_seen, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (alert_id) DO UPDATE SET"
                        + " revision = excluded.revision, device_id = excluded.device_id, model_version = excluded.model_version,"
                        + " manufacturer_id = excluded.manufacturer_id, kind = excluded.kind, severity = excluded.severity,"
                        + " status = excluded.status, first_seen = excluded.first_seen, updated_at = excluded.updated_at"
                        + " WHERE excluded.revision > s.revision RETURNING alert_id")
                .execute(Tuple.from(java.util.Arrays.asList(a.alertId(), a.revision(), a.deviceId(), a.modelVersion(),
                        a.manufacturerId(), lower(a.kind()), lower(a.severity()), lower(a.status()),
                        RollupWriter.utc(a.firstSeen() == null ? a.updatedAt() : a.firstSeen()),
                        RollupWriter.utc(a.updatedAt()))))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<?> delete = conn.preparedQuery("DELETE FROM observatory.alert_obligation WHERE alert_id = $1")
                            .execute(Tuple.of(a.alertId()));
                    List<Tuple> obligations = new ArrayList<>();
                    for (int i = 0; i < a.obligations().size(); i++) {
                        Alert.Obligation o = a.obligations().get(i);
                        if (o.deadline() != null) {
                            obligations.add(Tuple.from(java.util.Arrays.asList(a.alertId(), i,
                                    o.regulation() == null ? "unspecified" : o.regulation(), o.article(),
                                    o.authority(), RollupWriter.utc(o.deadline()), o.ethicsChannel())));
                        }
                    }
                    return delete.chain(x -> obligations.isEmpty() ? Uni.createFrom().voidItem()
                            : conn.preparedQuery("INSERT INTO observatory.alert_obligation (alert_id, position, regulation,"
                                    + " article, authority, deadline, ethics_channel) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                            .executeBatch(obligations).replaceWithVoid());
                });
    }

    private static String riskClass(DeviceRegistration r) {
        if (r.riskClass() == null) {
            return "unknown";
        }
        return switch (r.riskClass()) {
            case I -> "I";
            case IIA -> "IIa";
            case IIB -> "IIb";
            case III -> "III";
        };
    }

    private static String lower(Enum<?> e) {
        return e == null ? "unknown" : e.name().toLowerCase(Locale.ROOT);
    }
}
