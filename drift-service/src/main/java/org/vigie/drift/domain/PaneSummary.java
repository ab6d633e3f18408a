package org.vigie.drift.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.contracts.events.UsageAction;

/**
 * Everything Vigie keeps about one pane (a hop-sized slice of event time, or one count window) of one
 * (device, version[, site]) series: the inputs' distributions, the score's, the confidence-based
 * estimate, and — counted in the inference's pane when its outcome arrives — the labelled confusion
 * counts overall and per subgroup with the labelled scores; the clinicians' actions per site. Every part
 * is mergeable, so a hopping window is the merge of its panes.
 */
public final class PaneSummary {

    private static final byte FORMAT = 1;
    private static final int ACTIONS = UsageAction.values().length;

    private long inferences;
    private long firstEventTime = Long.MAX_VALUE;
    private long lastEventTime = Long.MIN_VALUE;
    private final Map<String, NumericFeatureSummary> numeric = new LinkedHashMap<>();
    private final Map<String, CategoricalSummary> categorical = new LinkedHashMap<>();
    private NumericFeatureSummary score = new NumericFeatureSummary();
    private ConfidenceBasedPerformanceEstimation estimate;
    private ConfusionCounts labelled = new ConfusionCounts();
    private final Map<String, ConfusionCounts> bySubgroup = new TreeMap<>();
    private LabelledScoreSummary labelledScores = new LabelledScoreSummary();
    private final Map<String, long[]> usageBySite = new TreeMap<>();

    private PaneSummary() {
    }

    public static PaneSummary empty(MonitoredVersion version) {
        PaneSummary p = new PaneSummary();
        version.numeric().forEach(f -> p.numeric.put(f.name(), new NumericFeatureSummary()));
        version.categorical().forEach(f -> p.categorical.put(f.name(), new CategoricalSummary()));
        p.estimate = new ConfidenceBasedPerformanceEstimation(version.decisionThreshold());
        return p;
    }

    /** One inference: values in the order of {@link MonitoredVersion#numeric()} and {@link MonitoredVersion#categorical()}. */
    public void addInference(long eventTime, double[] numericValues, String[] categoricalValues, double scoreValue) {
        inferences++;
        firstEventTime = Math.min(firstEventTime, eventTime);
        lastEventTime = Math.max(lastEventTime, eventTime);
        int i = 0;
        for (NumericFeatureSummary s : numeric.values()) {
            s.update(i < numericValues.length ? numericValues[i] : Double.NaN);
            i++;
        }
        i = 0;
        for (CategoricalSummary s : categorical.values()) {
            s.update(i < categoricalValues.length ? categoricalValues[i] : null);
            i++;
        }
        score.update(scoreValue);
        estimate.update(scoreValue);
    }

    /** One labelled case: the AI's decision and score against the truth, with the case's subgroups ("sex=F"). */
    public void addLabel(double scoreValue, boolean predictedPositive, boolean actuallyPositive, Iterable<String> subgroups) {
        labelled.record(predictedPositive, actuallyPositive);
        labelledScores.update(scoreValue, actuallyPositive);
        for (String g : subgroups) {
            bySubgroup.computeIfAbsent(g, k -> new ConfusionCounts()).record(predictedPositive, actuallyPositive);
        }
    }

    public void addUsage(String site, UsageAction action) {
        usageBySite.computeIfAbsent(site == null ? "" : site, k -> new long[ACTIONS])[action.ordinal()]++;
    }

    public void merge(PaneSummary other) {
        inferences += other.inferences;
        firstEventTime = Math.min(firstEventTime, other.firstEventTime);
        lastEventTime = Math.max(lastEventTime, other.lastEventTime);
        other.numeric.forEach((k, v) -> numeric.computeIfAbsent(k, x -> new NumericFeatureSummary()).merge(v));
        other.categorical.forEach((k, v) -> categorical.computeIfAbsent(k, x -> new CategoricalSummary()).merge(v));
        score.merge(other.score);
        estimate.merge(other.estimate);
        labelled.merge(other.labelled);
        other.bySubgroup.forEach((k, v) -> bySubgroup.computeIfAbsent(k, x -> new ConfusionCounts()).merge(v));
        labelledScores.merge(other.labelledScores);
        other.usageBySite.forEach((k, v) -> {
            long[] mine = usageBySite.computeIfAbsent(k, x -> new long[ACTIONS]);
            for (int i = 0; i < ACTIONS; i++) {
                mine[i] += v[i];
            }
        });
    }

