package org.vigie.drift;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.vigie.testkit.ServiceConventions;
import org.vigie.testkit.VigieTestResource;

@QuarkusTest
@WithTestResource(value = VigieTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class ServiceConventionsTest extends ServiceConventions {

    @Override
    protected String[] readinessChecks() {
        return new String[] {"Kafka Streams", "Kafka", "drift stream progress"};
    }

    @Override
    protected String protectedPath() {
        return "/v1/drift/devices/any-device";
    }
}
