package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import dev.incidenttimeline.domain.RetroExport;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A realistic fortnight of incidents in Berlin: 2026-W46 and 2026-W47 (16–22 November 2026). */
final class ReportFixtures {
    static final String TEAM = "T0001";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final IsoWeek W47 = IsoWeek.parse("2026-W47");

    private ReportFixtures() {
    }

    static Instant at(String localDateTime) {
        return at(localDateTime, BERLIN);
    }

    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static Incident incident(long number, String title, Severity severity, IncidentStatus status,
            String started, String declared, String resolved, boolean isPrivate, String dri) {
        return incident(number, title, severity, status, started == null ? null : at(started), at(declared),
                resolved == null ? null : at(resolved), isPrivate, dri);
    }

    static Incident incident(long number, String title, Severity severity, IncidentStatus status,
            Instant started, Instant declared, Instant resolved, boolean isPrivate, String dri) {
        String channel = "inc-" + declared.atZone(BERLIN).toLocalDate().toString().replace("-", "") + "-" + number;
        return new Incident(TEAM, number, title, severity, status, "C" + number, channel, isPrivate,
                "U_ANA", dri, null, null, null, null, started, null, declared, null, resolved, "U_ANA", null);
    }

    static ActionItem action(long incident, int number, String text, String owner, String due,
            ActionStatus status, String closed) {
        return action(incident, number, text, owner, due, status, closed, ActionPriority.P2, ActionKind.CLEANUP);
    }

    static ActionItem action(long incident, int number, String text, String owner, String due,
            ActionStatus status, String closed, ActionPriority priority, ActionKind kind) {
        return new ActionItem(incident, number, text, owner, due == null ? null : LocalDate.parse(due), status,
                priority, kind,
                null, "U_ANA", at("2026-11-01T12:00"), closed == null ? null : at(closed),
                closed == null ? null : owner);
    }

    static Incident written(Incident i, String summary, String impact, String rootCause) {
        return new Incident(i.teamId(), i.number(), i.title(), i.severity(), i.status(), i.channelId(),
                i.channelName(), i.isPrivate(), i.commanderId(), i.driId(), summary, impact, rootCause, null,
                i.startedAt(), i.detectedAt(), i.declaredAt(), i.mitigatedAt(), i.resolvedAt(), i.createdBy(), null);
    }

    static final Map<String, SlackUser> USERS = Map.of(
            "U_ANA", new SlackUser(TEAM, "U_ANA", "ana", "Ana Lima", "Europe/Berlin", false),
            "U_BEN", new SlackUser(TEAM, "U_BEN", "", "Ben Okafor", "Europe/Berlin", false),
            "U_CARA", new SlackUser(TEAM, "U_CARA", "cara_m", null, "Europe/Berlin", false),
            "U_DAN", new SlackUser(TEAM, "U_DAN", "dan|ops", "Dan Weiss", "Europe/Berlin", false));

    // ---- 2026-W47
    static final Incident INC41 = written(incident(41, "Checkout API returns 5xx for EU customers", Severity.SEV1,
            IncidentStatus.RESOLVED, "2026-11-16T13:52", "2026-11-16T14:05", "2026-11-16T16:15", false, "U_ANA"),
            "A bad deploy of the *checkout* service returned 5xx to EU customers; rolled back at 16:10.",
            "About 18k failed checkout attempts in the EU.",
            "A config flag defaulted to on in the new build and routed EU traffic to a drained pool.");
    static final Incident INC42 = incident(42, "Search latency p99 > 2s | after index rebuild", Severity.SEV3,
            IncidentStatus.RESOLVED, null, "2026-11-17T09:30", "2026-11-17T10:05", false, "U_CARA");
    static final Incident INC43 = written(incident(43, "Payments webhook backlog", Severity.SEV2,
            IncidentStatus.RESOLVED, "2026-11-18T22:10", "2026-11-18T22:40", "2026-11-19T03:10", false, "U_DAN"),
            "Payment webhooks queued for four hours after the broker's disk filled up.", null, null);
    static final Incident INC44 = incident(44, "Status page shows *stale* data", Severity.SEV4,
            IncidentStatus.RESOLVED, null, "2026-11-20T11:00", "2026-11-20T11:25", false, "U_BEN");
    static final Incident INC45 = incident(45, "Suspicious login activity on admin console", Severity.SEV2,
            IncidentStatus.IDENTIFIED, null, "2026-11-21T08:15", null, true, "U_ANA");
    static final Incident INC46 = incident(46, "Image thumbnails missing on <https://cdn.example.com|CDN> edge",
            Severity.SEV3, IncidentStatus.MONITORING, null, "2026-11-22T20:00", null, false, null);

    // ---- 2026-W46
    static final Incident INC37 = incident(37, "Config push broke feature flags", Severity.SEV2,
            IncidentStatus.RESOLVED, null, "2026-11-09T10:00", "2026-11-09T13:20", false, "U_BEN");
    static final Incident INC38 = incident(38, "Search index lagging", Severity.SEV3,
            IncidentStatus.RESOLVED, null, "2026-11-11T15:30", "2026-11-11T16:35", false, "U_CARA");
    static final Incident INC39 = incident(39, "Leaked API token in CI logs", Severity.SEV1,
            IncidentStatus.RESOLVED, null, "2026-11-12T07:00", "2026-11-12T12:00", true, "U_ANA");
    static final Incident INC40 = incident(40, "Email digests delayed", Severity.SEV4,
            IncidentStatus.MONITORING, null, "2026-11-14T18:00", null, false, "U_DAN");

