package dev.incidenttimeline.bot.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.TimelineCapture.TagOutcome;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimelineCaptureTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String TEAM = "T0CAPTURE";
    private static final String CHANNEL = "C0INC";
    /** 2026-11-17T09:00:00Z. */
    private static final String TS = "1794906000.000100";
    private static final Instant AT = SlackTs.toInstant(TS);

    private final TimelineCapture capture = new TimelineCapture(TaggingReactions.defaults(), ZoneOffset.UTC);
    private Incident incident;

    @BeforeEach
    void declareIncident() {
        db.truncateAll();
        incident = db.jdbi().inTransaction(h -> {
            IncidentRepository incidents = h.attach(IncidentRepository.class);
            Incident i = incidents.create(new NewIncident(TEAM, "Checkout down", Severity.SEV1, false, "U_IC", "U_IC",
                    AT.minusSeconds(600), null));
            incidents.setChannel(TEAM, i.number(), CHANNEL, "inc-20261117-checkout");
            return incidents.find(TEAM, i.number()).orElseThrow();
        });
    }

    private static CachedMessage message(String ts, String user, String text) {
        return new CachedMessage(TEAM, CHANNEL, ts, null, user, null, null, text, List.of(), null, false, null, null);
    }

    private <T> T tx(HandleCallback<T, RuntimeException> work) {
        return db.jdbi().inTransaction(work);
    }

    private Incident reload() {
        return db.jdbi().onDemand(IncidentRepository.class).find(TEAM, incident.number()).orElseThrow();
    }

    private List<TimelineEntry> entries() {
        return db.jdbi().onDemand(TimelineRepository.class).listAllForIncident(TEAM, incident.number());
    }

    @Test
    void messagePosted_cachesTheMessage_andAdvancesTheWatermark() {
        CachedMessage m = message(TS, "U1", "pods are crash-looping");

        tx(h -> {
            capture.messagePosted(h, incident, m);
            return null;
        });

        assertThat(db.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, TS)).get()
                .extracting(CachedMessage::text, CachedMessage::userId, CachedMessage::postedAt)
                .containsExactly("pods are crash-looping", "U1", AT);
        // The incident row is not touched per message; reconciliation resumes from the cache.
        assertThat(db.jdbi().onDemand(MessageCacheRepository.class).latestTs(TEAM, CHANNEL)).contains(TS);
    }

    @Test
    void taggedReply_keepsTheMessagesOwnTimeAuthorTextThreadAndPermalink() {
        CachedMessage reply = new CachedMessage(TEAM, CHANNEL, TS, "1794905000.000001", "U_AUTHOR", null, null,
                "dns-cache is at 412MiB", List.of(), null, false, "https://acme.slack.com/archives/C0INC/p1", null);

        Optional<TagOutcome> outcome = tx(h -> capture.tagged(h, incident, reply, "mag", "U_TAGGER",
                AT.plusSeconds(3600), EntrySource.REACTION));

        assertThat(outcome).isPresent();
        TimelineEntry e = outcome.get().entry();
        assertThat(outcome.get().created()).isTrue();
        assertThat(e.kind()).isEqualTo(EntryKind.FINDING);
        assertThat(e.source()).isEqualTo(EntrySource.REACTION);
        assertThat(e.occurredAt()).isEqualTo(AT);
        assertThat(e.authorId()).isEqualTo("U_AUTHOR");
        assertThat(e.text()).isEqualTo("dns-cache is at 412MiB");
        assertThat(e.threadTs()).isEqualTo("1794905000.000001");
        assertThat(e.isThreadReply()).isTrue();
        assertThat(e.permalink()).isEqualTo("https://acme.slack.com/archives/C0INC/p1");
        assertThat(e.taggedBy()).isEqualTo("U_TAGGER");
        assertThat(outcome.get().actionItem()).isEmpty();
    }

    @Test
    void tagged_withAnEmojiThatIsNotMapped_changesNothing() {
        Optional<TagOutcome> outcome = tx(h -> capture.tagged(h, incident, message(TS, "U1", "x"), "eyes", "U2", AT,
                EntrySource.REACTION));

        assertThat(outcome).isEmpty();
        assertThat(entries()).isEmpty();
    }

    @Test
    void tagged_withASkinToneVariant_tagsLikeTheBaseEmoji() {
        Optional<TagOutcome> outcome = tx(h -> capture.tagged(h, incident, message(TS, "U1", "x"),
                "pushpin::skin-tone-3", "U2", AT, EntrySource.REACTION));

        assertThat(outcome).get().extracting(o -> o.entry().kind()).isEqualTo(EntryKind.EVENT);
    }

    @Test
    void taggedByTwoPeople_isOneEntry_createdOnlyByTheFirst() {
        CachedMessage m = message(TS, "U1", "rollback complete");

        TagOutcome first = tx(h -> capture.tagged(h, incident, m, "pushpin", "U2", AT, EntrySource.REACTION))
                .orElseThrow();
        TagOutcome second = tx(h -> capture.tagged(h, incident, m, "pushpin", "U3", AT, EntrySource.REACTION))
                .orElseThrow();
        TagOutcome redelivered = tx(h -> capture.tagged(h, incident, m, "pushpin", "U3", AT, EntrySource.REACTION))
                .orElseThrow();

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(redelivered.created()).isFalse();
        assertThat(second.entry().id()).isEqualTo(first.entry().id());
        assertThat(entries()).hasSize(1);
    }

    @Test
    void twoEmojiOfDifferentKinds_onOneMessage_makeTwoEntries() {
        CachedMessage m = message(TS, "U1", "boot migrations take an exclusive lock");

        tx(h -> capture.tagged(h, incident, m, "mag", "U2", AT, EntrySource.REACTION));
        tx(h -> capture.tagged(h, incident, m, "dart", "U3", AT, EntrySource.REACTION));

        assertThat(entries()).extracting(TimelineEntry::kind)
                .containsExactlyInAnyOrder(EntryKind.FINDING, EntryKind.ROOT_CAUSE);
    }

    @Test
    void detectionAndMitigation_setTheIncidentsKeyTimes_toTheMessageTime_keepingTheEarliest() {
        tx(h -> capture.tagged(h, incident, message(TS, "U1", "alert fired"), "rotating_light", "U2",
                AT.plusSeconds(999), EntrySource.REACTION));
        tx(h -> capture.tagged(h, incident, message("1794906600.000100", "U1", "rolled back"), "adhesive_bandage",
                "U2", AT.plusSeconds(999), EntrySource.REACTION));
        tx(h -> capture.tagged(h, incident, message("1794907200.000100", "U1", "second alert"), "rotating_light",
                "U2", AT.plusSeconds(999), EntrySource.REACTION));

        Incident after = reload();
        assertThat(after.detectedAt()).isEqualTo(AT);
        assertThat(after.mitigatedAt()).isEqualTo(SlackTs.toInstant("1794906600.000100"));
    }

    @Test
    void actionTag_addsAnActionItem_withOwnerAndDueDate_onlyOnce() {
        CachedMessage m = message(TS, "U4",
                "Action: pin sidecar images by digest — owner <@U0DEMO0004> due 2026-11-19");

        TagOutcome first = tx(h -> capture.tagged(h, incident, m, "memo", "U7", AT.plusSeconds(60),
                EntrySource.REACTION)).orElseThrow();
        TagOutcome second = tx(h -> capture.tagged(h, incident, m, "memo", "U1", AT.plusSeconds(120),
                EntrySource.REACTION)).orElseThrow();

        assertThat(first.entry().kind()).isEqualTo(EntryKind.ACTION);
        ActionItem item = first.actionItem().orElseThrow();
        assertThat(item.number()).isEqualTo(1);
        assertThat(item.text()).isEqualTo("pin sidecar images by digest");
        assertThat(item.ownerId()).isEqualTo("U0DEMO0004");
        assertThat(item.dueDate()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(item.createdBy()).isEqualTo("U7");
        assertThat(second.actionItem()).get().extracting(ActionItem::number).isEqualTo(1);
        assertThat(db.jdbi().onDemand(ActionItemRepository.class).listForIncident(TEAM, incident.number()))
                .hasSize(1);
    }

    @Test
    void actionTag_readsARelativeDuePhrase_fromTheMessagesDate_inTheZone() {
        // 2026-11-17T23:30Z is already the 18th in Auckland: "tomorrow" is the 19th there.
        TimelineCapture auckland = new TimelineCapture(TaggingReactions.defaults(), ZoneId.of("Pacific/Auckland"));
        CachedMessage m = message("1794958200.000000", "U1", "Action: rotate the key — owner <@U0OWNER1> due tomorrow");

        ActionItem item = tx(h -> auckland.tagged(h, incident, m, "memo", "U2", AT, EntrySource.REACTION))
                .orElseThrow().actionItem().orElseThrow();

        assertThat(SlackTs.toInstant("1794958200.000000")).isEqualTo(Instant.parse("2026-11-17T23:30:00Z"));
        assertThat(item.dueDate()).isEqualTo(LocalDate.of(2026, 11, 19));
    }

    @Test
    void actionTag_withAnUnreadableDuePhrase_addsTheItemWithoutADate() {
        CachedMessage m = message(TS, "U1", "Action: runbook for poison messages — owner <@U0OWNER1> due when vendor answers");

        ActionItem item = tx(h -> capture.tagged(h, incident, m, "memo", "U2", AT, EntrySource.REACTION))
                .orElseThrow().actionItem().orElseThrow();

        assertThat(item.text()).isEqualTo("runbook for poison messages");
        assertThat(item.ownerId()).isEqualTo("U0OWNER1");
        assertThat(item.dueDate()).isNull();
    }

    @Test
    void actionTag_withoutAnyStructure_usesTheWholeMessage() {
        CachedMessage m = message(TS, "U1", "we should alert on queue depth");

        ActionItem item = tx(h -> capture.tagged(h, incident, m, "memo", "U2", AT, EntrySource.REACTION))
                .orElseThrow().actionItem().orElseThrow();

        assertThat(item.text()).isEqualTo("we should alert on queue depth");
        assertThat(item.ownerId()).isNull();
        assertThat(item.dueDate()).isNull();
    }

    @Test
    void botMessage_isAuthoredByItsBot() {
        CachedMessage alert = new CachedMessage(TEAM, CHANNEL, TS, null, null, "B0PAGER", "bot_message",
                "[FIRING] 5xx", List.of(), null, false, null, null);

        TimelineEntry e = tx(h -> capture.tagged(h, incident, alert, "rotating_light", "U1", AT,
                EntrySource.REACTION)).orElseThrow().entry();

        assertThat(e.authorId()).isEqualTo("B0PAGER");
    }

    @Test
    void messageEdited_updatesTheCacheAndEveryEntry_keepingTheEarlierTextAsRevision() {
        CachedMessage original = message(TS, "U1", "task memory 1GB -> 2GB");
        tx(h -> {
            capture.messagePosted(h, incident, original);
            capture.tagged(h, incident, original, "adhesive_bandage", "U2", AT, EntrySource.REACTION);
            capture.tagged(h, incident, original, "pushpin", "U2", AT, EntrySource.REACTION);
            return null;
        });
        CachedMessage edited = new CachedMessage(TEAM, CHANNEL, TS, null, "U1", null, null,
                "task memory 1GB -> 2GB, dns-cache removed", List.of(), "1794906060.000000", false, null, null);

        int changed = tx(h -> capture.messageEdited(h, incident, edited, "U1", AT.plusSeconds(60)));

        assertThat(changed).isEqualTo(2);
        assertThat(entries()).extracting(TimelineEntry::text)
                .containsOnly("task memory 1GB -> 2GB, dns-cache removed");
        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        assertThat(timeline.listRevisions(TEAM, entries().get(0).id())).containsExactly("task memory 1GB -> 2GB");
        assertThat(db.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, TS)).get()
                .extracting(CachedMessage::text, CachedMessage::editedTs)
                .containsExactly("task memory 1GB -> 2GB, dns-cache removed", "1794906060.000000");
    }

    @Test
    void messageEdited_olderThanTheStoredEdit_changesNothing() {
        CachedMessage newer = new CachedMessage(TEAM, CHANNEL, TS, null, "U1", null, null, "v3", List.of(),
                "1794906300.000000", false, null, null);
        CachedMessage older = new CachedMessage(TEAM, CHANNEL, TS, null, "U1", null, null, "v2", List.of(),
                "1794906200.000000", false, null, null);
        tx(h -> {
            capture.messagePosted(h, incident, newer);
            capture.tagged(h, incident, newer, "pushpin", "U2", AT, EntrySource.REACTION);
            return null;
        });

        int changed = tx(h -> capture.messageEdited(h, incident, older, "U1", AT.plusSeconds(60)));

        assertThat(changed).isZero();
        assertThat(entries()).extracting(TimelineEntry::text).containsExactly("v3");
    }

    @Test
    void messageDeleted_flagsItsEntries_andATagAfterwardsDoesNotBringThemBack() {
        CachedMessage m = message(TS, "U1", "Action: oops — owner <@U0OWNER1>");
        tx(h -> {
            capture.messagePosted(h, incident, m);
            capture.tagged(h, incident, m, "pushpin", "U2", AT, EntrySource.REACTION);
            return null;
        });

        int flagged = tx(h -> capture.messageDeleted(h, incident, CHANNEL, TS, AT.plusSeconds(60)));
        Optional<TagOutcome> late = tx(h -> capture.tagged(h, incident, m, "pushpin", "U3", AT.plusSeconds(120),
                EntrySource.REACTION));

        assertThat(flagged).isEqualTo(1);
        assertThat(entries()).singleElement().extracting(TimelineEntry::deleted).isEqualTo(true);
        assertThat(late).get().extracting(TagOutcome::created).isEqualTo(false);
        assertThat(db.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, TS)).get()
                .extracting(CachedMessage::deleted).isEqualTo(true);
    }

    @Test
    void tagged_onADeletedCachedMessage_writesNothing() {
        CachedMessage deleted = new CachedMessage(TEAM, CHANNEL, TS, null, "U1", null, null, "gone", List.of(), null,
                true, null, null);

        Optional<TagOutcome> outcome = tx(h -> capture.tagged(h, incident, deleted, "pushpin", "U2", AT,
                EntrySource.REACTION));

        assertThat(outcome).isEmpty();
        assertThat(entries()).isEmpty();
    }

    @Test
    void untagged_flagsTheEntry_onlyWhenTheLastTagOfItsKindIsRemoved() {
        CachedMessage m = message(TS, "U1", "customer comms sent");
        tx(h -> {
            capture.tagged(h, incident, m, "pushpin", "U2", AT, EntrySource.REACTION);
            capture.tagged(h, incident, m, "pushpin", "U3", AT, EntrySource.REACTION);
            return null;
        });

        Optional<TimelineEntry> afterFirst = tx(h -> capture.untagged(h, incident, CHANNEL, TS, "pushpin", "U2",
                AT.plusSeconds(60)));
        assertThat(afterFirst).isEmpty();
        assertThat(entries()).singleElement().extracting(TimelineEntry::deleted).isEqualTo(false);

        Optional<TimelineEntry> afterLast = tx(h -> capture.untagged(h, incident, CHANNEL, TS, "pushpin", "U3",
                AT.plusSeconds(120)));
        assertThat(afterLast).get().extracting(TimelineEntry::deleted).isEqualTo(true);
        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        assertThat(timeline.listAudit(TEAM, afterLast.get().id())).containsExactly("created", "tagged", "untagged");
    }

    @Test
    void untagged_withAnEmojiThatIsNotMapped_isIgnored() {
        Optional<TimelineEntry> outcome = tx(h -> capture.untagged(h, incident, CHANNEL, TS, "eyes", "U2", AT));

        assertThat(outcome).isEmpty();
    }

    @Test
    void participantJoined_addsTheParticipantAndAnEntry_onlyTheFirstTime() {
        boolean first = tx(h -> capture.participantJoined(h, incident, "U5", AT));
        boolean again = tx(h -> capture.participantJoined(h, incident, "U5", AT.plusSeconds(600)));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(db.jdbi().onDemand(ParticipantRepository.class).list(TEAM, incident.number()))
                .containsExactly(new Participant(incident.number(), "U5", AT));
        assertThat(entries()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.PARTICIPANT);
            assertThat(e.source()).isEqualTo(EntrySource.SYSTEM);
            assertThat(e.authorId()).isEqualTo("U5");
            assertThat(e.occurredAt()).isEqualTo(AT);
            assertThat(e.text()).isEqualTo("joined #inc-20261117-checkout");
        });
    }

    @Test
    void customReactionMapping_decidesTheKind() {
        TimelineCapture custom = new TimelineCapture(TaggingReactions.parse("fire=detection,bulb=root_cause"),
                ZoneOffset.UTC);
        CachedMessage m = message(TS, "U1", "it was the boot migration");

        Optional<TagOutcome> bulb = tx(h -> custom.tagged(h, incident, m, "bulb", "U2", AT, EntrySource.REACTION));
        Optional<TagOutcome> dart = tx(h -> custom.tagged(h, incident, m, "dart", "U2", AT, EntrySource.REACTION));

        assertThat(bulb).get().extracting(o -> o.entry().kind()).isEqualTo(EntryKind.ROOT_CAUSE);
        assertThat(dart).isEmpty();
    }
}
