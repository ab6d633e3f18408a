package org.vigie.drift.stream;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.vigie.drift.domain.ConfusionCounts;

/**
 * The cursor of one (device, version[, site]) series: its window mode, which windows were judged, which
 * panes are still kept, and the confusion counts of its last judged performance window (what the next
 * model version is compared with).
 */
final class Series {

    enum Mode { TIME, COUNT }

    Mode mode = Mode.TIME;
    long oldestPane;
    long nextDriftEnd;
    long nextPerformanceEnd;
    long countSeq;
    long countInWindow;
    long nextPerformanceSeq;
    String baselineDescription = "";
    ConfusionCounts lastPerformance = new ConfusionCounts();

    static Series startTime(long firstPane, long windowLength) {
        Series s = new Series();
        s.oldestPane = firstPane;
        s.nextDriftEnd = firstPane + windowLength;
        s.nextPerformanceEnd = firstPane + windowLength;
        return s;
    }

    void switchToCount() {
        mode = Mode.COUNT;
        countSeq = 0;
        countInWindow = 0;
        nextPerformanceSeq = 0;
    }

    byte[] toBytes() {
        return Pending.write(out -> {
            out.writeByte(mode.ordinal());
            out.writeLong(oldestPane);
            out.writeLong(nextDriftEnd);
            out.writeLong(nextPerformanceEnd);
            out.writeLong(countSeq);
            out.writeLong(countInWindow);
            out.writeLong(nextPerformanceSeq);
            out.writeUTF(baselineDescription);
            out.write(lastPerformance.toBytes());
        });
    }

    static Series fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            Series s = new Series();
            s.mode = Mode.values()[in.readByte()];
            s.oldestPane = in.readLong();
            s.nextDriftEnd = in.readLong();
            s.nextPerformanceEnd = in.readLong();
            s.countSeq = in.readLong();
            s.countInWindow = in.readLong();
            s.nextPerformanceSeq = in.readLong();
            s.baselineDescription = in.readUTF();
            byte[] c = new byte[ConfusionCounts.BYTES];
            in.readFully(c);
            s.lastPerformance = ConfusionCounts.fromBytes(c);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
