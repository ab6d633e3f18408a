package org.vigie.drift.stream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.events.WindowKind;
import org.vigie.contracts.topics.Topics;
import org.vigie.drift.domain.ConditionState;
import org.vigie.drift.domain.DriftSettings;
import org.vigie.drift.domain.ErrorStreamMonitor;
import org.vigie.drift.domain.Finding;
import org.vigie.drift.domain.MonitoredVersion;
import org.vigie.drift.domain.PaneSummary;
import org.vigie.drift.domain.SeriesFigures;
import org.vigie.drift.domain.SignalHysteresis;
import org.vigie.drift.domain.SignalIdentity;
import org.vigie.drift.domain.WindowEvaluation;

/**
 * Owns every device of its partition: records registrations per (device, version) (telemetry that arrives before
 * its version's registration waits for it, see {@link #REGISTRATION_WAIT}), buffers events into
 * panes, joins outcomes to their inference, runs the sequential error detectors, and — on stream-time
 * punctuation — closes windows, judges them ({@link WindowEvaluation}) and publishes a signal when a
 * condition's hysteresis fires. All state is in the logged stores; the only fields are caches derived
 * from them.
 */
final class DeviceMonitor implements Processor<String, DeviceInput, String, DriftSignal> {

    private static final String ALL_SITES = "*";
    /** Pending records per stored chunk: one changelog record per chunk and commit, a short copy per append. */
    static final int PENDING_CHUNK = 32;
    /** Event ids per chunk of the join-expiry index (16 bytes each). */
    static final int EXPIRY_CHUNK = 64;
    /**
     * How long (wall clock) telemetry of an unknown (device, version) waits for its registration. Ingest accepts
     * events only for a registered version, so the registration is in Kafka first; it reaches this processor through
     * the repartition topic, visible only after the application's next commit (~1 s), while the telemetry comes
     * directly. Ten minutes covers that and a slow restart; what waits longer is dropped as "unregistered_version".
     */
    static final Duration REGISTRATION_WAIT = Duration.ofMinutes(10);
    /** At most this many inputs wait per (device, version); beyond, they are dropped as "unregistered_version". */
    static final int MAX_AWAITING_PER_VERSION = 100_000;
    /**
     * How far behind stream time the duplicate check's filter of recent ids reaches ({@link RecentJoinIds}), in
     * slices of {@link #RECENT_JOIN_SLICE}, at most {@link #RECENT_JOIN_IDS} ids; an older inference's check reads
     * the join store.
     */
    static final Duration RECENT_JOINS = Duration.ofMinutes(10);
    static final Duration RECENT_JOIN_SLICE = Duration.ofMinutes(1);
    static final int RECENT_JOIN_IDS = 1_000_000;
    private static final byte AWAITING_INFERENCE = 1;
    private static final byte AWAITING_USAGE = 2;
    private static final byte AWAITING_OUTCOME = 3;

    private final DriftSettings settings;
    private final DriftTelemetry telemetry;
    private final long hop;
    private final long length;
    private ProcessorContext<String, DriftSignal> context;
    private KeyValueStore<String, DeviceRegistration> registrations;
    private KeyValueStore<String, DeviceVersions> devices;
    private KeyValueStore<String, byte[]> series;
    private KeyValueStore<String, byte[]> panes;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> baselines;
    private KeyValueStore<String, byte[]> joins;
    private KeyValueStore<String, byte[]> joinExpiry;
    private KeyValueStore<String, byte[]> detectors;
    private KeyValueStore<String, byte[]> conditions;
    private KeyValueStore<String, SeriesFigures> figures;
    private KeyValueStore<String, byte[]> awaiting;
    /** Inputs waiting per (device, version) (derived from the awaiting store: counted on first use after init). */
    private final Map<String, Integer> awaitingCounts = new HashMap<>();
    private long unplacedSequence;
    /** Records buffered per pane (derived from the pending store; recounted in init). */
    private final Map<String, Integer> pendingCounts = new HashMap<>();
    private final Map<String, MonitoredVersion> versions = new HashMap<>();
    /**
     * The earliest stream time at which a time-window series has a window to judge (derived from the series
     * store: unknown after init, recomputed by each full scan, lowered when a series is written), so that the
     * punctuation does not open a store iterator and decode every series when nothing is due.
     */
    private long nextDue = Long.MIN_VALUE;
    /**
     * The earliest TTL horizon at which the expiry index has something to expire (derived from the index the same
     * way: unknown after init, recomputed by each expiry scan, lowered when a join is indexed).
     */
    private long nextExpiry = Long.MIN_VALUE;
    /** Width of the expiry index's time buckets: joins expire up to one bucket width after their TTL. */
    private final long expiryBucket;
    /**
     * The ids joined in the last {@link #RECENT_JOINS} of event time, so that an inference's duplicate check reads
     * the join store only when its id may be there (derived from the join store: in init, empty and complete from
     * after the last indexed join).
     */
    private RecentJoinIds recentJoins;
    /** Per expiry bucket, its last chunk as stored (derived from the index; read lazily, dropped in init). */
    private final Map<Long, ExpiryChunk> expiryChunks = new HashMap<>();

