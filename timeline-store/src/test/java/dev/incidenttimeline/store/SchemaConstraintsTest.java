package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.CHANNEL;
import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.note;
import static dev.incidenttimeline.store.StoreFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.TimelineEntry;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.Update;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema is the last line of defence: each check, unique key and foreign key refuses
 * what the domain would never write, whichever code path (or hand-written SQL) tries.
 */
class SchemaConstraintsTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String CHECK = "23514";
    private static final String UNIQUE = "23505";
    private static final String FOREIGN_KEY = "23503";
    private static final String NOT_NULL = "23502";

    /** A raw SQL expression to put in a VALUES list as it is. */
    private record Sql(String expression) {
    }

    private long inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        inc = declare(db.jdbi(), "Constraints").number();
    }

    // ---- incidents ---------------------------------------------------------------------

    private static Map<String, Object> incident(Object... overrides) {
        return with(map("team_id", TEAM, "title", "Outage", "severity", 2, "status", "investigating",
                "declared_at", T0, "created_by", "U1"), overrides);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, -1})
    void incidentSeverityOutsideOneToFour_isRejected(int severity) {
        assertViolates(CHECK, "incidents", incident("severity", severity));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void incidentSeverityAtTheEdges_isAccepted(int severity) {
        assertAccepted("incidents", incident("severity", severity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed", "RESOLVED", "open", ""})
    void unknownIncidentStatus_isRejected(String status) {
        assertViolates(CHECK, "incidents", incident("status", status));
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void everyIncidentStatusOfTheDomain_isAccepted(IncidentStatus status) {
        Object resolvedAt = status == IncidentStatus.RESOLVED ? T0.plusSeconds(60) : null;
        assertAccepted("incidents", incident("status", status.code(), "resolved_at", resolvedAt));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "      "})
    void blankIncidentTitle_isRejected(String title) {
        assertViolates(CHECK, "incidents", incident("title", title));
    }

    @Test
    void incidentTitleOver200Characters_isRejected_and200IsAccepted() {
        assertViolates(CHECK, "incidents", incident("title", "x".repeat(201)));
        assertAccepted("incidents", incident("title", "x".repeat(200)));
    }

    @Test
    void resolvedIncidentWithoutResolvedAt_isRejected() {
        assertViolates(CHECK, "incidents", incident("status", "resolved", "resolved_at", null));
    }

    @Test
    void openIncidentWithResolvedAt_isRejected() {
        assertViolates(CHECK, "incidents", incident("status", "monitoring", "resolved_at", T0.plusSeconds(60)));
    }

    @Test
    void resolvedAtMoreThan30DaysBeforeTheDeclaration_isRejected() {
        assertViolates(CHECK, "incidents",
                incident("status", "resolved", "resolved_at", T0.minus(Duration.ofDays(31))));
        // Imports may declare after the fact: resolution shortly before the declaration is fine.
        assertAccepted("incidents", incident("status", "resolved", "resolved_at", T0.minus(Duration.ofDays(29))));
    }

    @Test
    void unknownIncidentOrigin_isRejected() {
        assertViolates(CHECK, "incidents", incident("origin", "manual"));
        assertAccepted("incidents", incident("origin", "import"));
    }

    @Test
    void incidentWithoutCreatorOrDeclarationTime_isRejected() {
        assertViolates(NOT_NULL, "incidents", incident("created_by", null));
        assertViolates(NOT_NULL, "incidents", incident("declared_at", null));
    }

    @Test
    void theSameChannelForTwoIncidentsOfAWorkspace_isRejected() {
        IncidentRepository incidents = db.jdbi().onDemand(IncidentRepository.class);
        long second = declare(db.jdbi(), "Second").number();
        incidents.setChannel(TEAM, inc, "C_SHARED", "inc-a");

        assertSqlState(UNIQUE, catchThrowable(() -> incidents.setChannel(TEAM, second, "C_SHARED", "inc-b")));
    }

    @Test
    void theSameChannelIdInAnotherWorkspace_andManyIncidentsWithoutChannel_areAccepted() {
        assertAccepted("incidents", incident("channel_id", "C_SHARED"));
        assertAccepted("incidents", incident("team_id", OTHER_TEAM, "channel_id", "C_SHARED"));
        assertAccepted("incidents", incident("channel_id", null));
        assertAccepted("incidents", incident("channel_id", null));
    }

    @Test
    void anIncidentNumberUsedTwice_isRejected_evenAcrossWorkspaces() {
        assertViolates(UNIQUE, "incidents", incident("team_id", OTHER_TEAM, "number", inc));
    }

    // ---- timeline entries --------------------------------------------------------------

    private Map<String, Object> entry(Object... overrides) {
        return with(map("team_id", TEAM, "incident_number", inc, "kind", "event", "source", "reaction",
                "occurred_at", T0, "channel_id", CHANNEL, "message_ts", "1794819600.000100"), overrides);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "EVENT", "root-cause", ""})
    void unknownEntryKind_isRejected(String kind) {
        assertViolates(CHECK, "timeline_entries", entry("kind", kind));
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void everyEntryKindOfTheDomain_isAccepted(EntryKind kind) {
        assertAccepted("timeline_entries", entry("kind", kind.code(), "message_ts", null, "channel_id", null));
    }

    @ParameterizedTest
    @EnumSource(EntrySource.class)
    void everyEntrySourceOfTheDomain_isAccepted(EntrySource source) {
        assertAccepted("timeline_entries", entry("source", source.code(), "message_ts", null, "channel_id", null));
    }

    @Test
    void unknownEntrySource_isRejected() {
        assertViolates(CHECK, "timeline_entries", entry("source", "slack"));
    }

    @Test
    void deletedEntryWithoutAReason_isRejected() {
        assertViolates(CHECK, "timeline_entries", entry("deleted", true));
    }

    @Test
    void deletionReasonOnALiveEntry_isRejected() {
        assertViolates(CHECK, "timeline_entries", entry("deleted", false, "deleted_reason", "untagged"));
    }

    @Test
    void unknownDeletionReason_isRejected() {
        assertViolates(CHECK, "timeline_entries", entry("deleted", true, "deleted_reason", "spam"));
    }

    @Test
    void entryFromAMessageWithoutItsChannel_isRejected() {
        assertViolates(CHECK, "timeline_entries", entry("channel_id", null));
    }

    @Test
    void entryWithAChannelButNoMessage_isAccepted() {
        assertAccepted("timeline_entries", entry("message_ts", null));
    }

    @Test
    void theSameMessageAndKindTwice_isRejected_evenForAnotherIncident() {
        long other = declare(db.jdbi(), "Other").number();
        assertAccepted("timeline_entries", entry());

        assertViolates(UNIQUE, "timeline_entries", entry("incident_number", other));
    }

    @Test
    void theSameMessageWithAnotherKind_orInAnotherWorkspace_isAccepted() {
        assertAccepted("timeline_entries", entry());
        assertAccepted("timeline_entries", entry("kind", "finding"));
        long otherTeamIncident = declare(db.jdbi(), OTHER_TEAM, "Other team", Severity.SEV2, T0)
                .number();
        assertAccepted("timeline_entries", entry("team_id", OTHER_TEAM, "incident_number", otherTeamIncident));
    }

    @Test
    void entryOfAnUnknownIncident_isRejected() {
        assertViolates(FOREIGN_KEY, "timeline_entries", entry("incident_number", 9999));
    }

    @Test
    void entryOfAnIncidentInAnotherWorkspace_isRejected() {
        assertViolates(FOREIGN_KEY, "timeline_entries", entry("team_id", OTHER_TEAM));
    }

    @Test
    void unknownAuditAction_isRejected_andEveryActionTheStoreWritesIsAccepted() {
        TimelineEntry e = db.jdbi().onDemand(TimelineRepository.class).append(TEAM, note(inc, T0, "x"));

        assertViolates(CHECK, "entry_audit",
                map("team_id", TEAM, "entry_id", e.id(), "action", "purged", "at", T0));
        for (String action : new String[] {"created", "tagged", "untagged", "edited", "deleted", "restored"}) {
            assertAccepted("entry_audit", map("team_id", TEAM, "entry_id", e.id(), "action", action, "at", T0));
        }
    }

    @Test
    void auditOrRevisionOfAnUnknownEntry_isRejected() {
        assertViolates(FOREIGN_KEY, "entry_audit",
                map("team_id", TEAM, "entry_id", 9999L, "action", "created", "at", T0));
        assertViolates(FOREIGN_KEY, "entry_revisions",
                map("team_id", TEAM, "entry_id", 9999L, "text", "old", "replaced_at", T0));
    }

    @Test
    void theSameTagTwice_isRejected() {
        Map<String, Object> tag = map("team_id", TEAM, "channel_id", CHANNEL, "message_ts", "1794819600.000100",
                "reaction", "pushpin", "user_id", "U1", "kind", "event", "last_event_at", T0);
        assertAccepted("entry_tags", tag);

        assertViolates(UNIQUE, "entry_tags", tag);
    }

    // ---- action items ------------------------------------------------------------------

    private Map<String, Object> actionItem(Object... overrides) {
        return with(map("team_id", TEAM, "incident_number", inc, "number", 1, "text", "Add alert", "created_at", T0),
                overrides);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void actionItemNumberBelowOne_isRejected(int number) {
        assertViolates(CHECK, "action_items", actionItem("number", number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankActionItemText_isRejected(String text) {
        assertViolates(CHECK, "action_items", actionItem("text", text));
    }

    @Test
    void unknownActionItemStatus_isRejected() {
        assertViolates(CHECK, "action_items", actionItem("status", "closed", "closed_at", T0));
    }

    @ParameterizedTest
    @EnumSource(ActionStatus.class)
    void everyActionStatusOfTheDomain_isAccepted(ActionStatus status) {
        Object closedAt = status == ActionStatus.OPEN ? null : T0.plusSeconds(60);
        assertAccepted("action_items", actionItem("status", status.code(), "closed_at", closedAt));
    }

    @ParameterizedTest
    @ValueSource(strings = {"done", "dropped"})
    void closedActionItemWithoutClosedAt_isRejected(String status) {
        assertViolates(CHECK, "action_items", actionItem("status", status));
    }

    @Test
    void openActionItemWithClosedAt_isRejected() {
        assertViolates(CHECK, "action_items", actionItem("status", "open", "closed_at", T0));
    }

    @Test
    void theSameActionItemNumberTwiceInAnIncident_isRejected() {
        assertAccepted("action_items", actionItem());

        assertViolates(UNIQUE, "action_items", actionItem("text", "Another"));
    }

    @Test
    void theSameSourceMessageTwiceInAnIncident_isRejected() {
        assertAccepted("action_items", actionItem("source_message_ts", "1794819600.000100"));

        assertViolates(UNIQUE, "action_items", actionItem("number", 2, "source_message_ts", "1794819600.000100"));
    }

    @Test
    void actionItemOfAnUnknownIncident_isRejected() {
        assertViolates(FOREIGN_KEY, "action_items", actionItem("incident_number", 9999));
    }

    // ---- participants, inbox, outbox, jobs ---------------------------------------------

    @Test
    void participantOfAnUnknownIncident_isRejected_andTheSameJoinTwiceIsRejected() {
        assertViolates(FOREIGN_KEY, "participants",
                map("team_id", TEAM, "incident_number", 9999L, "user_id", "U1", "joined_at", T0));
        Map<String, Object> join = map("team_id", TEAM, "incident_number", inc, "user_id", "U1", "joined_at", T0);
        assertAccepted("participants", join);
        assertViolates(UNIQUE, "participants", join);
    }

    @Test
    void unknownInboxStatus_isRejected_andTheSameEventTwiceIsRejected() {
        assertViolates(CHECK, "slack_events", map("team_id", TEAM, "event_id", "Ev1", "event_type", "message",
                "payload", new Sql("'{}'::jsonb"), "status", "failed"));
        Map<String, Object> event = map("team_id", TEAM, "event_id", "Ev1", "event_type", "message",
                "payload", new Sql("'{}'::jsonb"));
        assertAccepted("slack_events", event);
        assertViolates(UNIQUE, "slack_events", event);
    }

    @Test
    void unknownEffectStatus_isRejected_andTheSameDedupeKeyTwiceIsRejected() {
        assertViolates(CHECK, "slack_effects", map("team_id", TEAM, "dedupe_key", "k1", "kind", "chat.postMessage",
                "payload", new Sql("'{}'::jsonb"), "status", "sent"));
        Map<String, Object> effect = map("team_id", TEAM, "dedupe_key", "k1", "kind", "chat.postMessage",
                "payload", new Sql("'{}'::jsonb"));
        assertAccepted("slack_effects", effect);
        assertViolates(UNIQUE, "slack_effects", effect);
    }

    @Test
    void theSameJobPeriodTwice_isRejected() {
        Map<String, Object> run = map("team_id", TEAM, "kind", "weekly_report", "period", "2026-W47",
                "started_at", T0, "runner", "a");
        assertAccepted("job_runs", run);

        assertViolates(UNIQUE, "job_runs", with(run, "runner", "b"));
    }

    // ---- cascade -----------------------------------------------------------------------

    @Test
    void deletingAnIncident_removesItsTimelineRevisionsAuditActionItemsAndParticipants() {
        long kept = declare(db.jdbi(), "Kept").number();
        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        for (long n : new long[] {inc, kept}) {
            String ts = "1794819600.00010" + (n % 10);
            timeline.tag(TEAM, tagged(n, EntryKind.FINDING, ts, "old text", "U1"), "mag", T0);
            timeline.applyEdit(TEAM, CHANNEL, ts, "new text", "U1", T0.plusSeconds(1));
            timeline.append(TEAM, note(n, T0, "note"));
            db.jdbi().onDemand(ActionItemRepository.class)
                    .add(TEAM, new NewActionItem(n, "Follow up", "U1", null, "U1", T0, null));
            db.jdbi().onDemand(ParticipantRepository.class).add(TEAM, new Participant(n, "U1", T0));
        }
        Map<String, Integer> before = rowCounts();

        assertThat(db.jdbi().onDemand(IncidentRepository.class).delete(TEAM, inc)).isEqualTo(1);

        Map<String, Integer> after = rowCounts();
        assertThat(before).containsEntry("timeline_entries", 4).containsEntry("entry_revisions", 2)
                .containsEntry("entry_audit", 6).containsEntry("action_items", 2).containsEntry("participants", 2);
        assertThat(after).containsEntry("timeline_entries", 2).containsEntry("entry_revisions", 1)
                .containsEntry("entry_audit", 3).containsEntry("action_items", 1).containsEntry("participants", 1);
        assertThat(timeline.listForIncident(TEAM, kept)).hasSize(2);
    }

    // ---- helpers -----------------------------------------------------------------------

    private Map<String, Integer> rowCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : new String[] {"timeline_entries", "entry_revisions", "entry_audit", "action_items",
                "participants"}) {
            counts.put(table, db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                    .mapTo(Integer.class).one()));
        }
        return counts;
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... overrides) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.putAll(map(overrides));
        return m;
    }

    private static int insert(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String values = row.entrySet().stream()
                .map(e -> e.getValue() instanceof Sql sql ? sql.expression() : ":" + e.getKey())
                .collect(Collectors.joining(", "));
        return db.jdbi().withHandle(h -> {
            Update u = h.createUpdate("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")");
            row.forEach((column, value) -> {
                if (value == null) {
                    u.bindNull(column, Types.OTHER);
                } else if (!(value instanceof Sql)) {
                    u.bindByType(column, value, value.getClass());
                }
            });
            return u.execute();
        });
    }

    private static void assertAccepted(String table, Map<String, Object> row) {
        assertThatCode(() -> insert(table, row)).as("insert into %s %s", table, row).doesNotThrowAnyException();
    }

    private static void assertViolates(String sqlState, String table, Map<String, Object> row) {
        Throwable thrown = catchThrowable(() -> insert(table, row));
        if (thrown == null) {
            fail("expected SQLState %s from inserting into %s %s, but the row was accepted", sqlState, table, row);
        }
        assertSqlState(sqlState, thrown);
    }

    private static void assertSqlState(String sqlState, Throwable thrown) {
        assertThat(thrown).as("expected SQLState %s", sqlState).isNotNull();
        Throwable t = thrown;
        while (t != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        assertThat(t).as("an SQLException in the cause chain of %s", thrown).isNotNull();
        assertThat(((SQLException) t).getSQLState()).as(t.getMessage()).isEqualTo(sqlState);
    }
}
