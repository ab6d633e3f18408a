package org.vigie.drift.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.vigie.contracts.http.ProblemException;
import org.vigie.drift.domain.SeriesFigures;
import org.vigie.drift.stream.DeviceVersions;
import org.vigie.drift.stream.DriftTopology;

/**
 * Interactive queries on this instance's state stores. One instance owns all partitions in the local
 * platform; with several instances a device may live on another one, which this class does not yet
 * forward to (it answers 404 there, as for an unknown device).
 */
@ApplicationScoped
public class DriftQueries {

    private final KafkaStreams streams;

    public DriftQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public DeviceVersions device(String deviceId) {
        try {
            return this.<DeviceVersions>store(DriftTopology.DEVICES_STORE).get(deviceId);
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
    }

    public List<SeriesFigures> figures(String deviceId) {
        List<SeriesFigures> out = new ArrayList<>();
        try (KeyValueIterator<String, SeriesFigures> it = this.<SeriesFigures>store(DriftTopology.FIGURES_STORE)
                .prefixScan(deviceId + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> out.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
        return out;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** While the stores restore or rebalance: 503 with Retry-After, not a 500. */
    private static ProblemException unavailable() {
        return ProblemException.unavailable("The drift state is being restored or rebalanced; try again shortly.", 5);
    }
}
