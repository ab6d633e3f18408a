package org.vigie.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The contract schema files of one classpath folder as a schema compiler sees them ({@link FastSchema},
 * {@link StreamingSchema}): each file read once, and each {@code $ref} — within a file or to another file of the
 * folder — compiled once into the compiler's form {@code C}. A recursive reference compiles to {@code never} (the
 * contracts have none; the compilers then leave the documents to the general validator).
 */
final class SchemaFiles<C> {

    /** Keywords that carry no assertion. */
    static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "$defs", "title",
            "description", "examples", "default", "deprecated", "readOnly", "writeOnly");

    private final ObjectMapper mapper;
    private final String root;
    private final C never;
    private final BiFunction<JsonNode, String, C> compiler;
    private final Map<String, JsonNode> files = new HashMap<>();
    private final Map<String, C> compiledRefs = new HashMap<>();

    /** {@code compiler}: a schema node and the file it is in, to its compiled form. */
    SchemaFiles(ObjectMapper mapper, String root, C never, BiFunction<JsonNode, String, C> compiler) {
        this.mapper = mapper;
        this.root = root;
        this.never = never;
        this.compiler = compiler;
    }

    /** The whole file {@code root + file}, compiled. */
    C compile(String file) {
        return compiler.apply(load(file), file);
    }

    /** The compiled target of a {@code $ref} met in {@code file}. */
    C ref(String ref, String file) {
        int hash = ref.indexOf('#');
        String target = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        String targetFile = target.isEmpty() ? file : target.substring(target.lastIndexOf('/') + 1);
        String key = targetFile + "#" + pointer;
        C known = compiledRefs.get(key);
        if (known != null) {
            return known;
        }
        compiledRefs.put(key, never); // met again while being compiled: a recursive reference, refused
        JsonNode schema = load(targetFile).at(pointer);
        C compiled = schema.isMissingNode() ? never : compiler.apply(schema, targetFile);
        compiledRefs.put(key, compiled);
        return compiled;
    }

    private JsonNode load(String file) {
        return files.computeIfAbsent(file, f -> {
            try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(root + f)) {
                if (in == null) {
                    throw new IllegalStateException("schema not found: " + root + f);
                }
                return mapper.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
