package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Incidents the retro tests render: built in code so that every case is visible here. */
final class RetroFixtures {
    static final String TEAM = "T0ACME";
    static final String ALICE = "U0ALICE";
    static final String BOB = "U0BOB";
    static final String DANA = "U0DANA";
    /** Has written in the channel but is not in the user cache: shown by id. */
    static final String GHOST = "U0GHOST";
    static final String CHANNEL = "C0INC42";
    static final Instant GENERATED_AT = Instant.parse("2026-11-22T10:00:00Z");
    /** The rich incident's last change: what its retro is written as of, whenever it is rendered. */
    static final Instant LAST_CHANGE = Instant.parse("2026-11-21T09:00:00Z");

    static final Map<String, SlackUser> USERS = Map.of(
            ALICE, new SlackUser(TEAM, ALICE, "alice", "Alice Chen", "Europe/Berlin", false),
            BOB, new SlackUser(TEAM, BOB, "", "Bob Martin", "America/New_York", false),
            DANA, new SlackUser(TEAM, DANA, null, "Dana Okafor", "UTC", false));

    private RetroFixtures() {
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    static Incident incident(long number, String title, IncidentStatus status, Instant declaredAt,
            Instant resolvedAt) {
        return new Incident(TEAM, number, title, Severity.SEV3, status, null, null, false, null, null, null, null,
                null, null, null, null, declaredAt, null, resolvedAt, ALICE, null);
    }

    static TimelineEntry entry(long id, EntryKind kind, EntrySource source, String at, String author, String text) {
        return new TimelineEntry(id, 42, kind, source, Instant.parse(at), author, text, null, null, null, null, null,
                false);
    }

    /** An entry made from a Slack message: it has the message's ts, thread and permalink. */
    static TimelineEntry message(long id, EntryKind kind, String at, String author, String text, String threadTs,
            boolean deleted) {
        Instant t = Instant.parse(at);
        String ts = t.getEpochSecond() + ".000100";
        return new TimelineEntry(id, 42, kind, EntrySource.REACTION, t, author, text, CHANNEL, ts,
                threadTs, "https://acme.slack.com/archives/" + CHANNEL + "/p" + ts.replace(".", ""), ALICE, deleted);
    }

    /** A title and nothing else. */
    static RetroInput titleOnly() {
        Incident incident = incident(1, "Title only", IncidentStatus.INVESTIGATING, at("2026-11-20T08:00:00Z"), null);
        return new RetroInput(incident, List.of(), List.of(), List.of(), Map.of(), null);
    }

    /** A short, ordinary incident. */
    static RetroInput small() {
        Incident incident = new Incident(TEAM, 7, "Slow search results", Severity.SEV4, IncidentStatus.MONITORING,
                "C0INC7", "inc-20261120-slow-search", false, DANA, null,
                "Search p95 latency rose to 4 s after the index rebuild.", null, null, null,
                null, null, at("2026-11-20T14:05:00Z"), at("2026-11-20T14:40:00Z"), null, DANA, null);
        List<TimelineEntry> entries = List.of(
                entry(1, EntryKind.DECLARED, EntrySource.COMMAND, "2026-11-20T14:05:00Z", DANA,
                        "Declared INC-7: Slow search results (SEV4)"),
                message(2, EntryKind.FINDING, "2026-11-20T14:21:30Z", DANA,
                        "The rebuild left the `products` index with 1 shard instead of 6", null, false),
                message(3, EntryKind.MITIGATION, "2026-11-20T14:40:00Z", DANA, "Reindexed with 6 shards", null,
                        false),
                entry(4, EntryKind.STATUS, EntrySource.COMMAND, "2026-11-20T14:41:00Z", DANA,
                        "Status: investigating → monitoring"));
        List<ActionItem> actions = List.of(new ActionItem(7, 1, "Check shard count after every index rebuild", DANA,
                null, ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, null, DANA, at("2026-11-20T14:45:00Z"), null, null));
        List<Participant> participants = List.of(new Participant(7, DANA, at("2026-11-20T14:05:00Z")));
        return new RetroInput(incident, entries, actions, participants, USERS, null);
    }

    /**
     * A rich incident over two days: threads, deleted entries, every section filled, an
     * overdue item, and a user missing from the cache.
     */
    static RetroInput rich() {
        Incident incident = new Incident(TEAM, 42, "Primary database failover", Severity.SEV2,
                IncidentStatus.RESOLVED, CHANNEL, "inc-20261117-db-failover", false, ALICE, BOB,
                "The primary PostgreSQL node *db-main-1* stopped accepting writes when its disk filled up.\n"
                        + "Checkout failed until <@" + BOB + "> promoted the replica.",
                "About 25 minutes of failed checkouts (roughly 1,900 orders); no data was lost.",
                "WAL archiving stalled after the storage migration, so `pg_wal` grew until the disk was full.",
                "- disk alerts watched only the data volume\n- the storage migration runbook had no archiving check",
                at("2026-11-17T23:30:00Z"), null, at("2026-11-17T23:41:00Z"), null, at("2026-11-18T02:15:00Z"),
                ALICE, null);
        String parentTs = at("2026-11-17T23:47:05Z").getEpochSecond() + ".000100";
        List<TimelineEntry> entries = new ArrayList<>();
        entries.add(message(101, EntryKind.DETECTION, "2026-11-17T23:38:12Z", ALICE,
                "<!here> checkout error rate above 5% <https://grafana.example.com/d/abc?orgId=1&amp;from=now-1h|dashboard>",
                null, false));
        entries.add(entry(102, EntryKind.DECLARED, EntrySource.COMMAND, "2026-11-17T23:41:00Z", ALICE,
                "Declared INC-42: Primary database failover (SEV2)"));
        entries.add(entry(103, EntryKind.PARTICIPANT, EntrySource.SYSTEM, "2026-11-17T23:44:00Z", BOB,
                "<@" + BOB + "> joined"));
        entries.add(message(104, EntryKind.FINDING, "2026-11-17T23:47:05Z", BOB,
                "Primary `db-main-1` is not accepting writes: _could not write to file \"pg_wal/xlogtemp\"_",
                null, false));
        entries.add(message(105, EntryKind.EVENT, "2026-11-17T23:49:40Z", GHOST,
                "disk on db_main_1 is at 100% | see df output", parentTs, false));
        entries.add(message(106, EntryKind.EVENT, "2026-11-17T23:52:00Z", ALICE, "wrong channel, ignore", null,
                true));
        entries.add(entry(107, EntryKind.STATUS, EntrySource.COMMAND, "2026-11-17T23:55:00Z", ALICE,
                "Status: investigating → identified"));
        entries.add(message(108, EntryKind.MITIGATION, "2026-11-18T00:03:00Z", BOB,
                "Promoted replica db-main-2 to primary; writes are recovering", null, false));
        entries.add(message(109, EntryKind.ROOT_CAUSE, "2026-11-18T00:10:00Z", BOB,
                "WAL archiving stalled after the storage migration, so pg_wal filled the disk.\n"
                        + "Alerting only watched the data volume.",
                null, false));
        entries.add(message(110, EntryKind.ROOT_CAUSE, "2026-11-18T00:11:00Z", GHOST, "it was DNS", null, true));
        entries.add(entry(111, EntryKind.NOTE, EntrySource.COMMAND, "2026-11-18T00:12:00Z", ALICE,
                "Customers saw failed checkouts for ~25 minutes"));
        entries.add(message(112, EntryKind.ACTION, "2026-11-18T00:20:00Z", ALICE, "We need an alert on pg_wal usage",
                null, false));
        entries.add(message(113, EntryKind.MITIGATION, "2026-11-18T00:31:00Z", GHOST,
                "Cleared old WAL segments on db-main-1 and re-enabled archiving", parentTs, false));
        entries.add(entry(114, EntryKind.SEVERITY, EntrySource.COMMAND, "2026-11-18T00:45:00Z", ALICE,
                "Severity: SEV1 → SEV2"));
        entries.add(entry(115, EntryKind.ROLE, EntrySource.COMMAND, "2026-11-18T00:46:00Z", ALICE,
                "DRI: <@" + BOB + ">"));
        entries.add(entry(116, EntryKind.RESOLVED, EntrySource.COMMAND, "2026-11-18T02:15:00Z", ALICE,
                "Resolved"));
        List<ActionItem> actions = List.of(
                new ActionItem(42, 2, "Write a runbook for promoting a replica", ALICE, LocalDate.parse("2026-12-01"),
                        ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, "https://tracker.example.com/OPS-812", ALICE, at("2026-11-18T00:50:00Z"),
                        null, null),
                new ActionItem(42, 1, "Alert on `pg_wal` usage above 80%", BOB, LocalDate.parse("2026-11-20"),
                        ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, null, ALICE, at("2026-11-18T00:20:00Z"), null, null),
                new ActionItem(42, 3, "Check WAL archiving in the storage migration runbook", GHOST,
                        LocalDate.parse("2026-11-19"), ActionStatus.DONE, ActionPriority.P2, ActionKind.CLEANUP, null, ALICE, at("2026-11-18T00:55:00Z"),
                        at("2026-11-19T16:00:00Z"), GHOST),
                new ActionItem(42, 4, "Move to managed PostgreSQL", null, null, ActionStatus.DROPPED, ActionPriority.P2, ActionKind.CLEANUP, null, ALICE,
                        at("2026-11-18T01:00:00Z"), at("2026-11-21T09:00:00Z"), ALICE),
                new ActionItem(42, 5, "Alert on WAL archiving lag", null, null, ActionStatus.OPEN, ActionPriority.P1,
                        ActionKind.DETECT, null, ALICE, at("2026-11-18T01:05:00Z"), null, null),
                new ActionItem(42, 6, "Review disk sizing of every database host", DANA, LocalDate.parse("2026-11-30"),
                        ActionStatus.OPEN, ActionPriority.P3, ActionKind.PREVENT, null, ALICE,
                        at("2026-11-18T01:06:00Z"), null, null));
        List<Participant> participants = List.of(
                new Participant(42, GHOST, at("2026-11-17T23:49:00Z")),
                new Participant(42, BOB, at("2026-11-17T23:44:00Z")),
                new Participant(42, ALICE, at("2026-11-17T23:41:00Z")));
        // Detected was set twice: the later setting wins. Resolved is taken from the status change.
        List<KeyMoment> moments = List.of(
                new KeyMoment(42, 1, KeyMoment.Moment.DETECTED, at("2026-11-17T23:40:00Z"), ALICE,
                        at("2026-11-18T09:00:00Z")),
                new KeyMoment(42, 2, KeyMoment.Moment.STARTED, at("2026-11-17T23:30:00Z"), BOB,
                        at("2026-11-18T09:01:00Z")),
                new KeyMoment(42, 3, KeyMoment.Moment.DETECTED, at("2026-11-17T23:38:00Z"), BOB,
                        at("2026-11-18T09:02:00Z")),
                new KeyMoment(42, 4, KeyMoment.Moment.MITIGATED, at("2026-11-18T00:05:00Z"), BOB,
                        at("2026-11-18T09:03:00Z")));
        Instant noted = at("2026-11-18T09:10:00Z");
        List<RetroNote> notes = List.of(
                new RetroNote(42, RetroNote.Section.CHAIN, 1, null, "The storage migration paused WAL archiving",
                        BOB, noted, null),
                new RetroNote(42, RetroNote.Section.CHAIN, 2, null, "`pg_wal` grew until the disk of db-main-1 was full",
                        BOB, noted, null),
                new RetroNote(42, RetroNote.Section.CHAIN, 3, null, "The primary stopped accepting writes, so checkout failed",
                        BOB, noted, null),
                new RetroNote(42, RetroNote.Section.FACTOR, 1, null, "Disk alerts watched only the data volume", ALICE,
                        noted, null),
                new RetroNote(42, RetroNote.Section.FACTOR, 2, null, "Removed: not a factor", ALICE, noted,
                        at("2026-11-18T09:20:00Z")),
                new RetroNote(42, RetroNote.Section.FACTOR, 3, null, "The migration runbook had no archiving check",
                        ALICE, noted, null),
                new RetroNote(42, RetroNote.Section.LEARNING, 1, RetroNote.Learning.WENT_WELL,
                        "The replica was promoted within 20 minutes", ALICE, noted, null),
                new RetroNote(42, RetroNote.Section.LEARNING, 2, RetroNote.Learning.WENT_WRONG,
                        "Nobody knew the promotion steps by heart", BOB, noted, null),
                new RetroNote(42, RetroNote.Section.LEARNING, 3, RetroNote.Learning.LUCKY,
                        "It happened before the European morning peak", ALICE, noted, null));
        return new RetroInput(incident, entries, actions, participants, USERS,
                "https://acme.slack.com/archives/" + CHANNEL, moments, notes, LAST_CHANGE);
    }
}
