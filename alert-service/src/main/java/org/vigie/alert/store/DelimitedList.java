package org.vigie.alert.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A list of codes or ids stored as ",A,B," text: "contains X" is then {@code LIKE '%,X,%'} in any SQL, without
 * array or JSON mapping. Values never contain commas (ISO country codes, enum names, ids checked at the edge).
 */
public final class DelimitedList {

    private DelimitedList() {
    }

    public static String write(Collection<?> values) {
        if (values == null || values.isEmpty()) {
            return ",";
        }
        StringBuilder out = new StringBuilder(",");
        for (Object value : values) {
            out.append(value).append(',');
        }
        return out.toString();
    }

    public static List<String> read(String stored) {
        if (stored == null) {
            return List.of();
        }
        return Arrays.stream(stored.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    /** The LIKE pattern that finds {@code value} in a stored list. */
    public static String containing(String value) {
        return "%," + value + ",%";
    }
}
