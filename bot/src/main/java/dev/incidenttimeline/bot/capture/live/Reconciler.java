package dev.incidenttimeline.bot.capture.live;

import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import com.slack.api.model.Reaction;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.JobRunRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-fills what the bot missed while it was down (or an event Slack gave up delivering):
 * reads an open incident's channel since the newest message it has seen (the incident's
 * {@code last_message_ts} watermark, minus a short look-back) with
 * {@code conversations.history}, and each thread with new replies with
 * {@code conversations.replies}; then, oldest first, caches the messages, applies edits
 * (text differs from the cached copy) and tags every tagging reaction present, through the
 * very path live events take.
 *
 * <p>Idempotent (running it twice changes nothing the second time) and safe on any number
 * of replicas at once: one incident is reconciled by one replica at a time, under a
 * PostgreSQL advisory lock that dies with its connection. Live events and reconciliation
 * take the same per-message lock before writing, so they interleave safely.
 *
 * <p>What it does not see: reactions removed and messages deleted while the bot was down
 * (history shows what is there, not what went away), and activity on messages, or in
 * threads, older than the look-back before the watermark.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Re-read this much before the watermark: reactions and edits land on recent messages. */
    public static final Duration DEFAULT_LOOK_BACK = Duration.ofHours(1);
    /** The longest Retry-After reconciliation waits out in place. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final String LOCK_SCOPE = "reconcile";
    private static final int PAGE_SIZE = 200;
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    private static final Duration LOCK_POLL = Duration.ofMillis(200);

    private final Jdbi jdbi;
    private final SlackGateway slack;
    private final Clock clock;
    private final TagRecorder recorder;
    private final MessageResolver resolver;
    private final Duration lookBack;

    /** A reconciler with the running bot's settings (tagging emoji, confirmation, zone). */
    public Reconciler(BotContext ctx) {
        this(ctx.jdbi(), ctx.slack(), ctx.clock(),
                new TagRecorder(new TimelineCapture(ctx.settings().reactions(), ctx.settings().zone(),
                        ctx.settings().redactor()),
                        ctx.settings().tagConfirmation()),
                DEFAULT_LOOK_BACK);
    }

    Reconciler(Jdbi jdbi, SlackGateway slack, Clock clock, TagRecorder recorder, Duration lookBack) {
        this.jdbi = jdbi;
        this.slack = slack;
        this.clock = clock;
        this.recorder = recorder;
        this.resolver = new MessageResolver(slack);
        this.lookBack = lookBack;
    }

    /** What one run did. */
    public record Result(int incidents, int messages, int entriesAdded, int edits, int busy) {
        static final Result NONE = new Result(0, 0, 0, 0, 0);

        Result plus(Result o) {
            return new Result(incidents + o.incidents, messages + o.messages, entriesAdded + o.entriesAdded,
                    edits + o.edits, busy + o.busy);
        }
    }

    /**
     * Reconciles one incident's channel now, for {@code resolve} (so that the retro misses
     * nothing) or any caller that needs the timeline complete. When another replica is
     * reconciling the same incident it waits for that run (up to a minute) and then runs
     * itself, which costs little because the watermark has moved.
     *
     * <p>Call it outside any transaction of your own, in particular not while holding the
     * incident's row (its writes lock that row); it makes Slack calls and may take seconds.
     *
     * @throws SlackCallException when Slack keeps failing (after retries honouring Retry-After)
     *                            or refuses (e.g. {@code not_in_channel})
     */
    public Result reconcile(String teamId, Incident incident) {
        Objects.requireNonNull(teamId, "teamId");
        return reconcile(teamId, incident.number(), true);
    }

    /**
     * Reconciles every open incident of every workspace (on start). An incident another
     * replica is already reconciling is skipped ({@link Result#busy()}); a failure in one
     * incident is logged and does not stop the others.
     */
    public Result reconcileOpenIncidents() {
        List<Incident> open = new ArrayList<>();
        jdbi.useHandle(h -> {
            IncidentRepository incidents = h.attach(IncidentRepository.class);
            for (String team : incidents.listTeams()) {
                open.addAll(incidents.listOpen(team));
            }
        });
        Result total = Result.NONE;
        for (Incident inc : open) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (inc.channelId() == null) {
                continue;
            }
            try {
                total = total.plus(reconcile(inc.teamId(), inc.number(), false));
            } catch (RuntimeException e) {
                log.warn("reconciling {} of {} failed, left for the next start or resolve: {}", inc.key(),
                        inc.teamId(), e.getMessage());
            }
        }
        log.info("reconciled {} open incident(s): {} message(s) read, {} entr(ies) added, {} edit(s), {} busy",
                total.incidents(), total.messages(), total.entriesAdded(), total.edits(), total.busy());
        return total;
    }

    private Result reconcile(String teamId, long number, boolean wait) {
        String key = Long.toString(number);
        return jdbi.withHandle(h -> {
            JobRunRepository jobs = h.attach(JobRunRepository.class);
            if (!acquire(jobs, teamId, key, wait)) {
                log.info("INC-{} of {} is being reconciled by another replica", number, teamId);
                return new Result(0, 0, 0, 0, 1);
            }
            try {
                return run(h, teamId, number);
            } finally {
                jobs.unlock(LOCK_SCOPE, teamId, key);
            }
        });
    }

    private static boolean acquire(JobRunRepository jobs, String teamId, String key, boolean wait) {
        if (jobs.tryLock(LOCK_SCOPE, teamId, key)) {
            return true;
        }
        if (!wait) {
            return false;
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            pause(LOCK_POLL);
            if (jobs.tryLock(LOCK_SCOPE, teamId, key)) {
                return true;
            }
        }
        throw new IllegalStateException("INC-" + key + " of " + teamId + " is still being reconciled elsewhere");
    }

    /** Runs on {@code h}, which holds the advisory lock; each message is written in its own transaction. */
    private Result run(Handle h, String teamId, long number) {
        Optional<Incident> found = h.attach(IncidentRepository.class).find(teamId, number);
        if (found.isEmpty() || found.get().channelId() == null) {
            return Result.NONE;
        }
        Incident inc = found.get();
        String channel = inc.channelId();
        String oldest = oldest(watermark(h, inc));
        List<Message> messages = read(channel, oldest);
        int entries = 0;
        int edits = 0;
        for (Message m : messages) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("reconciliation of " + inc.key() + " interrupted");
            }
            Applied done = apply(h, inc, m);
            entries += done.entriesAdded();
            edits += done.edits();
        }
        if (entries + edits > 0) {
            log.info("reconciled {} of {}: {} message(s), {} entr(ies) added, {} edit(s)", inc.key(), teamId,
                    messages.size(), entries, edits);
        }
        String seen = watermark(h, inc);
        if (seen != null) {
            h.attach(IncidentRepository.class).advanceLastMessageTs(teamId, number, seen);
        }
        return new Result(1, messages.size(), entries, edits, 0);
    }

    /**
     * The newest message this database has seen in the channel: the stored watermark (moved
     * by reconciliation and imports) or the newest message cached live since, whichever is later.
     */
    private static String watermark(Handle h, Incident inc) {
        String stored = inc.lastMessageTs();
        String cached = h.attach(MessageCacheRepository.class).latestTs(inc.teamId(), inc.channelId()).orElse(null);
        if (stored == null || cached == null) {
            return stored != null ? stored : cached;
        }
        return SlackTs.compare(stored, cached) >= 0 ? stored : cached;
    }

    /** The channel's messages since {@code oldest} and the replies in their threads, oldest first. */
    private List<Message> read(String channel, String oldest) {
        Map<String, Message> byTs = new LinkedHashMap<>();
        List<Message> top = history(channel, oldest);
        top.forEach(m -> byTs.putIfAbsent(m.getTs(), m));
        for (Message parent : top) {
            if (hasRepliesSince(parent, oldest)) {
                for (Message reply : replies(channel, parent.getTs(), oldest)) {
                    if (!parent.getTs().equals(reply.getTs())) {
                        byTs.putIfAbsent(reply.getTs(), reply);
                    }
                }
            }
        }
        // Oldest first, so that the watermark only moves past what has been applied.
        List<Message> all = new ArrayList<>(byTs.values());
        all.sort(Comparator.comparing(Message::getTs, SlackTs::compare));
        return all;
    }

    private static boolean hasRepliesSince(Message m, String oldest) {
        if (m.getReplyCount() == null || m.getReplyCount() == 0) {
            return false;
        }
        return oldest == null || m.getLatestReply() == null || SlackTs.compare(m.getLatestReply(), oldest) >= 0;
    }

    private List<Message> history(String channel, String oldest) {
        List<Message> out = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            ConversationsHistoryResponse r = withRetry(() -> slack.call("conversations.history",
                    c -> c.conversationsHistory(q -> q.channel(channel).oldest(oldest).inclusive(oldest != null)
                            .limit(PAGE_SIZE).cursor(page))));
            if (r.getMessages() != null) {
                r.getMessages().stream().filter(m -> SlackMessages.isTs(m.getTs())).forEach(out::add);
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return out;
    }

    private List<Message> replies(String channel, String threadTs, String oldest) {
        List<Message> out = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            ConversationsRepliesResponse r = withRetry(() -> slack.call("conversations.replies",
                    c -> c.conversationsReplies(q -> q.channel(channel).ts(threadTs).oldest(oldest)
                            .inclusive(oldest != null).limit(PAGE_SIZE).cursor(page))));
            if (r.getMessages() != null) {
                r.getMessages().stream().filter(m -> SlackMessages.isTs(m.getTs())).forEach(out::add);
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return out;
    }

    /** A tagging reaction of one user on a message. */
    private record Tag(String reaction, String userId) {
    }

    /** What applying one message did. */
    private record Applied(int entriesAdded, int edits) {
    }

    /** Caches one message, applies its edit, and tags its tagging reactions, in one transaction. */
    private Applied apply(Handle h, Incident inc, Message msg) {
        String teamId = inc.teamId();
        CachedMessage m = SlackMessages.fromHistory(teamId, inc.channelId(), msg);
        List<Tag> tags = taggingReactions(msg);
        MessageCacheRepository cache = h.attach(MessageCacheRepository.class);
        if (!tags.isEmpty()) {
            // The permalink is fetched before the transaction: no Slack call while holding locks.
            boolean known = cache.find(teamId, m.channelId(), m.ts()).map(c -> c.permalink() != null).orElse(false);
            if (!known) {
                String channel = m.channelId();
                String ts = m.ts();
                Optional<String> link = withRetry(() -> resolver.permalink(channel, ts));
                if (link.isPresent()) {
                    m = MessageResolver.withPermalink(m, link.get());
                }
            }
        }
        CachedMessage message = m;
        Instant now = clock.instant();
        return h.inTransaction(tx -> {
            if (!IncidentChannels.lockMessage(tx, inc, message.channelId(), message.ts())) {
                return new Applied(0, 0);
            }
            TimelineCapture capture = recorder.capture();
            if (SlackMessages.isTombstone(message)) {
                capture.messageDeleted(tx, inc, message.channelId(), message.ts(), now);
                return new Applied(0, 0);
            }
            MessageCacheRepository txCache = tx.attach(MessageCacheRepository.class);
            Optional<CachedMessage> before = txCache.find(teamId, message.channelId(), message.ts());
            int edits = 0;
            if (before.isPresent() && !before.get().deleted() && !before.get().text().equals(message.text())) {
                String editor = msg.getEdited() != null && msg.getEdited().getUser() != null
                        ? msg.getEdited().getUser() : message.userId();
                edits = capture.messageEdited(tx, inc, message, editor,
                        SlackMessages.instantOr(message.editedTs(), now));
            }
            capture.messagePosted(tx, inc, message);
            CachedMessage stored = txCache.find(teamId, message.channelId(), message.ts()).orElse(message);
            int added = 0;
            for (Tag tag : tags) {
                Optional<TimelineCapture.TagOutcome> outcome = recorder.tag(tx, inc, stored, tag.reaction(),
                        tag.userId(), now);
                if (outcome.isPresent() && outcome.get().created()) {
                    added++;
                }
            }
            return new Applied(added, edits);
        });
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

    /** Where reading starts: the watermark minus the look-back, or the whole channel without one. */
    String oldest(String watermark) {
        if (watermark == null || !SlackMessages.isTs(watermark)) {
            return null;
        }
        Instant from = SlackTs.toInstant(watermark).minus(lookBack);
        if (from.isBefore(Instant.EPOCH)) {
            return null;
        }
        return String.format("%d.%06d", from.getEpochSecond(), from.getNano() / 1000);
    }

    /** Runs a Slack call, waiting out rate limits and transient failures a few times. */
    private static <T> T withRetry(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SlackCallException e) {
                if (!e.retryable() || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1L << (attempt - 1)));
                if (wait.compareTo(MAX_WAIT) > 0) {
                    // A long Retry-After (history is rate-limited hard for some apps): give up for
                    // now rather than hold a connection; the next start or resolve tries again.
                    throw e;
                }
                log.info("{} failed ({}), trying again in {} s", e.method(), e.error(), wait.toSeconds());
                pause(wait);
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconciliation interrupted", e);
        }
    }
}
