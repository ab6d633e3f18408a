package org.vigie.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The table matcher against the JDK's regex, on every pattern of the contracts' schemas and hand-picked ones. */
class CharClassPatternTest {

    private static final String ALPHABET = "AZaz09GgM5_.-+/$=<>:@ \n\té2ABb";

    @Test
    void never_accepts_what_the_regex_refuses_and_refuses_only_trailing_line_terminators_it_accepts() throws Exception {
        List<String> regexes = new ArrayList<>(schemaPatterns());
        regexes.addAll(List.of("^[A-Z]{2}$", "^[A-G][0-9]{2,6}$", "^a-b=[x-z]{0,3}$", "^[+-]{1,2}$", "^[a-]{2}$"));
        Random random = new Random(11);
        int compiled = 0;
        long compared = 0;
        for (String regex : regexes) {
            var simple = CharClassPattern.compile(regex);
            if (simple.isEmpty()) {
                continue;
            }
            compiled++;
            List<String> samples = samples(regex, random);
            for (String s : samples) {
                boolean jdk = Pattern.compile(regex).matcher(s).find();
                boolean fast = simple.get().matches(s);
                if (fast) {
                    assertThat(jdk).as("%s on %s", regex, s).isTrue();
                } else if (jdk) {
                    assertThat(s).as("%s refused %s that the regex accepts", regex, s).matches("(?s).*[\\n\\r\\u0085\\u2028\\u2029]");
                }
                compared++;
            }
        }
        assertThat(compiled).as("patterns compiled").isGreaterThanOrEqualTo(15);
        assertThat(compared).isGreaterThan(1_000_000);
    }

    @Test
    void other_shapes_stay_regular_expressions() {
        for (String regex : List.of("^(?:[0-9]{2}|2A|2B)[0-9]{7}$", "^[a-z]+$", "^\\d{3}$", "[a-z]{3}", "^[^a]{2}$",
                "^[a-z]{0,3}[0-9]{2}$", "^[a-z&&[^b]]{2}$", "^.{2}$", "^$")) {
            assertThat(CharClassPattern.compile(regex)).as(regex).isEmpty();
        }
    }

    @Test
    void known_answers() {
        CharClassPattern deviceId = CharClassPattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$").orElseThrow();
        assertThat(deviceId.matches("ecg-reader.v2")).isTrue();
        assertThat(deviceId.matches("x")).isTrue();
        assertThat(deviceId.matches("")).isFalse();
        assertThat(deviceId.matches("-x")).isFalse();
        assertThat(deviceId.matches("a".repeat(64))).isTrue();
        assertThat(deviceId.matches("a".repeat(65))).isFalse();
        assertThat(deviceId.matches("ab\n")).isFalse(); // the JDK says yes; the full validator decides
        CharClassPattern uuid = CharClassPattern.compile(
                "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$").orElseThrow();
        assertThat(uuid.matches("0b7e7a52-62f4-4c4e-9a0e-0d2f5d2d6a11")).isTrue();
        assertThat(uuid.matches("0b7e7a52-62f4-4c4e-9a0e-0d2f5d2d6a1")).isFalse();
        assertThat(uuid.matches("0b7e7a52x62f4-4c4e-9a0e-0d2f5d2d6a11")).isFalse();
    }

    /** Strings near each pattern: its own characters, lengths around its bounds, mutations, other characters. */
    private static List<String> samples(String regex, Random random) {
        String own = regex.replaceAll("[\\^$\\[\\]{}0-9,]", "") + ALPHABET;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            int length = random.nextInt(i % 4 == 0 ? 80 : 40);
            StringBuilder b = new StringBuilder(length);
            String alphabet = i % 3 == 0 ? ALPHABET : own;
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(b.toString());
        }
        // Strings the pattern itself generates, then one character changed.
        List<Element> elements = elements(regex);
        for (int i = 0; i < 40_000; i++) {
            String s = generate(elements, random);
            out.add(s);
            if (!s.isEmpty()) {
                char[] chars = s.toCharArray();
                chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                out.add(new String(chars));
                out.add(s + "\n");
                out.add(s + s.charAt(0));
            }
        }
        return out;
    }

    private static final Pattern ELEMENT = Pattern.compile("(\\[[^\\]]+\\]|[^\\[{])(?:\\{(\\d+)(?:,(\\d+))?\\})?");

    private record Element(List<Character> members, int lo, int hi) {
    }

    /** The elements of a pattern of the supported shape, each with its members by the JDK's own reading. */
    private static List<Element> elements(String regex) {
        List<Element> out = new ArrayList<>();
        Matcher m = ELEMENT.matcher(regex.substring(1, regex.length() - 1));
        while (m.find()) {
            int lo = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int hi = m.group(3) == null ? lo : Integer.parseInt(m.group(3));
            List<Character> members = new ArrayList<>();
            for (char c = 0; c < 128; c++) {
                if (Pattern.matches(m.group(1), String.valueOf(c))) {
                    members.add(c);
                }
            }
            out.add(new Element(members, lo, hi));
        }
        return out;
    }

    /** A string matched by the pattern whose elements are given. */
    private static String generate(List<Element> elements, Random random) {
        StringBuilder out = new StringBuilder();
        for (Element e : elements) {
            int count = e.lo() + random.nextInt(e.hi() - e.lo() + 1);
            for (int k = 0; k < count; k++) {
                out.append(e.members().get(random.nextInt(e.members().size())));
            }
        }
        return out.toString();
    }

    /** Every "pattern" of the contracts' JSON schemas. */
    private static List<String> schemaPatterns() throws IOException, URISyntaxException {
        Path dir = Path.of(CharClassPatternTest.class.getResource("/org/vigie/contracts/schemas/").toURI());
        List<String> out = new ArrayList<>();
        Pattern keyword = Pattern.compile("\"pattern\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Matcher m = keyword.matcher(new String(in.readAllBytes()));
                    while (m.find()) {
                        out.add(m.group(1).replace("\\\\", "\\"));
                    }
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(10);
        return out;
    }
}
