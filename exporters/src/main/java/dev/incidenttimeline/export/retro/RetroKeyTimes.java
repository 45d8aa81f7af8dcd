package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The key moments of a retro and where each came from. A moment a person set wins (the
 * latest setting); otherwise: started is the earliest timeline entry, detected the first
 * Detection entry (else the declaration), mitigated the first change to {@code monitoring}
 * (else the first Mitigation entry), resolved the change to {@code resolved}. The intervals
 * are computed from these.
 */
final class RetroKeyTimes {
    static final String NOT_RECORDED = "not recorded";

    /** A moment and where it came from; {@code at} null when there is none. */
    record Moment(Instant at, String source, RetroModel.Person setBy) {
        static final Moment NONE = new Moment(null, null, null);
    }

    private final Incident incident;
    private final RetroFormat format;
    private final Map<KeyMoment.Moment, KeyMoment> set = new EnumMap<>(KeyMoment.Moment.class);
    private Instant earliest;
    private Instant firstDetection;
    private Instant firstMitigation;
    private Instant firstMonitoring;

    RetroKeyTimes(Incident incident, List<KeyMoment> moments, RetroFormat format) {
        this.incident = incident;
        this.format = format;
        for (KeyMoment m : moments) {
            KeyMoment before = set.get(m.moment());
            if (before == null || m.id() > before.id()) {
                set.put(m.moment(), m);
            }
        }
    }

    /** Called for every live timeline entry, in time order. */
    void see(TimelineEntry e) {
        if (earliest == null || e.occurredAt().isBefore(earliest)) {
            earliest = e.occurredAt();
        }
        if (e.kind() == EntryKind.DETECTION && firstDetection == null) {
            firstDetection = e.occurredAt();
        } else if (e.kind() == EntryKind.MITIGATION && firstMitigation == null) {
            firstMitigation = e.occurredAt();
        } else if (e.kind() == EntryKind.STATUS && firstMonitoring == null && e.text().strip().endsWith("→ monitoring")) {
            firstMonitoring = e.occurredAt();
        }
    }

    Moment started() {
        return setOr(KeyMoment.Moment.STARTED, earliest(), "earliest timeline entry");
    }

    private Instant earliest() {
        Instant a = incident.startedAt();
        if (a == null || earliest != null && earliest.isBefore(a)) {
            return earliest;
        }
        return a;
    }

    Moment detected() {
        Moment m = setOr(KeyMoment.Moment.DETECTED, firstDetection != null ? firstDetection : incident.detectedAt(),
                "first Detection entry");
        return m.at() != null ? m : new Moment(incident.declaredAt(), "the declaration", null);
    }

    Moment declared() {
        return new Moment(incident.declaredAt(), "the declaration", null);
    }

    Moment mitigated() {
        if (set.containsKey(KeyMoment.Moment.MITIGATED)) {
            return setOr(KeyMoment.Moment.MITIGATED, null, null);
        }
        if (firstMonitoring != null) {
            return new Moment(firstMonitoring, "status change to monitoring", null);
        }
        Instant first = firstMitigation != null ? firstMitigation : incident.mitigatedAt();
        return first == null ? Moment.NONE : new Moment(first, "first Mitigation entry", null);
    }

    Moment resolved() {
        return setOr(KeyMoment.Moment.RESOLVED, incident.resolvedAt(), "status change to resolved");
    }

    private Moment setOr(KeyMoment.Moment which, Instant fallback, String fallbackSource) {
        KeyMoment m = set.get(which);
        if (m != null) {
            RetroModel.Person by = format.person(m.setBy());
            return new Moment(m.at(), "set by " + (by == null ? m.setBy() : by.label()), by);
        }
        return fallback == null ? Moment.NONE : new Moment(fallback, fallbackSource, null);
    }

    List<RetroModel.KeyTime> keyTimes() {
        return List.of(
                keyTime("started", "Started", started()),
                keyTime("detected", "Detected", detected()),
                keyTime("declared", "Declared", declared()),
                keyTime("mitigated", "Mitigated", mitigated()),
                keyTime("resolved", "Resolved", resolved()));
    }

    List<RetroModel.Interval> intervals() {
        Moment started = started();
        return List.of(
                interval("timeToDetect", "Time to detect", started, detected()),
                interval("timeToMitigate", "Time to mitigate", started, mitigated()),
                interval("timeToResolve", "Time to resolve", started, resolved()));
    }

    private RetroModel.KeyTime keyTime(String name, String label, Moment m) {
        String command = switch (name) {
            case "declared" -> null;
            case "resolved" -> "/incident resolved-at <time>";
            default -> "/incident " + name + " <time>";
        };
        return new RetroModel.KeyTime(name, label, RetroFormat.iso(m.at()),
                m.at() == null ? NOT_RECORDED : format.when(m.at()), m.source(), m.setBy(), command);
    }

    private static RetroModel.Interval interval(String name, String label, Moment from, Moment to) {
        if (from.at() == null || to.at() == null) {
            return new RetroModel.Interval(name, label, null, NOT_RECORDED);
        }
        Duration d = Duration.between(from.at(), to.at());
        if (d.isNegative()) {
            return new RetroModel.Interval(name, label, d.getSeconds(), "before the start: check the key moments");
        }
        return new RetroModel.Interval(name, label, d.getSeconds(), DurationText.format(d));
    }
}
