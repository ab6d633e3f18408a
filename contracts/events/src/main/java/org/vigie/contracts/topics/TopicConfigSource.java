package org.vigie.contracts.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Publishes the topic names as configuration, {@code vigie.topic.<key>}, so that channel configuration
 * ({@code mp.messaging.incoming.x.topic=${vigie.topic.inferences}}) names no topic itself.
 * Low ordinal: an operator may still override a name in application.properties or the environment.
 */
public final class TopicConfigSource implements ConfigSource {

    public static final String PREFIX = "vigie.topic.";
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        for (Topic<?, ?> topic : Topics.ALL) {
            PROPERTIES.put(PREFIX + topic.key(), topic.name());
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "vigie-contracts-topics";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
