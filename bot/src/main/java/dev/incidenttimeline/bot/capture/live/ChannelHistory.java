package dev.incidenttimeline.bot.capture.live;

import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import dev.incidenttimeline.bot.queue.RetryPolicy;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a channel one page at a time: {@code conversations.history} (newest first, as Slack
 * pages it) and {@code conversations.replies} of a thread. Touches no database: it is called
 * with no connection held. Rate limits and transient failures are waited out in place by
 * {@link #RETRY}; before each wait the caller's {@code beforeWait} runs (the reconciler renews
 * its lease there), and a {@code Retry-After} longer than the policy waits in place ends the
 * run, to be resumed from its saved cursor by the next one.
 */
final class ChannelHistory {
    private static final Logger log = LoggerFactory.getLogger(ChannelHistory.class);
    static final int PAGE_SIZE = 200;
    /** 1 s, doubling, 30 s at most; five tries; a longer {@code Retry-After} gives up for now. */
    static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
            RetryPolicy.LongRetryAfter.GIVE_UP);

    /** One page: its messages (those with a real ts) and the cursor of the next page, null after the last. */
    record Page(List<Message> messages, String nextCursor) {
    }

    private final SlackGateway slack;
    private final MessageResolver resolver;
    private final Sleeper sleeper;

    /** How a wait is made; tests and the lease renewal go through it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    ChannelHistory(SlackGateway slack) {
        this(slack, d -> Thread.sleep(d.toMillis()));
    }

    ChannelHistory(SlackGateway slack, Sleeper sleeper) {
        this.slack = slack;
        this.resolver = new MessageResolver(slack);
        this.sleeper = sleeper;
    }

    /** The page of top-level messages since {@code oldest} (null: all) at {@code cursor} (null: the newest). */
    Page history(String channel, String oldest, String cursor, Runnable beforeWait) {
        ConversationsHistoryResponse r = withRetry(() -> slack.call("conversations.history",
                c -> c.conversationsHistory(q -> q.channel(channel).oldest(oldest).inclusive(oldest != null)
                        .limit(PAGE_SIZE).cursor(cursor))), beforeWait);
        return page(r.getMessages(), r.getResponseMetadata() == null ? null
                : r.getResponseMetadata().getNextCursor());
    }

    /** A page of a thread's replies since {@code oldest} (the parent, which Slack repeats, left out). */
    Page replies(String channel, String threadTs, String oldest, String cursor, Runnable beforeWait) {
        ConversationsRepliesResponse r = withRetry(() -> slack.call("conversations.replies",
                c -> c.conversationsReplies(q -> q.channel(channel).ts(threadTs).oldest(oldest)
                        .inclusive(oldest != null).limit(PAGE_SIZE).cursor(cursor))), beforeWait);
        List<Message> replies = r.getMessages() == null ? List.of()
                : r.getMessages().stream().filter(m -> !threadTs.equals(m.getTs())).toList();
        return page(replies, r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor());
    }

    /** A message's permalink, for a message about to be tagged; empty when Slack says it is gone. */
    Optional<String> permalink(String channel, String ts, Runnable beforeWait) {
        return withRetry(() -> resolver.permalink(channel, ts), beforeWait);
    }

    /** Whether a top-level message has replies since {@code oldest}, so its thread is worth reading. */
    static boolean hasRepliesSince(Message m, String oldest) {
        if (m.getReplyCount() == null || m.getReplyCount() == 0) {
            return false;
        }
        return oldest == null || m.getLatestReply() == null
                || dev.incidenttimeline.domain.SlackTs.compare(m.getLatestReply(), oldest) >= 0;
    }

    private static Page page(List<Message> messages, String next) {
        List<Message> real = messages == null ? List.of()
                : messages.stream().filter(m -> SlackMessages.isTs(m.getTs())).toList();
        return new Page(real, next == null || next.isEmpty() ? null : next);
    }

    private <T> T withRetry(Supplier<T> call, Runnable beforeWait) {
        for (int failures = 1; ; failures++) {
            try {
                return call.get();
            } catch (SlackCallException e) {
                Optional<Duration> wait = RETRY.next(failures, e);
                if (wait.isEmpty()) {
                    // Out of tries, a refusal, or a long Retry-After (history is rate-limited hard
                    // for some apps): stop here; the next start or resolve resumes from the cursor.
                    throw e;
                }
                log.info("{} failed ({}), trying again in {} ms", e.method(), e.error(), wait.get().toMillis());
                beforeWait.run();
                try {
                    sleeper.sleep(wait.get());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("reconciliation interrupted", ie);
                }
            }
        }
    }
}
