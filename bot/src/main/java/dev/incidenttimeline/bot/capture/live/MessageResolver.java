package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.store.MessageCacheRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the message a reaction or a pin points at. The cache answers almost always; on a
 * miss exactly one Web API call reads it: {@code reactions.get}, because it works for top-level
 * messages and thread replies alike (its permalink names the thread), whereas
 * {@code conversations.history} cannot see replies and {@code conversations.replies} needs
 * the parent we do not know yet. The permalink comes from the cache, or once from
 * {@code chat.getPermalink}.
 *
 * <p>Reads only: the caller writes what was learned with {@link #remember} once it holds the
 * incident's lock, so that Slack calls never run while a lock is held. Retryable Slack
 * failures propagate (the inbox worker retries the event, honouring {@code Retry-After}).
 */
final class MessageResolver {
    private static final Logger log = LoggerFactory.getLogger(MessageResolver.class);
    /** Slack no longer has the message: nothing to tag, nothing to retry. */
    static final String MESSAGE_NOT_FOUND = "message_not_found";

    private final SlackGateway slack;

    MessageResolver(SlackGateway slack) {
        this.slack = slack;
    }

    /** The message with its permalink; empty when Slack says it no longer exists. */
    Optional<ReactedMessage> resolve(Handle h, String teamId, String channelId, String ts) {
        Optional<CachedMessage> cached = h.attach(MessageCacheRepository.class).find(teamId, channelId, ts);
        if (cached.isPresent()) {
            CachedMessage m = cached.get();
            if (m.permalink() != null || m.deleted()) {
                return Optional.of(new ReactedMessage(m, false, false));
            }
            return Optional.of(permalink(channelId, ts)
                    .map(link -> new ReactedMessage(withPermalink(m, link), false, true))
                    .orElseGet(() -> new ReactedMessage(m, false, false)));
        }
        return fetch(teamId, channelId, ts).map(m -> new ReactedMessage(m, true, false));
    }

    /** Reads one message from Slack with {@code reactions.get}; empty when it is gone. */
    Optional<CachedMessage> fetch(String teamId, String channelId, String ts) {
        try {
            var response = slack.call("reactions.get",
                    c -> c.reactionsGet(r -> r.channel(channelId).timestamp(ts).full(true)));
            if (response.getMessage() == null || !ts.equals(response.getMessage().getTs())) {
                log.info("reactions.get for {} {} returned no such message", channelId, ts);
                return Optional.empty();
            }
            return Optional.of(SlackMessages.fromReactionsGet(teamId, channelId, response.getMessage()));
        } catch (SlackCallException e) {
            if (MESSAGE_NOT_FOUND.equals(e.error())) {
                log.info("message {} {} no longer exists; nothing to tag", channelId, ts);
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The permalink of a message from {@code chat.getPermalink}; empty when the message is gone. */
    Optional<String> permalink(String channelId, String ts) {
        try {
            return Optional.ofNullable(slack.call("chat.getPermalink",
                    c -> c.chatGetPermalink(r -> r.channel(channelId).messageTs(ts))).getPermalink());
        } catch (SlackCallException e) {
            if (MESSAGE_NOT_FOUND.equals(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Writes into the cache what resolving learned (call it holding the incident lock). */
    static void remember(Handle h, ReactedMessage r) {
        MessageCacheRepository cache = h.attach(MessageCacheRepository.class);
        CachedMessage m = r.message();
        if (r.fetched()) {
            cache.upsert(m);
        } else if (r.permalinkFetched()) {
            cache.setPermalink(m.teamId(), m.channelId(), m.ts(), m.permalink());
        }
    }

    static CachedMessage withPermalink(CachedMessage m, String permalink) {
        return new CachedMessage(m.teamId(), m.channelId(), m.ts(), m.threadTs(), m.userId(), m.botId(), m.subtype(),
                m.text(), m.files(), m.editedTs(), m.deleted(), permalink, m.postedAt());
    }
}
