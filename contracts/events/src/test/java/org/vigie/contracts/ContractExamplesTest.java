package org.vigie.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.ContractSchemas.SchemaViolation;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/** Plain JUnit, no broker: every example against its schema and its Java record. */
class ContractExamplesTest {

    private final ObjectMapper mapper = VigieJson.mapper();
    private final ContractSchemas schemas = ContractSchemas.instance();

    @TestFactory
    Stream<DynamicTest> every_valid_example_validates_reads_and_round_trips() {
        return Stream.of(EventContract.values()).flatMap(c -> ContractExamples.valid(c).stream())
                .map(example -> DynamicTest.dynamicTest(example.contract() + " " + example.file(), () -> {
                    JsonNode document = mapper.readTree(example.json());
                    assertThat(schemas.validate(example.contract(), document)).isEmpty();
                    Object record = mapper.treeToValue(document, example.contract().recordType());
                    JsonNode written = mapper.valueToTree(record);
                    assertThat(schemas.validate(example.contract(), written))
                            .as("what the record writes back is valid too").isEmpty();
                    assertThat(mapper.treeToValue(written, example.contract().recordType()))
                            .as("nothing is lost in a round trip").isEqualTo(record);
                }));
    }

    @TestFactory
    Stream<DynamicTest> every_invalid_example_is_rejected_naming_the_offending_field() {
        return Stream.of(EventContract.values()).flatMap(c -> ContractExamples.invalid(c).stream())
                .map(example -> DynamicTest.dynamicTest(example.contract() + " " + example.file(), () -> {
                    List<SchemaViolation> violations =
                            schemas.validate(example.contract(), mapper.readTree(example.json()));
                    assertThat(violations).isNotEmpty();
                    assertThat(violations).anySatisfy(v -> assertThat(v.pointer())
                            .as(v.message()).startsWith(example.offendingPointer()));
                }));
    }

    @Test
    void every_contract_has_a_valid_and_several_invalid_examples() {
        for (EventContract contract : EventContract.values()) {
            assertThat(ContractExamples.valid(contract)).as(contract.name()).isNotEmpty();
            assertThat(ContractExamples.invalid(contract)).as(contract.name()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void example_indexes_list_exactly_the_files_in_each_folder() throws IOException {
        Path root = Path.of("src/main/resources", EventContract.EXAMPLE_ROOT);
        for (EventContract contract : EventContract.values()) {
            Path folder = root.resolve(contract.contractName());
            List<String> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            }
            List<String> index = Files.readAllLines(folder.resolve("index.txt")).stream()
                    .filter(l -> !l.isBlank()).sorted().toList();
            assertThat(index).as(folder.toString()).isEqualTo(files);
        }
    }
}
