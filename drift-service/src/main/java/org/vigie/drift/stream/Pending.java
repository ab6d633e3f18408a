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
 * logged store and folding them at once keeps the per-event cost to one small append, while a crash still
 * loses nothing (the buffer is in the same transaction as the offsets). Records are self-delimiting and
 * stored in chunks (several records concatenated under one key).
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

    /** Folds a chunk of pending records (one or more, concatenated) into its pane. */
    static void apply(byte[] bytes, PaneSummary pane) {
        read(bytes, pane);
    }

    /** How many records a chunk holds. */
    static int count(byte[] bytes) {
        return read(bytes, null);
    }

    static byte[] concat(byte[] chunk, byte[] record) {
        byte[] out = java.util.Arrays.copyOf(chunk, chunk.length + record.length);
        System.arraycopy(record, 0, out, chunk.length, record.length);
        return out;
    }

    /** Reads every record of the chunk, folding each into the pane unless it is null; returns how many. */
    private static int read(byte[] bytes, PaneSummary pane) {
        int n = 0;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            while (in.available() > 0) {
                readOne(in, pane);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private static void readOne(DataInputStream in, PaneSummary pane) throws IOException {
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
                if (pane != null) {
                    pane.addInference(time, numeric, categorical, score);
                }
            }
            case LABEL -> {
                double score = in.readDouble();
                boolean predicted = in.readBoolean();
                boolean truth = in.readBoolean();
                List<String> subgroups = readList(in);
                if (pane != null) {
                    pane.addLabel(score, predicted, truth, subgroups);
                }
            }
            case USAGE -> {
                String site = in.readUTF();
                UsageAction action = UsageAction.values()[in.readByte()];
                if (pane != null) {
                    pane.addUsage(site, action);
                }
            }
            default -> throw new IllegalArgumentException("unknown pending record");
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
