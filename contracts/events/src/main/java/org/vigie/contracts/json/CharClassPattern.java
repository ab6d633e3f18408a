package org.vigie.contracts.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A matcher for the one shape of regular expression the contracts' schemas use for codes and names:
 * {@code ^} then a sequence of ASCII character classes ({@code [A-Za-z0-9._-]}) or literal characters, each with an
 * optional count ({@code {n}}, {@code {m,n}}), then {@code $} — and only when every element but the last has a fixed
 * count, so matching needs no backtracking. It answers exactly what {@code Pattern.compile(regex).matcher(s).find()}
 * answers, except that it is stricter on one point: Java's {@code $} also matches before a final line terminator,
 * which this matcher refuses (the fast schema path only answers "surely valid"; such a string goes to the full
 * validator). Anything else ({@code \d}, alternation, groups, non-ASCII) is not compiled: {@link #compile} is empty.
 */
final class CharClassPattern {

    private final boolean[][] classes;
    private final int[] min;
    private final int[] max;
    private final int fixedLength;

    private CharClassPattern(List<boolean[]> classes, List<int[]> counts) {
        this.classes = classes.toArray(new boolean[0][]);
        this.min = counts.stream().mapToInt(c -> c[0]).toArray();
        this.max = counts.stream().mapToInt(c -> c[1]).toArray();
        int fixed = 0;
        for (int i = 0; i < min.length - 1; i++) {
            fixed += min[i];
        }
        this.fixedLength = fixed;
    }

    /** The matcher for {@code regex}, or empty when it is not of the supported shape. */
    static Optional<CharClassPattern> compile(String regex) {
        if (regex.length() < 2 || regex.charAt(0) != '^' || regex.charAt(regex.length() - 1) != '$') {
            return Optional.empty();
        }
        List<boolean[]> classes = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        int i = 1;
        int end = regex.length() - 1;
        while (i < end) {
            boolean[] set = new boolean[128];
            char c = regex.charAt(i);
            if (c == '[') {
                int close = regex.indexOf(']', i + 1);
                if (close < 0 || close == i + 1 || !chars(regex.substring(i + 1, close), set)) {
                    return Optional.empty();
                }
                i = close + 1;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || "-=_:/@#%,;'\"!~`<>&".indexOf(c) >= 0)) {
                set[c] = true; // a literal that means itself outside a class
                i++;
            } else {
                return Optional.empty();
            }
            int lo = 1;
            int hi = 1;
            if (i < end && regex.charAt(i) == '{') {
                int close = regex.indexOf('}', i);
                if (close < 0 || close > end) {
                    return Optional.empty();
                }
                String[] parts = regex.substring(i + 1, close).split(",", -1);
                try {
                    lo = Integer.parseInt(parts[0]);
                    hi = parts.length == 1 ? lo : Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (parts.length > 2 || lo < 0 || hi < lo) {
                    return Optional.empty();
                }
                i = close + 1;
            } else if (i < end && "*+?".indexOf(regex.charAt(i)) >= 0) {
                return Optional.empty();
            }
            classes.add(set);
            counts.add(new int[] {lo, hi});
        }
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        for (int k = 0; k < counts.size() - 1; k++) {
            if (counts.get(k)[0] != counts.get(k)[1]) {
                return Optional.empty(); // a variable count before the end would need backtracking
            }
        }
        return Optional.of(new CharClassPattern(classes, counts));
    }

    /** The inside of a class: ASCII letters, digits and punctuation, ranges a-b; no escapes, no negation. */
    private static boolean chars(String body, boolean[] set) {
        if (body.charAt(0) == '^') {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c >= 128 || c == '\\' || c == '[' || c == '&' || Character.isWhitespace(c)) {
                return false;
            }
            boolean range = c != '-' && i + 2 < body.length() && body.charAt(i + 1) == '-';
            if (range) {
                char to = body.charAt(i + 2);
                if (to >= 128 || to < c || to == '\\' || to == '[') {
                    return false;
                }
                for (char x = c; x <= to; x++) {
                    set[x] = true;
                }
                i += 2;
            } else {
                set[c] = true;
            }
        }
        return true;
    }

    boolean matches(String s) {
        int n = s.length();
        int last = classes.length - 1;
        int tail = n - fixedLength;
        if (tail < min[last] || tail > max[last]) {
            return false;
        }
        int pos = 0;
        for (int k = 0; k <= last; k++) {
            boolean[] set = classes[k];
            int count = k == last ? tail : min[k];
            for (int j = 0; j < count; j++, pos++) {
                char c = s.charAt(pos);
                if (c >= 128 || !set[c]) {
                    return false;
                }
            }
        }
        return true;
    }
}