    public long inferences() {
        return inferences;
    }

    public long firstEventTime() {
        return firstEventTime;
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    public Map<String, NumericFeatureSummary> numeric() {
        return numeric;
    }

    public Map<String, CategoricalSummary> categorical() {
        return categorical;
    }

    public NumericFeatureSummary score() {
        return score;
    }

    public ConfidenceBasedPerformanceEstimation estimate() {
        return estimate;
    }

    public ConfusionCounts labelled() {
        return labelled;
    }

    public Map<String, ConfusionCounts> bySubgroup() {
        return bySubgroup;
    }

    public LabelledScoreSummary labelledScores() {
        return labelledScores;
    }

    /** Usage events per site, indexed by {@link UsageAction#ordinal()}. */
    public Map<String, long[]> usageBySite() {
        return usageBySite;
    }

    /** Labelled cases over inferences of the pane, capped at 1 (NaN without inferences). */
    public double labelledShare() {
        return inferences == 0 ? Double.NaN : Math.min(1.0, (double) labelled.total() / inferences);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            out.writeLong(inferences);
            out.writeLong(firstEventTime);
            out.writeLong(lastEventTime);
            out.writeInt(numeric.size());
            for (Map.Entry<String, NumericFeatureSummary> e : numeric.entrySet()) {
                out.writeUTF(e.getKey());
                writeBytes(out, e.getValue().toBytes());
            }
            out.writeInt(categorical.size());
            for (Map.Entry<String, CategoricalSummary> e : categorical.entrySet()) {
                out.writeUTF(e.getKey());
                writeBytes(out, e.getValue().toBytes());
            }
            writeBytes(out, score.toBytes());
            writeBytes(out, estimate.toBytes());
            writeBytes(out, labelled.toBytes());
            out.writeInt(bySubgroup.size());
            for (Map.Entry<String, ConfusionCounts> e : bySubgroup.entrySet()) {
                out.writeUTF(e.getKey());
                writeBytes(out, e.getValue().toBytes());
            }
            writeBytes(out, labelledScores.toBytes());
            out.writeInt(usageBySite.size());
            for (Map.Entry<String, long[]> e : usageBySite.entrySet()) {
                out.writeUTF(e.getKey());
                for (long c : e.getValue()) {
                    out.writeLong(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    public static PaneSummary fromBytes(byte[] bytes) {
        PaneSummary p = new PaneSummary();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown PaneSummary format " + format);
            }
            p.inferences = in.readLong();
            p.firstEventTime = in.readLong();
            p.lastEventTime = in.readLong();
            for (int i = in.readInt(); i > 0; i--) {
                p.numeric.put(in.readUTF(), NumericFeatureSummary.fromBytes(readBytes(in)));
            }
            for (int i = in.readInt(); i > 0; i--) {
                p.categorical.put(in.readUTF(), CategoricalSummary.fromBytes(readBytes(in)));
            }
            p.score = NumericFeatureSummary.fromBytes(readBytes(in));
            p.estimate = ConfidenceBasedPerformanceEstimation.fromBytes(readBytes(in));
            p.labelled = ConfusionCounts.fromBytes(readBytes(in));
            for (int i = in.readInt(); i > 0; i--) {
                p.bySubgroup.put(in.readUTF(), ConfusionCounts.fromBytes(readBytes(in)));
            }
            p.labelledScores = LabelledScoreSummary.fromBytes(readBytes(in));
            for (int i = in.readInt(); i > 0; i--) {
                String site = in.readUTF();
                long[] counts = new long[ACTIONS];
                for (int a = 0; a < ACTIONS; a++) {
                    counts[a] = in.readLong();
                }
                p.usageBySite.put(site, counts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
