package org.vigie.drift.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.vigie.contracts.events.UsageAction;
import org.vigie.drift.domain.PaneSummary;

/**
 * Compact records of events not yet folded into their pane. Updating a pane's sketches costs a
 * deserialization and a serialization of the whole pane; buffering a few hundred small records in a
 * logged store and folding them at once keeps the per-event cost to one small put, while a crash still
 * loses nothing (the buffer is in the same transaction as the offsets).
 */
final class Pending {

    private static final byte INFERENCE = 1;
    private static final byte LABEL = 2;
    private static final byte USAGE = 3;

    private Pending() {
    }

    static byte[] inference(long time, double score, double[] numeric, String[] categorical) {
        return write(out -> {
            out.writeByte(INFERENCE);
            out.writeLong(time);
            out.writeDouble(score);
            out.writeShort(numeric.length);
            for (double v : numeric) {
                out.writeDouble(v);
            }
            out.writeShort(categorical.length);
            for (String c : categorical) {
                writeNullable(out, c);
            }
        });
    }

    static byte[] label(double score, boolean predicted, boolean truth, List<String> subgroups) {
        return write(out -> {
            out.writeByte(LABEL);
            out.writeDouble(score);
            out.writeBoolean(predicted);
            out.writeBoolean(truth);
            writeList(out, subgroups);
        });
    }

    static byte[] usage(String site, UsageAction action) {
        return write(out -> {
            out.writeByte(USAGE);
            out.writeUTF(site == null ? "" : site);
            out.writeByte(action.ordinal());
        });
    }

    /** Folds one pending record into its pane. */
    static void apply(byte[] bytes, PaneSummary pane) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            switch (in.readByte()) {
                case INFERENCE -> {
                    long time = in.readLong();
                    double score = in.readDouble();
                    double[] numeric = new double[in.readShort()];
                    for (int i = 0; i < numeric.length; i++) {
                        numeric[i] = in.readDouble();
                    }
                    String[] categorical = new String[in.readShort()];
                    for (int i = 0; i < categorical.length; i++) {
                        categorical[i] = readNullable(in);
                    }
                    pane.addInference(time, numeric, categorical, score);
                }
                case LABEL -> {
                    double score = in.readDouble();
                    boolean predicted = in.readBoolean();
                    boolean truth = in.readBoolean();
                    pane.addLabel(score, predicted, truth, readList(in));
                }
                case USAGE -> pane.addUsage(in.readUTF(), UsageAction.values()[in.readByte()]);
                default -> throw new IllegalArgumentException("unknown pending record");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An inference waiting for its outcome: where it was counted and what the AI said. */
    record Join(String seriesKey, String paneKey, long paneId, long time, double score, boolean predicted,
                List<String> subgroups) {

        byte[] toBytes() {
            return write(out -> {
                out.writeUTF(seriesKey);
                out.writeUTF(paneKey);
                out.writeLong(paneId);
                out.writeLong(time);
                out.writeDouble(score);
                out.writeBoolean(predicted);
                writeList(out, subgroups);
            });
        }

        static Join fromBytes(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                String series = in.readUTF();
                String pane = in.readUTF();
                long paneId = in.readLong();
                long time = in.readLong();
                double score = in.readDouble();
                boolean predicted = in.readBoolean();
                return new Join(series, pane, paneId, time, score, predicted, readList(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeShort(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = in.readShort(); i > 0; i--) {
            values.add(in.readUTF());
        }
        return values;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
