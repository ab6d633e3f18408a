package org.vigie.observatory.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.vigie.contracts.topics.Topic;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.PostgresServer;

/** Writes events to the real broker and reads the real database, for the observatory's integration tests. */
public final class Telemetry {

    private Telemetry() {
    }

    /** Writes every event (duplicates included: a replay is the same events again) with acks=all. */
    public static <K, V> void send(Topic<K, V> topic, List<V> events, Function<V, K> key) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.get().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            for (V e : events) {
                producer.send(new ProducerRecord<>(topic.name(), key.apply(e), e));
            }
            producer.flush();
        }
    }

    /** A single number from the test database (as the service's owner). */
    public static long number(String sql) {
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All rows of a query, as text, for comparing snapshots. */
    public static List<String> rows(String sql) {
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.append(md.getColumnLabel(i)).append('=').append(rs.getString(i)).append(' ');
            }
            out.add(row.toString().trim());
        }
        return out;
    }

    public static void execute(String sql) {
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the query returns {@code expected}; fails with the last value after the timeout. */
    public static void awaitNumber(String sql, long expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = number(sql);
            if (last == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(last).as(sql).isEqualTo(expected);
    }
}