    /** The last chunk of an expiry bucket: its sequence number and the ids it holds, as in the store. */
    private static final class ExpiryChunk {
        int sequence;
        byte[] ids = new byte[0];
    }

    DeviceMonitor(DriftSettings settings, DriftTelemetry telemetry) {
        this.settings = settings;
        this.telemetry = telemetry;
        this.hop = settings.windowHop().toMillis();
        this.length = settings.windowLength().toMillis();
        this.expiryBucket = expiryBucket(settings);
    }

    /** A thousandth of the TTL (2.16 h for 90 days), at least the punctuation interval. */
    static long expiryBucket(DriftSettings settings) {
        return Math.max(1, Math.max(settings.evaluationInterval().toMillis(), settings.joinTtl().toMillis() / 1000));
    }

    @Override
    public void init(ProcessorContext<String, DriftSignal> context) {
        this.context = context;
        registrations = context.getStateStore(DriftTopology.REGISTRATIONS_STORE);
        devices = context.getStateStore(DriftTopology.DEVICES_STORE);
        series = context.getStateStore(DriftTopology.SERIES_STORE);
        panes = context.getStateStore(DriftTopology.PANES_STORE);
        pending = context.getStateStore(DriftTopology.PENDING_STORE);
        baselines = context.getStateStore(DriftTopology.BASELINES_STORE);
        joins = context.getStateStore(DriftTopology.JOIN_STORE);
        joinExpiry = context.getStateStore(DriftTopology.JOIN_EXPIRY_STORE);
        detectors = context.getStateStore(DriftTopology.DETECTORS_STORE);
        conditions = context.getStateStore(DriftTopology.CONDITIONS_STORE);
        figures = context.getStateStore(DriftTopology.FIGURES_STORE);
        awaiting = context.getStateStore(DriftTopology.AWAITING_REGISTRATION_STORE);
        awaitingCounts.clear();
        // The fields are caches derived from the stores: after a restart, or a task revived after an aborted
        // transaction (same instance, stores rolled back to the changelog), they are rebuilt, never trusted.
        pendingCounts.clear();
        versions.clear();
        nextDue = Long.MIN_VALUE;
        nextExpiry = Long.MIN_VALUE;
        expiryChunks.clear();
        recentJoins = new RecentJoinIds(RECENT_JOIN_SLICE.toMillis(), RECENT_JOIN_IDS, afterLastIndexedJoin());
        // The pending buffer survived in its store (restored from the changelog); recount it.
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                pendingCounts.merge(kv.key.substring(0, kv.key.lastIndexOf('|')), Pending.count(kv.value), Integer::sum);
            }
        }
        context.schedule(settings.evaluationInterval(), PunctuationType.STREAM_TIME, this::closeWindows);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::expireAwaiting);
    }

    @Override
    public void process(Record<String, DeviceInput> record) {
        DeviceInput in = record.value();
        if (in.registration() != null) {
            onRegistration(in.registration());
        } else if (in.inference() != null) {
            onInference(in.inference(), record.timestamp());
        } else if (in.outcome() != null) {
            onOutcome(in.outcome(), record.timestamp());
        } else if (in.usage() != null) {
            onUsage(in.usage(), record.timestamp());
        }
    }

    // ---- inputs --------------------------------------------------------------------------------------

    private void onRegistration(DeviceRegistration r) {
        String dv = r.deviceId() + "|" + r.modelVersion();
        registrations.put(dv, r);
        versions.remove(dv);
        DeviceVersions known = devices.get(r.deviceId());
        if (known == null) {
            known = new DeviceVersions(r.deviceId(), r.manufacturerId(), r.jurisdictions(), List.of());
        }
        devices.put(r.deviceId(), known.with(r.manufacturerId(), r.jurisdictions(), r.modelVersion()));
        replayAwaiting(dv);
    }

    // ---- telemetry that overtook its registration ----------------------------------------------------

    /**
     * Keeps an input of a (device, version) not registered yet, in the logged awaiting store (so a restart keeps it
     * too), keyed by version, event time, the record's place in its topic and the event's id (unique, and the same
     * when a record is processed again after an aborted transaction; an outcome re-queued during a replay has the
     * registration's place, and its own id); false when it cannot wait (no device or version, or the
     * version already has {@link #MAX_AWAITING_PER_VERSION} waiting).
     */
    private boolean await(String deviceId, String modelVersion, byte kind, long time, UUID eventId, byte[] event) {
        if (deviceId == null || modelVersion == null) {
            return false;
        }
        String dv = deviceId + "|" + modelVersion;
        int waiting = awaitingCount(dv);
        if (waiting >= MAX_AWAITING_PER_VERSION) {
            return false;
        }
        String place = context.recordMetadata().map(m -> m.topic() + "|" + m.partition() + "|" + m.offset())
                .orElseGet(() -> "#" + unplacedSequence++); // no record metadata (a unit test's context): still unique
        String key = dv + "|" + String.format("%019d", Math.max(0, time)) + "|" + place + "|" + eventId;
        awaiting.put(key, new Awaiting(kind, time, context.currentSystemTimeMs(), event).toBytes());
        awaitingCounts.put(dv, waiting + 1);
        return true;
    }

    private int awaitingCount(String dv) {
        Integer n = awaitingCounts.get(dv);
        if (n == null) {
            int counted = 0;
            try (KeyValueIterator<String, byte[]> it = awaiting.prefixScan(dv + "|", new StringSerializer())) {
                while (it.hasNext()) {
                    it.next();
                    counted++;
                }
            }
            n = counted;
            awaitingCounts.put(dv, n);
        }
        return n;
    }

    /** A model version of the device with inputs awaiting its registration, or null (the usual case: none). */
    private String awaitingVersion(String deviceId) {
        if (deviceId == null) {
            return null;
        }
        try (KeyValueIterator<String, byte[]> it = awaiting.prefixScan(deviceId + "|", new StringSerializer())) {
            if (!it.hasNext()) {
                return null;
            }
            String key = it.next().key;
            int versionStart = deviceId.length() + 1;
            return key.substring(versionStart, key.indexOf('|', versionStart));
        }
    }

    /** The registration came: the inputs that waited for it are processed now, in event-time order, then forgotten. */
    private void replayAwaiting(String dv) {
        List<KeyValue<String, byte[]>> waited = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = awaiting.prefixScan(dv + "|", new StringSerializer())) {
            while (it.hasNext()) {
                waited.add(it.next());
            }
        }
        awaitingCounts.remove(dv);
        for (KeyValue<String, byte[]> kv : waited) {
            awaiting.delete(kv.key);
            Awaiting in = Awaiting.fromBytes(kv.value);
            if (in.kind() == AWAITING_INFERENCE) {
                onInference(Topics.INFERENCES.valueSerde().deserialize(Topics.INFERENCES.name(), in.event()), in.time());
            } else if (in.kind() == AWAITING_OUTCOME) {
                onOutcome(Topics.OUTCOMES.valueSerde().deserialize(Topics.OUTCOMES.name(), in.event()), in.time());
            } else {
                onUsage(Topics.USAGES.valueSerde().deserialize(Topics.USAGES.name(), in.event()), in.time());
            }
        }
    }

    /**
     * One input awaiting its registration as stored: its kind, event time, arrival (wall clock, for the expiry) and
     * the event as its topic's JSON.
     */
    private record Awaiting(byte kind, long time, long arrival, byte[] event) {

        private static final int ARRIVAL_OFFSET = 1 + Long.BYTES;

        byte[] toBytes() {
            return ByteBuffer.allocate(ARRIVAL_OFFSET + Long.BYTES + event.length)
                    .put(kind).putLong(time).putLong(arrival).put(event).array();
        }

        static Awaiting fromBytes(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte kind = b.get();
            long time = b.getLong();
            long arrival = b.getLong();
            byte[] event = new byte[b.remaining()];
            b.get(event);
            return new Awaiting(kind, time, arrival, event);
        }

        /** The arrival alone, without copying the event (the expiry scan reads every waiting input). */
        static long arrivalOf(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong(ARRIVAL_OFFSET);
        }
    }

    /** Wall-clock punctuation: inputs that waited longer than {@link #REGISTRATION_WAIT} are dropped. */
    private void expireAwaiting(long now) {
        long cutoff = now - REGISTRATION_WAIT.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = awaiting.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (Awaiting.arrivalOf(kv.value) < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        for (String key : expired) {
            awaiting.delete(key);
            telemetry.dropped("unregistered_version");
        }
        if (!expired.isEmpty()) {
            awaitingCounts.clear(); // recounted on next use
        }
    }

    private void onInference(InferenceEvent e, long time) {
        MonitoredVersion v = version(e.deviceId(), e.modelVersion());
        if (v == null) {
            if (!await(e.deviceId(), e.modelVersion(), AWAITING_INFERENCE, time, e.eventId(),
                    Topics.INFERENCES.valueSerde().serialize(Topics.INFERENCES.name(), e))) {
                telemetry.dropped("unregistered_version");
            }
            return;
        }
        if (e.eventId() != null && recentJoins.mayContain(e.eventId(), time) && joins.get(e.eventId().toString()) != null) {
            // The same inference again: the broker can hold a record twice when an ack was lost as it failed and
            // the device retried. Its eventId is in the join store until its outcome arrives (or the TTL), which
            // covers such retries; it is counted once.
            telemetry.dropped("duplicate_inference");
            return;
        }
        String sk = seriesKey(e.deviceId(), e.modelVersion(), settings.perSite() ? e.siteId() : null);
        Series s = loadSeries(sk);
        boolean changed = false;
        if (s == null) {
            s = Series.startTime(paneOf(time), length);
            changed = true;
        }
        long paneId;
        String paneKey;
        if (s.mode == Series.Mode.TIME) {
            paneId = paneOf(time);
            if (paneId + length < s.nextDriftEnd) {
                telemetry.dropped("late_event");
                if (changed) {
                    putSeries(sk, s);
                }
                return;
            }
            if (paneId < s.oldestPane) {
                s.oldestPane = paneId;
                changed = true;
            }
            paneKey = timePane(sk, paneId);
        } else {
            paneId = s.countSeq;
            paneKey = countPane(sk, paneId);
            s.countInWindow++;
            changed = true;
        }
        double[] numeric = new double[v.numeric().size()];
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = number(e.features().get(v.numeric().get(i).name()));
        }
        String[] categorical = new String[v.categorical().size()];
        for (int i = 0; i < categorical.length; i++) {
            Object c = e.features().get(v.categorical().get(i).name());
            categorical[i] = c == null ? null : c.toString();
        }
        addPending(paneKey, Pending.inference(time, e.score(), numeric, categorical), v);
        if (e.eventId() != null) {
            List<String> groups = new ArrayList<>();
            for (String attribute : v.subgroupAttributes()) {
                String value = e.subgroups().get(attribute);
                if (value != null) {
                    groups.add(attribute + "=" + value);
                }
            }
            Pending.Join join = new Pending.Join(sk, paneKey, paneId, time, e.score(),
                    v.predictsPositive(e.score(), e.predictedLabel()), groups);
            joins.put(e.eventId().toString(), join.toBytes());
            indexForExpiry(e.eventId(), time);
            recentJoins.add(e.eventId(), time);
        }
        if (s.mode == Series.Mode.COUNT && s.countInWindow >= settings.countWindowEvents()) {
            closeCountWindow(sk, s, v);
        }
        if (changed) {
            putSeries(sk, s);
        }
    }

    private void onOutcome(OutcomeEvent o, long time) {
        if (o.inferenceEventId() == null) {
            telemetry.dropped("outcome_without_inference");
            return;
        }
        String id = o.inferenceEventId().toString();
        byte[] bytes = joins.get(id);
        if (bytes == null) {
            // Its inference may be among the device's inputs awaiting their registration (an outcome names no model
            // version: it waits with the first version of the device that has inputs waiting, after them in time).
            String waitingVersion = awaitingVersion(o.deviceId());
            if (waitingVersion == null || !await(o.deviceId(), waitingVersion, AWAITING_OUTCOME, time, o.eventId(),
                    Topics.OUTCOMES.valueSerde().serialize(Topics.OUTCOMES.name(), o))) {
                telemetry.dropped("outcome_unmatched");
            }
            return;
        }
        Pending.Join join = Pending.Join.fromBytes(bytes);
        // Its entry in the expiry index stays until its bucket expires: the join store is the truth there.
        joins.delete(id);
        String[] parts = join.seriesKey().split("\\|");
        MonitoredVersion v = version(parts[0], parts[1]);
        if (v == null) {
            return;
        }
        boolean truth = o.trueLabel() == 1;
        String dv = parts[0] + "|" + parts[1];
        ErrorStreamMonitor monitor = loadDetectors(dv);
        ErrorStreamMonitor.Alarm alarm = monitor.update(join.predicted() != truth, settings);
        detectors.put(dv, monitor.toBytes());
        if (alarm != null) {
            fireSequential(v, alarm, time);
        }
        Series s = loadSeries(join.seriesKey());
        boolean open = s != null && (join.paneKey().contains("|t")
                ? s.mode == Series.Mode.TIME && join.paneId() + length >= s.nextPerformanceEnd
                : s.mode == Series.Mode.COUNT && join.paneId() >= s.nextPerformanceSeq);
        if (!open) {
            telemetry.dropped("label_after_window");
            return;
        }
        addPending(join.paneKey(), Pending.label(join.score(), join.predicted(), truth, join.subgroups()), v);
    }

    private void onUsage(UsageEvent u, long time) {
        MonitoredVersion v = version(u.deviceId(), u.modelVersion());
        if (v == null && u.action() != null && await(u.deviceId(), u.modelVersion(), AWAITING_USAGE, time, u.eventId(),
                Topics.USAGES.valueSerde().serialize(Topics.USAGES.name(), u))) {
            return;
        }
        if (v == null || u.action() == null) {
            telemetry.dropped("unregistered_version");
            return;
        }
        String sk = seriesKey(u.deviceId(), u.modelVersion(), settings.perSite() ? u.siteId() : null);
        Series s = loadSeries(sk);
        if (s == null) {
            s = Series.startTime(paneOf(time), length);
            putSeries(sk, s);
        }
        String paneKey;
        if (s.mode == Series.Mode.TIME) {
            long paneId = paneOf(time);
            if (paneId + length < s.nextDriftEnd || paneId < s.oldestPane) {
                telemetry.dropped("late_event");
                return;
            }
            paneKey = timePane(sk, paneId);
        } else {
            paneKey = countPane(sk, s.countSeq);
        }
        addPending(paneKey, Pending.usage(u.siteId(), u.action()), v);
    }

    // ---- panes ---------------------------------------------------------------------------------------

    /**
     * Appends the record to the pane's current chunk of {@link #PENDING_CHUNK} records. The pending store is
     * cached, so the repeated puts to one chunk coalesce until the commit: about one changelog record per
     * chunk instead of a record and a tombstone per event.
     */
    private void addPending(String paneKey, byte[] record, MonitoredVersion v) {
        int n = pendingCounts.getOrDefault(paneKey, 0);
        String key = paneKey + "|" + pad(n / PENDING_CHUNK, 10);
        byte[] chunk = pending.get(key);
        pending.put(key, chunk == null ? record : Pending.concat(chunk, record));
        pendingCounts.put(paneKey, n + 1);
        if (n + 1 >= settings.pendingBatch()) {
            fold(paneKey, v);
        }
    }

    /** Folds the pane's pending records into its summary and returns it (null when the pane is empty). */
    private PaneSummary fold(String paneKey, MonitoredVersion v) {
        byte[] stored = panes.get(paneKey);
        if (!pendingCounts.containsKey(paneKey)) {
            return stored == null ? null : PaneSummary.fromBytes(stored);
        }
        PaneSummary pane = stored == null ? PaneSummary.empty(v) : PaneSummary.fromBytes(stored);
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = pending.prefixScan(paneKey + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Pending.apply(kv.value, pane);
                done.add(kv.key);
            }
        }
        done.forEach(pending::delete);
        pendingCounts.remove(paneKey);
        panes.put(paneKey, pane.toBytes());
        return pane;
    }

    private void dropPane(String paneKey) {
        if (pendingCounts.containsKey(paneKey)) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = pending.prefixScan(paneKey + "|", new StringSerializer())) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(pending::delete);
            pendingCounts.remove(paneKey);
        }
        panes.delete(paneKey);
    }

    private PaneSummary timeWindow(String sk, MonitoredVersion v, long end) {
        PaneSummary w = PaneSummary.empty(v);
        for (long p = end - length; p < end; p += hop) {
            PaneSummary pane = fold(timePane(sk, p), v);
            if (pane != null) {
                w.merge(pane);
            }
        }
        return w;
    }

    // ---- windows -------------------------------------------------------------------------------------

    private void closeWindows(long now) {
        if (now >= nextDue) {
            judgeDueWindows(now);
        }
        expireJoins(now);
        recentJoins.forgetBefore(now - RECENT_JOINS.toMillis());
    }

    /**
     * A time after every join in the store: every join is indexed for expiry under its time (a chunk's key holds
     * its bucket's start, an entry of the former layout the time itself), so the last key of the index bounds them
     * (Long.MIN_VALUE when the index, so the store, is empty).
     */
    private long afterLastIndexedJoin() {
        try (KeyValueIterator<String, byte[]> it = joinExpiry.reverseAll()) {
            return it.hasNext() ? Long.parseLong(it.next().key.substring(0, 13)) + expiryBucket : Long.MIN_VALUE;
        }
    }

    private void judgeDueWindows(long now) {
        long due = Long.MAX_VALUE;
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = series.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String sk : keys) {
            Series s = Series.fromBytes(series.get(sk));
            if (s.mode != Series.Mode.TIME) {
                continue;
            }
            String[] parts = sk.split("\\|");
            MonitoredVersion v = version(parts[0], parts[1]);
            if (v == null) {
                due = Math.min(due, due(s));
                continue;
            }
            long grace = settings.grace().toMillis();
            while (s.mode == Series.Mode.TIME && s.nextDriftEnd + grace <= now) {
                judgeTimeDrift(sk, s, v, s.nextDriftEnd);
                s.nextDriftEnd += hop;
            }
            long labelDelay = settings.labelDelay().toMillis();
            while (s.mode == Series.Mode.TIME && s.nextPerformanceEnd + grace + labelDelay <= now) {
                PaneSummary w = timeWindow(sk, v, s.nextPerformanceEnd);
                judgePerformance(sk, s, v, new WindowEvaluation.WindowRef(WindowKind.TIME,
                        s.nextPerformanceEnd - length, s.nextPerformanceEnd, w.inferences(), site(parts)), w);
                s.nextPerformanceEnd += hop;
            }
            long keepFrom = Math.min(s.nextDriftEnd, s.nextPerformanceEnd) - length;
            for (long p = s.oldestPane; p < keepFrom; p += hop) {
                dropPane(timePane(sk, p));
            }
            if (s.mode == Series.Mode.TIME) {
                s.oldestPane = Math.max(s.oldestPane, keepFrom);
                due = Math.min(due, due(s));
            }
            series.put(sk, s.toBytes());
        }
        nextDue = due;
    }

    private void putSeries(String sk, Series s) {
        series.put(sk, s.toBytes());
        if (s.mode == Series.Mode.TIME) {
            nextDue = Math.min(nextDue, due(s));
        }
    }

    /** The stream time at which the series' next drift or performance window is judged. */
    private long due(Series s) {
        long grace = settings.grace().toMillis();
        return Math.min(s.nextDriftEnd + grace, s.nextPerformanceEnd + grace + settings.labelDelay().toMillis());
    }

    private void judgeTimeDrift(String sk, Series s, MonitoredVersion v, long end) {
        PaneSummary w = timeWindow(sk, v, end);
        String[] parts = sk.split("\\|");
        WindowEvaluation.WindowRef ref = new WindowEvaluation.WindowRef(WindowKind.TIME, end - length, end,
                w.inferences(), site(parts));
        if (w.inferences() > 0 && w.inferences() < settings.minWindowEvents() && settings.countWindowEvents() > 0) {
            // Too few events for a time window to have power: this series continues with count windows.
            for (long p = s.oldestPane; p <= paneOf(Math.max(end, context.currentStreamTimeMs())); p += hop) {
                dropPane(timePane(sk, p));
            }
            s.switchToCount();
            recordFigures(sk, v, ref, w, List.of(), true, "fewer than " + settings.minWindowEvents()
                    + " inferences in a time window: switched to count windows of " + settings.countWindowEvents(), s);
            return;
        }
        judgeDrift(sk, s, v, ref, w);
    }

    private void closeCountWindow(String sk, Series s, MonitoredVersion v) {
        String[] parts = sk.split("\\|");
        PaneSummary w = fold(countPane(sk, s.countSeq), v);
        if (w != null) {
            judgeDrift(sk, s, v, countRef(w, parts), w);
        }
        long judged = s.countSeq - settings.countLabelDelayWindows();
        if (judged >= s.nextPerformanceSeq && judged >= 0) {
            PaneSummary p = fold(countPane(sk, judged), v);
            if (p != null) {
                judgePerformance(sk, s, v, countRef(p, parts), p);
            }
            dropPane(countPane(sk, judged));
            s.nextPerformanceSeq = judged + 1;
        }
        s.countSeq++;
        s.countInWindow = 0;
    }

    private WindowEvaluation.WindowRef countRef(PaneSummary w, String[] parts) {
        long start = w.inferences() == 0 ? 0 : w.firstEventTime();
        long end = w.inferences() == 0 ? 0 : w.lastEventTime();
        return new WindowEvaluation.WindowRef(WindowKind.COUNT, start, end, w.inferences(), site(parts));
    }

    private void judgeDrift(String sk, Series s, MonitoredVersion v, WindowEvaluation.WindowRef ref, PaneSummary w) {
        telemetry.windowJudged("drift");
        WindowEvaluation evaluation = new WindowEvaluation(v, settings, ref);
        byte[] stored = baselines.get(sk + "|features");
        PaneSummary baseline = stored == null ? null : PaneSummary.fromBytes(stored);
        if (baseline == null && w.inferences() >= settings.minWindowEvents()) {
            // The first judged window of a version is its baseline for whatever has no registered reference.
            baselines.put(sk + "|features", w.toBytes());
            s.baselineDescription = "baseline: first " + (ref.kind() == WindowKind.TIME ? "window " : "count window ")
                    + Instant.ofEpochMilli(ref.start()) + " to " + Instant.ofEpochMilli(ref.end()) + " of version "
                    + v.modelVersion() + " (n=" + w.inferences() + ")";
        }
        List<Finding> findings = new ArrayList<>(evaluation.dataDrift(w, baseline, s.baselineDescription));
        Map<String, long[]> usageBaseline = new TreeMap<>();
        for (Map.Entry<String, long[]> e : w.usageBySite().entrySet()) {
            String key = sk + "|usage|" + e.getKey();
            byte[] b = baselines.get(key);
            if (b != null) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b);
                usageBaseline.put(e.getKey(), new long[] {buffer.getLong(), buffer.getLong()});
            } else {
                long[] d = WindowEvaluation.decisions(e.getValue());
                if (d[0] >= settings.usageMinimumEvents()) {
                    baselines.put(key, java.nio.ByteBuffer.allocate(16).putLong(d[0]).putLong(d[1]).array());
                }
            }
        }
        findings.addAll(evaluation.usageShift(w, usageBaseline));
        findings.addAll(evaluation.estimatedPerformance(w));
        apply(findings, closedAt(ref, w, 0));
        recordFigures(sk, v, ref, w, findings, true, w.inferences() < settings.minWindowEvents()
                ? "fewer than " + settings.minWindowEvents() + " inferences: not tested" : null, s);
    }

    private void judgePerformance(String sk, Series s, MonitoredVersion v, WindowEvaluation.WindowRef ref, PaneSummary w) {
        telemetry.windowJudged("performance");
        WindowEvaluation evaluation = new WindowEvaluation(v, settings, ref);
        List<Finding> findings = new ArrayList<>(evaluation.performance(w));
        findings.addAll(evaluation.subgroupGaps(w));
        findings.addAll(evaluation.versionRegression(w, previousVersion(sk, v)));
        if (w.labelled().total() > 0) {
            s.lastPerformance = w.labelled();
        }
        apply(findings, closedAt(ref, w, settings.labelDelay().toMillis()));
        // The sequential detectors' condition clears when a whole window passes without an alarm.
        String dv = v.deviceId() + "|" + v.modelVersion();
        String errorKey = errorConditionKey(v);
        byte[] c = conditions.get(errorKey);
        if (c != null && ConditionState.fromBytes(c).firing()) {
            ErrorStreamMonitor monitor = loadDetectors(dv);
            ConditionState state = ConditionState.fromBytes(c);
            state.evaluate(monitor.takeAlarmSinceLastWindow());
            conditions.put(errorKey, state.toBytes());
            detectors.put(dv, monitor.toBytes());
        }
        recordFigures(sk, v, ref, w, findings, false, null, s);
    }

    private WindowEvaluation.PreviousVersion previousVersion(String sk, MonitoredVersion v) {
        DeviceVersions known = devices.get(v.deviceId());
        String previous = known == null ? null : known.previous(v.modelVersion());
        if (previous == null) {
            return null;
        }
        String[] parts = sk.split("\\|");
        byte[] b = series.get(v.deviceId() + "|" + previous + "|" + parts[2]);
        if (b == null) {
            return null;
        }
        Series p = Series.fromBytes(b);
        return p.lastPerformance.total() == 0 ? null : new WindowEvaluation.PreviousVersion(previous, p.lastPerformance);
    }

    // ---- conditions and signals ----------------------------------------------------------------------

    /**
     * Feeds each decided finding to its condition's hysteresis and publishes the signal when it fires.
     * {@code detectedAt} is when the window closed in event time (its end plus grace, or its last event),
     * never the wall clock or the punctuation's moment, so a replay after a crash rebuilds the same signal.
     */
    private void apply(List<Finding> findings, Instant detectedAt) {
        for (Finding f : findings) {
            if (f.status() == Finding.Status.INSUFFICIENT_DATA) {
                continue;
            }
            byte[] stored = conditions.get(f.conditionKey());
            ConditionState state = stored == null
                    ? new ConditionState(new SignalHysteresis(settings.fireAfter(), settings.clearAfter()), 0)
                    : ConditionState.fromBytes(stored);
            long firing = state.evaluate(f.status() == Finding.Status.PRESENT);
            conditions.put(f.conditionKey(), state.toBytes());
            if (firing > 0) {
                emit(f.signal(SignalIdentity.signalId(f.conditionKey(), firing), detectedAt));
            }
        }
    }

    private void fireSequential(MonitoredVersion v, ErrorStreamMonitor.Alarm alarm, long time) {
        String key = errorConditionKey(v);
        byte[] stored = conditions.get(key);
        ConditionState state = stored == null
                ? new ConditionState(new SignalHysteresis(1, settings.clearAfter()), 0) : ConditionState.fromBytes(stored);
        if (state.firing()) {
            return;
        }
        long firing = state.evaluate(true);
        conditions.put(key, state.toBytes());
        WindowEvaluation evaluation = new WindowEvaluation(v, settings,
                new WindowEvaluation.WindowRef(WindowKind.COUNT, time, time, alarm.observations(), null));
        DriftSignal evidence = evaluation.errorRateChange(alarm.detector(), alarm.inControlRate(), alarm.recentRate(),
                alarm.observations(), alarm.statistic(), alarm.threshold(), alarm.tunedRate());
        if (firing > 0) {
            emit(new Finding(Finding.Status.PRESENT, evidence).signal(SignalIdentity.signalId(key, firing), Instant.ofEpochMilli(time)));
        }
    }

    private Instant closedAt(WindowEvaluation.WindowRef ref, PaneSummary w, long delay) {
        if (ref.kind() == WindowKind.TIME) {
            return Instant.ofEpochMilli(ref.end() + settings.grace().toMillis() + delay);
        }
        return Instant.ofEpochMilli(Math.max(0, w.inferences() == 0 ? context.currentStreamTimeMs() : w.lastEventTime()));
    }

    private String errorConditionKey(MonitoredVersion v) {
        return SignalIdentity.conditionKey(v.deviceId(), v.modelVersion(), SignalKind.ERROR_RATE_CHANGE, "error_rate",
                null, null, null);
    }

    private void emit(DriftSignal signal) {
        telemetry.signal(signal.kind());
        context.forward(new Record<>(signal.deviceId(), signal, signal.detectedAt().toEpochMilli()));
    }

    private void recordFigures(String sk, MonitoredVersion v, WindowEvaluation.WindowRef ref, PaneSummary w,
                               List<Finding> findings, boolean drift, String note, Series s) {
        SeriesFigures current = figures.get(sk);
        if (current == null) {
            current = new SeriesFigures(v.deviceId(), v.modelVersion(), ref.siteId(), ref.kind(), null, null, null);
        }
        double share = w.labelledShare();
        SeriesFigures.WindowFigures wf = new SeriesFigures.WindowFigures(ref.kind(), Instant.ofEpochMilli(ref.start()),
                Instant.ofEpochMilli(ref.end()), w.inferences(), Double.isFinite(share) ? share : null, note,
                findings.stream().map(SeriesFigures.Figure::of).toList());
        figures.put(sk, drift ? current.withDrift(wf, s.baselineDescription.isEmpty() ? null : s.baselineDescription)
                : current.withPerformance(wf));
    }

    // ---- joins ---------------------------------------------------------------------------------------

    /**
     * Adds the inference to its time bucket's current chunk in the expiry index. The index is cached, so the appends
     * to a chunk coalesce until the commit (about one changelog record per chunk instead of one per inference), and an
     * outcome does not touch it (the expiry checks the join store).
     */
    private void indexForExpiry(java.util.UUID eventId, long time) {
        long bucket = Math.floorDiv(time, expiryBucket) * expiryBucket;
        ExpiryChunk chunk = expiryChunks.get(bucket);
        if (chunk == null) {
            chunk = lastExpiryChunk(bucket);
            expiryChunks.put(bucket, chunk);
        }
        if (chunk.ids.length >= 16 * EXPIRY_CHUNK) {
            chunk.sequence++;
            chunk.ids = new byte[0];
        }
        byte[] ids = java.util.Arrays.copyOf(chunk.ids, chunk.ids.length + 16);
        java.nio.ByteBuffer.wrap(ids, ids.length - 16, 16).putLong(eventId.getMostSignificantBits())
                .putLong(eventId.getLeastSignificantBits());
        joinExpiry.put(expiryChunkKey(bucket, chunk.sequence), ids);
        chunk.ids = ids;
        nextExpiry = Math.min(nextExpiry, bucket + expiryBucket - 1);
    }

    /** The bucket's last stored chunk, or an empty chunk 0. */
    private ExpiryChunk lastExpiryChunk(long bucket) {
        ExpiryChunk last = new ExpiryChunk();
        try (KeyValueIterator<String, byte[]> it = joinExpiry.range(expiryChunkKey(bucket, 0), expiryChunkKey(bucket, 999_999_999))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                last.sequence = Integer.parseInt(kv.key.substring(14));
                last.ids = kv.value;
            }
        }
        return last;
    }

    /**
     * Deletes the joins whose outcome never came within the TTL. The index holds chunks of event ids per time bucket
     * ({@code <bucket start, 13 digits>#<sequence, 9 digits>}), expired once the whole bucket is past the horizon,
     * and, from state written before the chunks, single entries {@code <time, 13 digits>|<eventId>} with an empty
     * value, which are still expired one by one.
     */
    private void expireJoins(long now) {
        long horizon = now - settings.joinTtl().toMillis();
        if (horizon <= 0 || horizon < nextExpiry) {
            return;
        }
        List<KeyValue<String, byte[]>> expired = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, byte[]> it = joinExpiry.range(pad(0, 13), null)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long time = Long.parseLong(kv.key.substring(0, 13));
                long expiresAt = kv.key.charAt(13) == '#' ? time + expiryBucket - 1 : time;
                if (expiresAt > horizon) {
                    next = expiresAt;
                    break;
                }
                expired.add(kv);
            }
        }
        nextExpiry = next;
        for (KeyValue<String, byte[]> kv : expired) {
            joinExpiry.delete(kv.key);
            if (kv.key.charAt(13) == '#') {
                expiryChunks.remove(Long.parseLong(kv.key.substring(0, 13)));
                java.nio.ByteBuffer ids = java.nio.ByteBuffer.wrap(kv.value);
                while (ids.remaining() >= 16) {
                    expireJoin(new java.util.UUID(ids.getLong(), ids.getLong()).toString(), horizon);
                }
            } else {
                expireJoin(kv.key.substring(14), horizon);
            }
        }
    }

    /** The join, if it is still waiting and is as old as its index entry (not an inference sent again later). */
    private void expireJoin(String eventId, long horizon) {
        byte[] join = joins.get(eventId);
        if (join != null && Pending.Join.fromBytes(join).time() <= horizon) {
            joins.delete(eventId);
            telemetry.dropped("outcome_never_arrived");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private MonitoredVersion version(String deviceId, String version) {
        if (deviceId == null || version == null) {
            return null;
        }
        String dv = deviceId + "|" + version;
        MonitoredVersion v = versions.get(dv);
        if (v == null) {
            DeviceRegistration r = registrations.get(dv);
            if (r == null) {
                return null;
            }
            v = MonitoredVersion.of(r);
            versions.put(dv, v);
        }
        return v;
    }

    private Series loadSeries(String sk) {
        byte[] b = series.get(sk);
        return b == null ? null : Series.fromBytes(b);
    }

    private ErrorStreamMonitor loadDetectors(String dv) {
        byte[] b = detectors.get(dv);
        return b == null ? new ErrorStreamMonitor() : ErrorStreamMonitor.fromBytes(b);
    }

    private long paneOf(long time) {
        return Math.floorDiv(time, hop) * hop;
    }

    static String seriesKey(String deviceId, String version, String site) {
        return deviceId + "|" + version + "|" + (site == null ? ALL_SITES : site);
    }

    private static String site(String[] seriesKeyParts) {
        return ALL_SITES.equals(seriesKeyParts[2]) ? null : seriesKeyParts[2];
    }

    private static String timePane(String sk, long pane) {
        return sk + "|t" + pad(pane, 13);
    }

    private static String countPane(String sk, long seq) {
        return sk + "|c" + pad(seq, 10);
    }

    private static String expiryChunkKey(long bucket, int sequence) {
        return pad(bucket, 13) + "#" + pad(sequence, 9);
    }

    /** {@code String.format("%0<width>d", value)} for a non-negative value, without a Formatter per event. */
    static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
