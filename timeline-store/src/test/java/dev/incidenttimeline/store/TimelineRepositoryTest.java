package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.CHANNEL;
import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.note;
import static dev.incidenttimeline.store.StoreFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.TimelineRepository.TagResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimelineRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String TS = "1794819600.000100";
    private static final Instant TAGGED_AT = T0.plusSeconds(30);

    private TimelineRepository timeline;
    private long inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        timeline = db.jdbi().onDemand(TimelineRepository.class);
        inc = declare(db.jdbi(), "Timeline").number();
    }

    @Test
    void append_writesTheEntry_andAuditsItsCreation() {
        TimelineEntry e = timeline.append(TEAM, note(inc, T0.plusSeconds(5), "Rolled back deploy 42"));

        assertThat(e.id()).isPositive();
        assertThat(e.incidentNumber()).isEqualTo(inc);
        assertThat(e.kind()).isEqualTo(EntryKind.NOTE);
        assertThat(e.source()).isEqualTo(EntrySource.COMMAND);
        assertThat(e.occurredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(e.authorId()).isEqualTo("U_IC");
        assertThat(e.text()).isEqualTo("Rolled back deploy 42");
        assertThat(e.messageTs()).isNull();
        assertThat(e.deleted()).isFalse();
        assertThat(timeline.findById(TEAM, e.id())).contains(e);
        assertThat(timeline.listAudit(TEAM, e.id())).containsExactly("created");
    }

    @Test
    void append_twiceWithoutAMessage_isTwoEntries() {
        timeline.append(TEAM, note(inc, T0, "same words"));
        timeline.append(TEAM, note(inc, T0, "same words"));

        assertThat(timeline.listForIncident(TEAM, inc)).hasSize(2);
    }

    @Test
    void findById_ofAnUnknownEntry_isEmpty() {
        assertThat(timeline.findById(TEAM, 424242)).isEmpty();
    }

    @Test
    void listForIncident_isInTimeOrder_notInWritingOrder() {
        TimelineEntry third = timeline.append(TEAM, note(inc, T0.plusSeconds(300), "third"));
        TimelineEntry first = timeline.append(TEAM, note(inc, T0.plusSeconds(100), "first"));
        TimelineEntry secondA = timeline.append(TEAM, note(inc, T0.plusSeconds(200), "second a"));
        TimelineEntry secondB = timeline.append(TEAM, note(inc, T0.plusSeconds(200), "second b"));

        assertThat(timeline.listForIncident(TEAM, inc)).extracting(TimelineEntry::id)
                .containsExactly(first.id(), secondA.id(), secondB.id(), third.id());
    }

    @Test
    void listForIncident_leavesOutOtherIncidents() {
        long other = declare(db.jdbi(), "Other").number();
        timeline.append(TEAM, note(inc, T0, "mine"));
        timeline.append(TEAM, note(other, T0, "theirs"));

        assertThat(timeline.listForIncident(TEAM, inc)).extracting(TimelineEntry::text).containsExactly("mine");
        assertThat(timeline.listForIncident("T_NOBODY", inc)).isEmpty();
    }

    @Test
    void listForIncident_leavesOutDeletedEntries_whileListAllKeepsThem() {
        TimelineEntry live = timeline.append(TEAM, note(inc, T0, "kept"));
        timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "false lead", "U1"), "mag", TAGGED_AT);
        timeline.markMessageDeleted(TEAM, CHANNEL, TS, T0.plusSeconds(60));

        assertThat(timeline.listForIncident(TEAM, inc)).extracting(TimelineEntry::id).containsExactly(live.id());
        assertThat(timeline.listAllForIncident(TEAM, inc)).hasSize(2)
                .anySatisfy(e -> assertThat(e.deleted()).isTrue());
    }

    @Test
    void tag_putsTheMessageOnTheTimeline_withItsOwnTimeAuthorAndThread() {
        String reply = "1794819700.000300";
        NewEntry e = new NewEntry(inc, EntryKind.MITIGATION, EntrySource.REACTION, SlackTs.toInstant(reply),
                "U_AUTHOR", "Failover done", CHANNEL, reply, TS, "https://x.slack.com/archives/C/p1", "U_TAGGER");

        TagResult r = timeline.tag(TEAM, e, "adhesive_bandage", TAGGED_AT);

        assertThat(r.created()).isTrue();
        TimelineEntry entry = r.entry();
        assertThat(entry.kind()).isEqualTo(EntryKind.MITIGATION);
        assertThat(entry.source()).isEqualTo(EntrySource.REACTION);
        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2026-11-16T09:01:40.000300Z"));
        assertThat(entry.authorId()).isEqualTo("U_AUTHOR");
        assertThat(entry.text()).isEqualTo("Failover done");
        assertThat(entry.channelId()).isEqualTo(CHANNEL);
        assertThat(entry.messageTs()).isEqualTo(reply);
        assertThat(entry.threadTs()).isEqualTo(TS);
        assertThat(entry.isThreadReply()).isTrue();
        assertThat(entry.permalink()).isEqualTo("https://x.slack.com/archives/C/p1");
        assertThat(entry.taggedBy()).isEqualTo("U_TAGGER");
        assertThat(timeline.countTags(TEAM, CHANNEL, reply, "mitigation")).isEqualTo(1);
        assertThat(timeline.listAudit(TEAM, entry.id())).containsExactly("created");
    }

    @Test
    void tagTwiceWithSameKind_isOneEntry() {
        TagResult first = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "Deploy started", "U1"), "pushpin", TAGGED_AT);
        TagResult retry = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "Deploy started", "U1"), "pushpin", TAGGED_AT);

        assertThat(first.created()).isTrue();
        assertThat(retry.created()).isFalse();
        assertThat(retry.entry().id()).isEqualTo(first.entry().id());
        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).hasSize(1);
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(1);
        assertThat(timeline.listAudit(TEAM, first.entry().id())).containsExactly("created");
    }

    @Test
    void tagBySecondPerson_isOneEntry_andRecordsBothTaggers() {
        TagResult first = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "Deploy started", "U1"), "pushpin", TAGGED_AT);
        TagResult second = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "Deploy started", "U2"), "pushpin",
                TAGGED_AT.plusSeconds(5));

        assertThat(second.created()).isFalse();
        assertThat(second.entry().id()).isEqualTo(first.entry().id());
        assertThat(second.entry().taggedBy()).isEqualTo("U1");
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(2);
        assertThat(timeline.listAudit(TEAM, first.entry().id())).containsExactly("created", "tagged");
    }

    @Test
    void tagWithTwoEmojiOfTheSameKind_isOneEntry() {
        // Both emoji could be configured for the same kind.
        TagResult a = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        TagResult b = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "round_pushpin", TAGGED_AT);

        assertThat(b.entry().id()).isEqualTo(a.entry().id());
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(2);
    }

    @Test
    void theSameMessage_canCarrySeveralKinds_oneEntryEach() {
        timeline.tag(TEAM, tagged(inc, EntryKind.ROOT_CAUSE, TS, "Pool too small", "U1"), "dart", TAGGED_AT);
        timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "Pool too small", "U1"), "mag", TAGGED_AT);

        List<TimelineEntry> entries = timeline.listForMessage(TEAM, CHANNEL, TS);
        assertThat(entries).extracting(TimelineEntry::kind).containsExactly(EntryKind.FINDING, EntryKind.ROOT_CAUSE);
        assertThat(timeline.listForIncident(TEAM, inc)).hasSize(2);
    }

    @Test
    void tag_withoutAMessageOrATagger_isRefused() {
        NewEntry noMessage = note(inc, T0, "not from a message");
        NewEntry noTagger = tagged(inc, EntryKind.EVENT, TS, "x", null);

        assertThatThrownBy(() -> timeline.tag(TEAM, noMessage, "pushpin", TAGGED_AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> timeline.tag(TEAM, noTagger, "pushpin", TAGGED_AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(timeline.listAllForIncident(TEAM, inc)).isEmpty();
    }

    @Test
    void untag_ofTheLastTag_flagsTheEntryUntagged_andAuditsIt() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);

        Optional<TimelineEntry> removed = timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT,
                TAGGED_AT.plusSeconds(10));

        assertThat(removed).hasValueSatisfying(e -> {
            assertThat(e.id()).isEqualTo(t.entry().id());
            assertThat(e.deleted()).isTrue();
        });
        assertThat(timeline.listForIncident(TEAM, inc)).isEmpty();
        assertThat(timeline.listAllForIncident(TEAM, inc)).hasSize(1);
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isZero();
        assertThat(timeline.listAudit(TEAM, t.entry().id())).containsExactly("created", "untagged");
        assertThat(deletedReason(t.entry().id())).isEqualTo("untagged");
    }

    @Test
    void untag_whileAnotherTagOfTheKindRemains_keepsTheEntry() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U2"), "pushpin", TAGGED_AT);

        Optional<TimelineEntry> removed = timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT);

        assertThat(removed).isEmpty();
        assertThat(timeline.findById(TEAM, t.entry().id())).hasValueSatisfying(e -> assertThat(e.deleted()).isFalse());
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(1);
    }

    @Test
    void untag_ofOneKind_leavesTheOtherKindOfTheSameMessage() {
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U1"), "mag", TAGGED_AT);

        timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT);

        assertThat(timeline.listForIncident(TEAM, inc)).extracting(TimelineEntry::kind).containsExactly(EntryKind.FINDING);
    }

    @Test
    void untag_ofATagThatWasNeverThere_changesNothing() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);

        assertThat(timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U_STRANGER", EntryKind.EVENT, TAGGED_AT)).isEmpty();
        assertThat(timeline.untag(TEAM, CHANNEL, "1794819999.000001", "pushpin", "U1", EntryKind.EVENT, TAGGED_AT))
                .isEmpty();
        assertThat(timeline.findById(TEAM, t.entry().id())).hasValueSatisfying(e -> assertThat(e.deleted()).isFalse());
    }

    @Test
    void tagAgainAfterUntag_restoresTheSameEntry() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT.plusSeconds(1));

        TagResult again = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U2"), "pushpin",
                TAGGED_AT.plusSeconds(2));

        assertThat(again.created()).isTrue();
        assertThat(again.entry().id()).isEqualTo(t.entry().id());
        assertThat(again.entry().deleted()).isFalse();
        assertThat(timeline.listForIncident(TEAM, inc)).hasSize(1);
        assertThat(timeline.listAudit(TEAM, t.entry().id())).containsExactly("created", "untagged", "restored");
        assertThat(deletedReason(t.entry().id())).isNull();
    }

    @Test
    void applyEdit_updatesTheText_andKeepsTheEarlierTextAsARevision() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "Pool at 100%", "U1"), "mag", TAGGED_AT);

        int changed = timeline.applyEdit(TEAM, CHANNEL, TS, "Pool at 100% on db-2", "U_AUTHOR", TAGGED_AT.plusSeconds(60));

        assertThat(changed).isEqualTo(1);
        assertThat(timeline.findById(TEAM, t.entry().id()).orElseThrow().text()).isEqualTo("Pool at 100% on db-2");
        assertThat(timeline.listRevisions(TEAM, t.entry().id())).containsExactly("Pool at 100%");
        assertThat(timeline.listAudit(TEAM, t.entry().id())).containsExactly("created", "edited");
    }

    @Test
    void applyEdit_twice_keepsEveryEarlierText_inOrder() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "v1", "U1"), "mag", TAGGED_AT);

        timeline.applyEdit(TEAM, CHANNEL, TS, "v2", "U_AUTHOR", TAGGED_AT.plusSeconds(1));
        timeline.applyEdit(TEAM, CHANNEL, TS, "v3", "U_AUTHOR", TAGGED_AT.plusSeconds(2));

        assertThat(timeline.findById(TEAM, t.entry().id()).orElseThrow().text()).isEqualTo("v3");
        assertThat(timeline.listRevisions(TEAM, t.entry().id())).containsExactly("v1", "v2");
    }

    @Test
    void applyEdit_withTheSameText_changesNothing_andKeepsNoRevision() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "unchanged", "U1"), "mag", TAGGED_AT);

        assertThat(timeline.applyEdit(TEAM, CHANNEL, TS, "unchanged", "U_AUTHOR", TAGGED_AT)).isZero();

        assertThat(timeline.listRevisions(TEAM, t.entry().id())).isEmpty();
        assertThat(timeline.listAudit(TEAM, t.entry().id())).containsExactly("created");
    }

    @Test
    void applyEdit_updatesEveryKindMadeFromTheMessage_andNothingElse() {
        timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "old", "U1"), "mag", TAGGED_AT);
        timeline.tag(TEAM, tagged(inc, EntryKind.ROOT_CAUSE, TS, "old", "U1"), "dart", TAGGED_AT);
        TagResult other = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, "1794819600.000200", "old", "U1"), "pushpin",
                TAGGED_AT);

        assertThat(timeline.applyEdit(TEAM, CHANNEL, TS, "new", "U_AUTHOR", TAGGED_AT)).isEqualTo(2);

        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).extracting(TimelineEntry::text).containsOnly("new");
        assertThat(timeline.findById(TEAM, other.entry().id()).orElseThrow().text()).isEqualTo("old");
    }

    @Test
    void applyEdit_ofAnUntaggedMessage_changesNothing() {
        assertThat(timeline.applyEdit(TEAM, CHANNEL, TS, "new", "U_AUTHOR", TAGGED_AT)).isZero();
    }

    @Test
    void markMessageDeleted_flagsEveryEntryOfTheMessage_andAuditsIt() {
        TagResult a = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U1"), "mag", TAGGED_AT);
        TagResult b = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);

        assertThat(timeline.markMessageDeleted(TEAM, CHANNEL, TS, TAGGED_AT.plusSeconds(5))).isEqualTo(2);

        assertThat(timeline.listForIncident(TEAM, inc)).isEmpty();
        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).allSatisfy(e -> assertThat(e.deleted()).isTrue());
        assertThat(timeline.listAudit(TEAM, a.entry().id())).containsExactly("created", "deleted");
        assertThat(timeline.listAudit(TEAM, b.entry().id())).containsExactly("created", "deleted");
        assertThat(deletedReason(a.entry().id())).isEqualTo("message_deleted");
    }

    @Test
    void markMessageDeleted_twice_flagsOnce() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U1"), "mag", TAGGED_AT);
        timeline.markMessageDeleted(TEAM, CHANNEL, TS, TAGGED_AT);

        assertThat(timeline.markMessageDeleted(TEAM, CHANNEL, TS, TAGGED_AT)).isZero();
        assertThat(timeline.listAudit(TEAM, t.entry().id())).containsExactly("created", "deleted");
    }

    @Test
    void markMessageDeleted_ofAnUntaggedEntry_turnsItIntoADeletedOne() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U1"), "mag", TAGGED_AT);
        timeline.untag(TEAM, CHANNEL, TS, "mag", "U1", EntryKind.FINDING, TAGGED_AT);

        assertThat(timeline.markMessageDeleted(TEAM, CHANNEL, TS, TAGGED_AT)).isEqualTo(1);
        assertThat(deletedReason(t.entry().id())).isEqualTo("message_deleted");
    }

    @Test
    void tagAfterTheMessageWasDeleted_doesNotBringTheEntryBack() {
        TagResult t = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U1"), "mag", TAGGED_AT);
        timeline.markMessageDeleted(TEAM, CHANNEL, TS, TAGGED_AT);

        TagResult late = timeline.tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "x", "U2"), "mag", TAGGED_AT);

        assertThat(late.created()).isFalse();
        assertThat(late.entry().id()).isEqualTo(t.entry().id());
        assertThat(late.entry().deleted()).isTrue();
        assertThat(timeline.listForIncident(TEAM, inc)).isEmpty();
    }

    @Test
    void markMessageDeleted_ofAnUnknownMessage_changesNothing() {
        assertThat(timeline.markMessageDeleted(TEAM, CHANNEL, "1794819999.000001", TAGGED_AT)).isZero();
    }

    @Test
    void listLatest_returnsTheNewestLiveEntries_oldestFirst() {
        for (int i = 1; i <= 5; i++) {
            timeline.append(TEAM, note(inc, T0.plusSeconds(i * 60L), "n" + i));
        }
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, "1794820000.000000", "deleted later", "U1"), "pushpin", TAGGED_AT);
        timeline.markMessageDeleted(TEAM, CHANNEL, "1794820000.000000", TAGGED_AT);

        assertThat(timeline.listLatest(TEAM, inc, 3)).extracting(TimelineEntry::text).containsExactly("n3", "n4", "n5");
        assertThat(timeline.listLatest(TEAM, inc, 50)).hasSize(5);
        assertThat(timeline.listLatest(TEAM, inc, 0)).isEmpty();
    }

    @Test
    void setPermalink_fillsOnlyEntriesThatLackOne() {
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        NewEntry withLink = new NewEntry(inc, EntryKind.FINDING, EntrySource.REACTION, SlackTs.toInstant(TS), "U_AUTHOR",
                "x", CHANNEL, TS, null, "https://keep.me", "U1");
        timeline.tag(TEAM, withLink, "mag", TAGGED_AT);

        assertThat(timeline.setPermalink(TEAM, CHANNEL, TS, "https://new.link")).isEqualTo(1);

        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).extracting(TimelineEntry::kind, TimelineEntry::permalink)
                .containsExactly(
                        tuple(EntryKind.EVENT, "https://new.link"),
                        tuple(EntryKind.FINDING, "https://keep.me"));
    }

    @Test
    void audit_recordsWhatIsGiven() {
        TimelineEntry e = timeline.append(TEAM, note(inc, T0, "x"));

        timeline.audit(TEAM, e.id(), "edited", "U9", T0.plusSeconds(1));

        assertThat(timeline.listAudit(TEAM, e.id())).containsExactly("created", "edited");
    }

    @Test
    void removalAppliedBeforeItsOlderAdd_leavesTheMessageUntagged_asInTheNaturalOrder() {
        timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT.plusSeconds(1));

        TagResult late = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);

        assertThat(late.created()).isTrue();
        assertThat(late.entry().deleted()).isTrue();
        assertThat(deletedReason(late.entry().id())).isEqualTo("untagged");
        assertThat(timeline.listForIncident(TEAM, inc)).isEmpty();
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isZero();
    }

    @Test
    void addNewerThanItsRemoval_tagsAgain_inEitherOrder() {
        timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT);

        TagResult again = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin",
                TAGGED_AT.plusSeconds(1));

        assertThat(again.entry().deleted()).isFalse();
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(1);
    }

    @Test
    void removalOlderThanTheAddAlreadyApplied_changesNothing() {
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT.plusSeconds(5));

        assertThat(timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT)).isEmpty();

        assertThat(timeline.listForIncident(TEAM, inc)).hasSize(1);
    }

    @Test
    void addAndRemovalAtTheSameSlackTime_endRemoved_whicheverArrivesFirst() {
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", TAGGED_AT);
        timeline.untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT);
        String other = "1794819601.000100";
        timeline.untag(TEAM, CHANNEL, other, "pushpin", "U1", EntryKind.EVENT, TAGGED_AT);
        timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, other, "y", "U1"), "pushpin", TAGGED_AT);

        assertThat(timeline.listForIncident(TEAM, inc)).isEmpty();
    }

    private String deletedReason(long entryId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT deleted_reason FROM timeline_entries WHERE id = :id")
                .bind("id", entryId).mapTo(String.class).one());
    }
}