    // ---- earlier, inside the 8 weeks of the trend
    static final Incident INC33 = incident(33, "Flaky deploys in us-east-2", Severity.SEV3,
            IncidentStatus.INVESTIGATING, null, "2026-11-03T09:00", null, false, "U_BEN");
    static final Incident INC30 = incident(30, "DNS timeouts in eu-west-1", Severity.SEV2,
            IncidentStatus.RESOLVED, "2026-10-27T08:40", "2026-10-27T09:00", "2026-10-27T11:00", false, "U_BEN");
    static final Incident INC31 = incident(31, "Kafka consumer lag", Severity.SEV3,
            IncidentStatus.RESOLVED, "2026-10-06T14:00", "2026-10-06T14:20", "2026-10-06T15:20", false, "U_CARA");

    // ---- before the trend, still open
    static final Incident INC20 = incident(20, "Intermittent 502s from the legacy admin proxy", Severity.SEV4,
            IncidentStatus.MONITORING, null, "2026-09-01T10:00", null, false, "U_DAN");

    static final List<ActionItem> ACTIONS = List.of(
            action(41, 1, "Add alert on 5xx rate per region", "U_ANA", "2026-11-20", ActionStatus.DONE,
                    "2026-11-19T15:00"),
            action(41, 2, "Write runbook for `checkout` failover", "U_BEN", "2026-11-27", ActionStatus.OPEN, null),
            action(41, 3, "Load test checkout with <@U_CARA>\nand share results", "U_CARA", "2026-11-18",
                    ActionStatus.OPEN, null),
            action(43, 1, "Replay webhook backlog", "U_DAN", "2026-11-19", ActionStatus.DONE, "2026-11-19T09:30"),
            action(43, 2, "Cap retry queue | add metrics", "U_DAN", "2026-11-30", ActionStatus.OPEN, null),
            action(45, 1, "Rotate admin credentials", "U_ANA", "2026-11-21", ActionStatus.OPEN, null),
            action(37, 1, "Migrate to new load balancer", "U_DAN", "2026-11-30", ActionStatus.DROPPED,
                    "2026-11-17T10:00"),
            action(37, 2, "Add canary for config pushes", "U_BEN", "2026-11-12", ActionStatus.OPEN, null),
            action(33, 1, "Pin deploy runner image", null, "2026-11-10", ActionStatus.OPEN, null),
            action(38, 1, "Document search reindex procedure", "U_CARA", "2026-11-25", ActionStatus.OPEN, null),
            action(41, 4, "Decide on a regional failover budget", null, null, ActionStatus.OPEN, null,
                    ActionPriority.P1, ActionKind.PROCESS),
            action(42, 1, "Alert on search p99", "U_CARA", null, ActionStatus.OPEN, null,
                    ActionPriority.P2, ActionKind.DETECT),
            action(43, 3, "Pin the webhook worker version", "U_DAN", "2026-11-24", ActionStatus.OPEN, null,
                    ActionPriority.P1, ActionKind.PREVENT),
            action(30, 1, "Lower the DNS cache TTL", "U_BEN", "2026-11-05", ActionStatus.DONE, "2026-11-04T10:00"),
            action(31, 1, "Document the consumer replay", "U_ANA", "2026-11-13", ActionStatus.DONE,
                    "2026-11-16T10:00", ActionPriority.P3, ActionKind.PROCESS));

    static final Map<Long, RetroExport> RETROS = Map.of(
            41L, new RetroExport(41, "retro-INC-41.md", null, at("2026-11-17T10:00")),
            37L, new RetroExport(37, "retro-INC-37.md", "https://example.slack.com/files/U_BEN/F37/retro-INC-37.md",
                    at("2026-11-10T10:00")));

    /** The report for 2026-W47, made on Monday morning after it. */
    static WeeklyReportInput normalWeek(boolean showPrivate) {
        return new WeeklyReportInput(
                W47,
                2,
                BERLIN,
                at("2026-11-23T09:00"),
                List.of(INC31, INC30, INC33, INC37, INC38, INC39, INC40, INC41, INC42, INC43, INC44, INC45, INC46),
                List.of(INC20),
                ACTIONS,
                Map.of(),
                RETROS,
                Set.of("43#2"),
                USERS,
                showPrivate);
    }

    /** A week of these incidents, nothing else. */
    static WeeklyReportInput weekOf(List<Incident> incidents) {
        return new WeeklyReportInput(W47, 2, BERLIN, at("2026-11-23T09:00"), incidents, List.of(), List.of(),
                Map.of(), Map.of(), Set.of(), USERS, true);
    }

    /** The report for 2026-W48, a week without incidents; follow-ups from before are still due. */
    static WeeklyReportInput emptyWeek() {
        IsoWeek w48 = W47.next();
        return new WeeklyReportInput(
                w48,
                2,
                BERLIN,
                at("2026-11-30T09:00"),
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                Set.of(),
                USERS,
                false);
    }
}
