package org.vigie.contracts.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.vigie.contracts.json.VigieJson;

/** REST bodies speak the same JSON dialect as the Kafka topics. */
@Singleton
public class VigieObjectMapperCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        VigieJson.configure(mapper);
    }
}
