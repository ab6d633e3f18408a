package org.vigie.ingest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.vigie.testkit.ServiceConventions;
import org.vigie.ingest.support.IngestTestResource;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class ServiceConventionsTest extends ServiceConventions {

    @Override
    protected String[] readinessChecks() {
        return new String[] {"Kafka", "Reactive PostgreSQL", "Database connections"};
    }

    @Override
    protected String protectedPath() {
        return "/v1/whoami";
    }
}
