package org.vigie.observatory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.vigie.observatory.it.GrafanaRoleResource;
import org.vigie.testkit.ServiceConventions;
import org.vigie.testkit.VigieTestResource;

@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class ServiceConventionsTest extends ServiceConventions {

    @Override
    protected String[] readinessChecks() {
        return new String[] {"Kafka", "Reactive PostgreSQL", "Database connections"};
    }

    @Override
    protected String protectedPath() {
        return "/v1/status";
    }
}
