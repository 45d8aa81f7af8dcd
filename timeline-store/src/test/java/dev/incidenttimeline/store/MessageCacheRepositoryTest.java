package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.CHANNEL;
import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.CachedMessage.SharedFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessageCacheRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String TS = "1794819600.000100";

    private MessageCacheRepository cache;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        cache = db.jdbi().onDemand(MessageCacheRepository.class);
    }

    private static CachedMessage message(String ts, String text, String editedTs) {
        return new CachedMessage(TEAM, CHANNEL, ts, null, "U_AUTHOR", null, null, text, List.of(), editedTs, false,
                null, null);
    }

    @Test
    void upsert_thenFind_returnsTheMessage_postedAtItsOwnTime() {
        CachedMessage m = new CachedMessage(TEAM, CHANNEL, "1794819700.000300", TS, "U_AUTHOR", null, "thread_broadcast",
                "Failover started", List.of(), null, false, "https://x.slack.com/p1", null);

        cache.upsert(m);

        CachedMessage found = cache.find(TEAM, CHANNEL, "1794819700.000300").orElseThrow();
        assertThat(found).isEqualTo(m);
        assertThat(found.postedAt()).isEqualTo(Instant.parse("2026-11-16T09:01:40.000300Z"));
        assertThat(found.threadTs()).isEqualTo(TS);
    }

    @Test
    void find_ofAnUnknownMessage_isEmpty() {
        cache.upsert(message(TS, "hello", null));

        assertThat(cache.find(TEAM, CHANNEL, "1794819600.000999")).isEmpty();
        assertThat(cache.find(OTHER_TEAM, CHANNEL, TS)).isEmpty();
        assertThat(cache.find(TEAM, "C_OTHER", TS)).isEmpty();
    }

    @Test
    void filesJson_roundTrips() {
        List<SharedFile> files = List.of(
                new SharedFile("F1", "graph.png", "Latency \"p99\" — spike", "https://files.slack.com/F1"),
                new SharedFile("F2", "notes.txt", null, null));
        CachedMessage m = new CachedMessage(TEAM, CHANNEL, TS, null, "U1", null, "file_share", "see graph", files, null,
                false, null, null);

        cache.upsert(m);

        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().files()).containsExactlyElementsOf(files);
    }

    @Test
    void aMessageWithoutFiles_readsBackAnEmptyList() {
        cache.upsert(message(TS, "no files", null));

        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().files()).isNotNull().isEmpty();
    }

    @Test
    void upsertAgain_refreshesTheText_andKeepsFieldsTheNewCopyLacks() {
        cache.upsert(new CachedMessage(TEAM, CHANNEL, TS, "1794819500.000001", "U_AUTHOR", null, null, "first", List.of(),
                null, false, "https://x.slack.com/p1", null));

        cache.upsert(new CachedMessage(TEAM, CHANNEL, TS, null, null, null, null, "second", List.of(), null, false,
                "https://x.slack.com/other", null));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.text()).isEqualTo("second");
        assertThat(m.userId()).isEqualTo("U_AUTHOR");
        assertThat(m.threadTs()).isEqualTo("1794819500.000001");
        assertThat(m.permalink()).isEqualTo("https://x.slack.com/p1");
        assertThat(cache.count(TEAM, CHANNEL)).isEqualTo(1);
    }

    @Test
    void aNewerEdit_replacesTheText() {
        cache.upsert(message(TS, "original", null));

        cache.upsert(message(TS, "edited once", "1794819650.000000"));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.text()).isEqualTo("edited once");
        assertThat(m.editedTs()).isEqualTo("1794819650.000000");
    }

    @Test
    void anOlderEdit_doesNotOverwriteANewerOne() {
        cache.upsert(message(TS, "second edit", "1794819660.000000"));

        cache.upsert(message(TS, "first edit, delivered late", "1794819650.000000"));
        cache.upsert(message(TS, "original, delivered late", null));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.text()).isEqualTo("second edit");
        assertThat(m.editedTs()).isEqualTo("1794819660.000000");
    }

    @Test
    void editTimes_compareAsNumbers_notAsText() {
        cache.upsert(message(TS, "edit at 999999999", "999999999.000000"));

        cache.upsert(message(TS, "edit at 1000000000", "1000000000.000000"));

        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().text()).isEqualTo("edit at 1000000000");
    }

    @Test
    void aDeletedMessage_staysDeleted() {
        cache.upsert(message(TS, "oops, secret", null));
        assertThat(cache.markDeleted(TEAM, CHANNEL, TS)).isEqualTo(1);

        cache.upsert(message(TS, "re-delivered", "1794819700.000000"));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.deleted()).isTrue();
        assertThat(m.text()).isEqualTo("oops, secret");
    }

    @Test
    void upsertOfADeletedCopy_marksTheMessageDeleted() {
        cache.upsert(message(TS, "hello", null));

        cache.upsert(new CachedMessage(TEAM, CHANNEL, TS, null, null, null, "message_deleted", "hello", List.of(), null,
                true, null, null));
        cache.upsert(message(TS, "hello", null));

        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().deleted()).isTrue();
    }

    @Test
    void markDeleted_andSetPermalink_ofAnUnknownMessage_changeNothing() {
        assertThat(cache.markDeleted(TEAM, CHANNEL, TS)).isZero();
        assertThat(cache.setPermalink(TEAM, CHANNEL, TS, "https://x")).isZero();
    }

    @Test
    void deleteArrivingBeforeTheMessage_leavesATombstone_thatTheLateMessageCannotBringBack() {
        Instant deletedAt = SlackTs.toInstant(TS).plusSeconds(60);
        assertThat(cache.markDeleted(TEAM, CHANNEL, TS, SlackTs.toInstant(TS), deletedAt)).isEqualTo(1);

        cache.upsert(message(TS, "hello", null));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.deleted()).isTrue();
        assertThat(m.text()).isEmpty();
        assertThat(cache.deletedAt(TEAM, CHANNEL, TS)).contains(deletedAt);
    }

    @Test
    void deletedTwice_keepsTheEarlierDeletionTime() {
        Instant first = SlackTs.toInstant(TS).plusSeconds(60);
        cache.upsert(message(TS, "hello", null));
        cache.markDeleted(TEAM, CHANNEL, TS, SlackTs.toInstant(TS), first.plusSeconds(5));
        cache.markDeleted(TEAM, CHANNEL, TS, SlackTs.toInstant(TS), first);

        assertThat(cache.deletedAt(TEAM, CHANNEL, TS)).contains(first);
        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().text()).isEqualTo("hello");
    }

    @Test
    void setPermalink_replacesTheLink() {
        cache.upsert(message(TS, "hello", null));

        assertThat(cache.setPermalink(TEAM, CHANNEL, TS, "https://x.slack.com/p1")).isEqualTo(1);

        assertThat(cache.find(TEAM, CHANNEL, TS).orElseThrow().permalink()).isEqualTo("https://x.slack.com/p1");
    }

    @Test
    void listForChannel_isInTimeOrder_repliesIncluded_andCountMatches() {
        cache.upsert(message("1794819700.000000", "later", null));
        cache.upsert(message("999999999.000000", "oldest (shorter ts)", null));
        cache.upsert(new CachedMessage(TEAM, CHANNEL, "1794819650.000000", TS, "U2", null, null, "reply", List.of(),
                null, false, null, null));
        cache.upsert(message(TS, "parent", null));
        cache.upsert(new CachedMessage(TEAM, "C_OTHER", TS, null, "U1", null, null, "elsewhere", List.of(), null, false,
                null, null));

        assertThat(cache.listForChannel(TEAM, CHANNEL)).extracting(CachedMessage::text)
                .containsExactly("oldest (shorter ts)", "parent", "reply", "later");
        assertThat(cache.count(TEAM, CHANNEL)).isEqualTo(4);
        assertThat(cache.count(TEAM, "C_EMPTY")).isZero();
        assertThat(cache.listForChannel(TEAM, "C_EMPTY")).isNotNull().isEmpty();
    }

    @Test
    void aBotMessage_keepsItsBotId() {
        cache.upsert(new CachedMessage(TEAM, CHANNEL, TS, null, null, "B_BOT", "bot_message", "Deploy finished",
                List.of(), null, false, null, null));

        CachedMessage m = cache.find(TEAM, CHANNEL, TS).orElseThrow();
        assertThat(m.botId()).isEqualTo("B_BOT");
        assertThat(m.subtype()).isEqualTo("bot_message");
        assertThat(m.userId()).isNull();
    }
}
