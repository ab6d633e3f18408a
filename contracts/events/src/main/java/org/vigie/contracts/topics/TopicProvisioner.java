package org.vigie.contracts.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the contracts' topics with their descriptors' settings. Idempotent: existing topics are left as
 * they are. Used by the local platform and the test kit; in Kubernetes the same descriptors produce
 * Strimzi KafkaTopic resources instead.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** Creates the missing topics among {@code topics}; returns the names it created. */
    public static List<String> ensure(Admin admin, Collection<Topic<?, ?>> topics, short replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            if (!existing.contains(topic.name())) {
                missing.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.configs()));
            }
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another process may have created it between list and create: that is fine.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    public static List<String> ensureAll(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        return ensure(admin, Topics.ALL, (short) 1);
    }
}
