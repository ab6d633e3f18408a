package org.vigie.observatory.api;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Open-data CSV (RFC 4180, UTF-8, comma, header row): the answer's rows with its columns in order. A suppressed
 * count is an empty field with its {@code …Suppressed} column {@code true} — never a number, never a placeholder
 * that a spreadsheet would sum.
 */
@Provider
@Produces(CsvAnswerWriter.TEXT_CSV)
public class CsvAnswerWriter implements MessageBodyWriter<Object> {

    public static final String TEXT_CSV = "text/csv";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return (ObservatoryAnswer.class.isAssignableFrom(type) || DataDictionary.class.isAssignableFrom(type))
                && mediaType.isCompatible(MediaType.valueOf(TEXT_CSV));
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        headers.putSingle("Content-Type", TEXT_CSV + "; charset=utf-8");
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (value instanceof ObservatoryAnswer answer) {
            headers.putSingle("X-Total-Rows", Long.toString(answer.totalRows()));
            write(w, answer.columns(), answer.rows());
        } else if (value instanceof DataDictionary dictionary) {
            write(w, DataDictionary.CSV_COLUMNS, dictionary.asRows());
        }
        w.flush();
    }

    static void write(Writer w, List<String> columns, List<Map<String, Object>> rows) throws IOException {
        w.write(String.join(",", columns.stream().map(CsvAnswerWriter::field).toList()));
        w.write("\r\n");
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                Object v = row.get(columns.get(i));
                line.append(v == null ? "" : field(v.toString()));
            }
            w.write(line.append("\r\n").toString());
        }
    }

    private static String field(String s) {
        // Quote when needed; a leading = + - @ is prefixed so that a spreadsheet never evaluates a field as a formula.
        String safe = !s.isEmpty() && "=+@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
