package org.vigie.contracts.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The examples shipped with the contracts, read by the tests of both sides: a producer proves it writes
 * what the schema accepts, a consumer proves it reads every valid example and refuses every invalid one.
 * Valid examples are frozen once released, so they also prove that evolution stays backward compatible.
 */
public final class ContractExamples {

    private ContractExamples() {
    }

    public record Example(EventContract contract, String file, String json) {
    }

    /** An invalid document and the JSON pointer of the field a validator must name. */
    public record InvalidExample(EventContract contract, String file, String json, String offendingPointer) {
    }

    public static List<Example> valid(EventContract contract) {
        List<Example> examples = new ArrayList<>();
        for (String file : index(contract)) {
            if (file.startsWith("valid-")) {
                examples.add(new Example(contract, file, read(contract.exampleFolder() + file)));
            }
        }
        return examples;
    }

    public static List<InvalidExample> invalid(EventContract contract) {
        Properties pointers = new Properties();
        try (InputStream in = open(contract.exampleFolder() + "invalid.properties")) {
            pointers.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<InvalidExample> examples = new ArrayList<>();
        for (String file : index(contract)) {
            if (file.startsWith("invalid-")) {
                String pointer = pointers.getProperty(file);
                if (pointer == null) {
                    throw new IllegalStateException("No expected pointer for " + contract.exampleFolder() + file);
                }
                examples.add(new InvalidExample(contract, file, read(contract.exampleFolder() + file), pointer));
            }
        }
        return examples;
    }

    /** The first valid example of a contract, a convenient fixture. */
    public static String first(EventContract contract) {
        return valid(contract).get(0).json();
    }

    static List<String> index(EventContract contract) {
        return read(contract.exampleFolder() + "index.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    private static String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = ContractExamples.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing contracts resource " + resource);
        }
        return in;
    }
}
