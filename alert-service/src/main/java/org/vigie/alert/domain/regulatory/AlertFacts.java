package org.vigie.alert.domain.regulatory;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vigie.alert.domain.IncidentFlag;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;

/**
 * What the regulatory rules need to know about an alert.
 *
 * @param kind             what raised it
 * @param harm             harm to a patient; NONE for a statistical signal unless an investigation found harm
 * @param category         the field report's category; required for a field report, null otherwise
 * @param flags            judgements that change the clock (public-health threat, remedial action, ...)
 * @param deviceRegulation whether the AI system is itself an MDR or IVDR device (AI Act Art. 73(10))
 * @param jurisdictions    ISO 3166-1 alpha-2 countries where the device is used; order kept, duplicates dropped
 * @param awareness        when the manufacturer (through Vigie) became aware: the start of every clock
 */
public record AlertFacts(AlertKind kind, Harm harm, FeedbackCategory category, Set<IncidentFlag> flags,
                         DeviceRegulation deviceRegulation, List<String> jurisdictions, Instant awareness) {

    public AlertFacts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deviceRegulation, "deviceRegulation");
        Objects.requireNonNull(awareness, "awareness");
        harm = harm == null ? Harm.NONE : harm;
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        if (kind == AlertKind.FIELD_REPORT && category == null) {
            throw new IllegalArgumentException("a field report has a category");
        }
        if (kind != AlertKind.FIELD_REPORT && category != null) {
            throw new IllegalArgumentException("only field reports have a category, not " + kind);
        }
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        for (String code : Objects.requireNonNull(jurisdictions, "jurisdictions")) {
            codes.add(CompetentAuthorities.normalise(code));
        }
        jurisdictions = List.copyOf(codes);
    }

    public static AlertFacts signal(AlertKind kind, DeviceRegulation regulation, List<String> jurisdictions,
                                    Instant awareness) {
        return new AlertFacts(kind, Harm.NONE, null, Set.of(), regulation, jurisdictions, awareness);
    }

    public static AlertFacts fieldReport(Harm harm, FeedbackCategory category, DeviceRegulation regulation,
                                         List<String> jurisdictions, Instant awareness) {
        return new AlertFacts(AlertKind.FIELD_REPORT, harm, category, Set.of(), regulation, jurisdictions, awareness);
    }

    public AlertFacts withFlags(IncidentFlag first, IncidentFlag... more) {
        Set<IncidentFlag> all = flags.isEmpty() ? EnumSet.noneOf(IncidentFlag.class) : EnumSet.copyOf(flags);
        all.add(first);
        all.addAll(List.of(more));
        return new AlertFacts(kind, harm, category, all, deviceRegulation, jurisdictions, awareness);
    }

    public boolean has(IncidentFlag flag) {
        return flags.contains(flag);
    }

    public boolean isEthicsConcern() {
        return category != null && category.ethical();
    }
}
