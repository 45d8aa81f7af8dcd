package dev.incidenttimeline.bot.capture.live;

import com.slack.api.model.Message;
import com.slack.api.model.Reaction;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.MessageCacheRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies one page of channel history through the very path live events take: caches each
 * message, applies its edit (text differs from the cached copy), a deletion (a tombstone),
 * and every tagging reaction present. The permalinks of messages about to be tagged are
 * fetched first, with no transaction open; then the whole page is written in one short
 * transaction, together with the caller's bookkeeping (the cursor of the next page), so a
 * page is either applied and counted or neither.
 *
 * <p>The page's messages are locked in time order, one advisory transaction lock each;
 * live events take one such lock at most, so the two cannot deadlock.
 */
final class HistoryPageApplier {
    private final Jdbi jdbi;
    private final Clock clock;
    private final TagRecorder recorder;
    private final ChannelHistory history;

    HistoryPageApplier(Jdbi jdbi, Clock clock, TagRecorder recorder, ChannelHistory history) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.recorder = recorder;
        this.history = history;
    }

    /** What applying pages did. */
    record Applied(int messages, int entriesAdded, int edits) {
        static final Applied NONE = new Applied(0, 0, 0);

        Applied plus(Applied o) {
            return new Applied(messages + o.messages, entriesAdded + o.entriesAdded, edits + o.edits);
        }
    }

    /** A tagging reaction of one user on a message. */
    private record Tag(String reaction, String userId) {
    }

    /**
     * Applies {@code page} in one transaction, then runs {@code alsoInTransaction} in it (which
     * may throw to roll the page back, e.g. when the lease was lost).
     *
     * @param beforeWait run before any wait on Slack (the lease is renewed there)
     */
    Applied apply(Incident inc, List<Message> page, Consumer<Handle> alsoInTransaction, Runnable beforeWait) {
        List<Message> messages = new ArrayList<>(page);
        messages.sort(Comparator.comparing(Message::getTs, SlackTs::compare));
        Map<String, String> links = permalinks(inc, messages, beforeWait);
        Instant now = clock.instant();
        return jdbi.inTransaction(tx -> {
            Applied done = Applied.NONE;
            for (Message msg : messages) {
                CachedMessage m = SlackMessages.fromHistory(inc.teamId(), inc.channelId(), msg);
                String link = links.get(m.ts());
                done = done.plus(applyOne(tx, inc, link == null ? m : MessageResolver.withPermalink(m, link), msg,
                        now));
            }
            alsoInTransaction.accept(tx);
            return done;
        });
    }

    /**
     * The permalinks still to fetch: of messages with a tagging reaction that the cache does
     * not link yet. The cache is read on a handle that is closed before Slack is called.
     */
    private Map<String, String> permalinks(Incident inc, List<Message> messages, Runnable beforeWait) {
        List<String> tagged = messages.stream().filter(m -> !taggingReactions(m).isEmpty()).map(Message::getTs)
                .toList();
        if (tagged.isEmpty()) {
            return Map.of();
        }
        Set<String> known = jdbi.withHandle(h -> {
            MessageCacheRepository cache = AttachedRepositories.of(h, MessageCacheRepository.class);
            Set<String> out = new HashSet<>();
            for (String ts : tagged) {
                if (cache.find(inc.teamId(), inc.channelId(), ts).map(c -> c.permalink() != null).orElse(false)) {
                    out.add(ts);
                }
            }
            return out;
        });
        Map<String, String> links = new HashMap<>();
        for (String ts : tagged) {
            if (!known.contains(ts)) {
                history.permalink(inc.channelId(), ts, beforeWait).ifPresent(link -> links.put(ts, link));
            }
        }
        return links;
    }

    private Applied applyOne(Handle tx, Incident inc, CachedMessage message, Message msg, Instant now) {
        if (!IncidentChannels.lockMessage(tx, inc, message.channelId(), message.ts())) {
            return Applied.NONE;
        }
        TimelineCapture capture = recorder.capture();
        if (SlackMessages.isTombstone(message)) {
            capture.messageDeleted(tx, inc, message.channelId(), message.ts(), now);
            return new Applied(1, 0, 0);
        }
        MessageCacheRepository cache = AttachedRepositories.of(tx, MessageCacheRepository.class);
        Optional<CachedMessage> before = cache.find(inc.teamId(), message.channelId(), message.ts());
        int edits = 0;
        if (before.isPresent() && !before.get().deleted() && !before.get().text().equals(message.text())) {
            String editor = msg.getEdited() != null && msg.getEdited().getUser() != null
                    ? msg.getEdited().getUser() : message.userId();
            edits = capture.messageEdited(tx, inc, message, editor, SlackMessages.instantOr(message.editedTs(), now));
        }
        capture.messagePosted(tx, inc, message);
        CachedMessage stored = cache.find(inc.teamId(), message.channelId(), message.ts()).orElse(message);
        int added = 0;
        for (Tag tag : taggingReactions(msg)) {
            Optional<TimelineCapture.TagOutcome> outcome = recorder.tag(tx, inc, stored, tag.reaction(), tag.userId(),
                    now);
            if (outcome.isPresent() && outcome.get().created()) {
                added++;
            }
        }
        return new Applied(1, added, edits);
    }

    /** Each (emoji, user) pair of a tagging reaction on the message. */
    private List<Tag> taggingReactions(Message msg) {
        List<Tag> out = new ArrayList<>();
        if (msg.getReactions() == null) {
            return out;
        }
        for (Reaction r : msg.getReactions()) {
            if (r.getUsers() == null || recorder.capture().reactions().kindOf(r.getName()).isEmpty()) {
                continue;
            }
            for (String user : r.getUsers()) {
                out.add(new Tag(r.getName(), user));
            }
        }
        return out;
    }
}
