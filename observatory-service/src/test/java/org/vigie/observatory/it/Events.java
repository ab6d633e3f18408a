package org.vigie.observatory.it;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.OutcomeSource;
import org.vigie.contracts.events.ReporterRole;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;

/** Generated telemetry: deterministic (seeded), spread over devices, versions, sites, regions and hours. */
public final class Events {

    public final List<InferenceEvent> inferences = new ArrayList<>();
    public final List<UsageEvent> usages = new ArrayList<>();
    public final List<OutcomeEvent> outcomes = new ArrayList<>();
    public final List<FeedbackEvent> feedback = new ArrayList<>();

    /**
     * @param prefix    device id prefix, so that tests sharing the database do not see each other's devices
     * @param perSite   inferences per (device, site, day): site i of region r gets perSite[i % perSite.length]
     */
    public static Events generate(long seed, String prefix, Instant firstDay, int days, int devices, String[] regions,
                                  int sitesPerRegion, int[] perSite) {
        Random random = new Random(seed);
        Events e = new Events();
        UsageAction[] actions = UsageAction.values();
        for (int day = 0; day < days; day++) {
            for (int d = 0; d < devices; d++) {
                String device = prefix + "-dev-" + d;
                String version = (day % 2 == 0 ? "1.0" : "1.1");
                int siteIndex = 0;
                for (String region : regions) {
                    for (int s = 0; s < sitesPerRegion; s++, siteIndex++) {
                        String site = prefix + "-" + region + "-site-" + s;
                        int n = perSite[siteIndex % perSite.length];
                        for (int i = 0; i < n; i++) {
                            Instant at = firstDay.plusSeconds(day * 86_400L + random.nextInt(86_400));
                            UUID id = new UUID(seed ^ random.nextLong(), random.nextLong());
                            Double joules = random.nextInt(3) == 0 ? 20.0 + random.nextInt(10) : null;
                            e.inferences.add(new InferenceEvent(null, 1, id, device, version, site, s % 2 == 0 ? "chu" : "clinic",
                                    region, at, "case-" + i, null, random.nextDouble(), 1, null,
                                    100.0 + random.nextInt(400), joules));
                            if (random.nextInt(2) == 0) {
                                e.usages.add(new UsageEvent(null, 1, new UUID(seed ^ random.nextLong(), random.nextLong()),
                                        device, version, site, region, at.plusSeconds(30), id,
                                        actions[random.nextInt(actions.length)], "radiologist", "radiology"));
                            }
                            if (random.nextInt(3) == 0) {
                                e.outcomes.add(new OutcomeEvent(null, 1, new UUID(seed ^ random.nextLong(), random.nextLong()),
                                        device, id, null, random.nextInt(2), OutcomeSource.BIOPSY, at.plusSeconds(3_600)));
                            }
                            if (random.nextInt(20) == 0) {
                                e.feedback.add(new FeedbackEvent(null, 1, new UUID(seed ^ random.nextLong(), random.nextLong()),
                                        device, version, site, region, at.plusSeconds(60), ReporterRole.PHYSICIAN,
                                        FeedbackCategory.values()[random.nextInt(FeedbackCategory.values().length)],
                                        Harm.values()[random.nextInt(2)], "wrong output on a case", null));
                            }
                        }
                    }
                }
            }
        }
        return e;
    }

    public int size() {
        return inferences.size() + usages.size() + outcomes.size() + feedback.size();
    }
}
