package org.vigie.alert;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.vigie.testkit.ServiceConventions;
import org.vigie.testkit.VigieTestResource;

@QuarkusTest
@WithTestResource(VigieTestResource.class)
class ServiceConventionsTest extends ServiceConventions {

    @Override
    protected String[] readinessChecks() {
        return new String[] {"Kafka", "Reactive PostgreSQL", "Database connections"};
    }

    @Override
    protected String protectedPath() {
        return "/v1/alerts";
    }
}
