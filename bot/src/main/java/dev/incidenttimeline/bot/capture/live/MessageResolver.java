package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.queue.FetchFirst;
import dev.incidenttimeline.bot.queue.TryAgain;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.InboxRepository;
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
 * the parent we do not know yet. The permalink comes from the cache, or is built from the
 * workspace's address the way Slack builds it ({@link WorkspaceUrls}).
 *
 * <p>It runs inside the inbox transaction, so it never calls Slack itself: what it lacks (the
 * message, or the workspace's address, from {@code auth.test} once per workspace) it asks
 * for with {@link FetchFirst}, and the worker fetches it with no transaction open, stores it,
 * and processes the event again. The caller writes a permalink learned here with
 * {@link #remember} once it holds the message's lock. Retryable Slack failures of a fetch
 * propagate (the inbox worker retries the event, honouring {@code Retry-After}).
 */
final class MessageResolver {
    private static final Logger log = LoggerFactory.getLogger(MessageResolver.class);
    /** Slack no longer has the message: nothing to tag, nothing to retry. */
    static final String MESSAGE_NOT_FOUND = "message_not_found";

    private final SlackGateway slack;
    private final WorkspaceUrls workspaces = new WorkspaceUrls();

    MessageResolver(SlackGateway slack) {
        this.slack = slack;
    }

    /**
     * The message with its permalink, read inside the transaction from the cache.
     *
     * @throws TryAgain when the message is not cached yet but its own event is still in the
     *         inbox: that event caches it
     * @throws FetchFirst when Slack must be asked first: the message is not cached (nor on
     *         its way), or its workspace's address is not known yet
     */
    Optional<ReactedMessage> resolve(Handle h, String teamId, String channelId, String ts) {
        Optional<CachedMessage> cached = AttachedRepositories.of(h, MessageCacheRepository.class).find(teamId, channelId, ts);
        if (cached.isEmpty()) {
            if (AttachedRepositories.of(h, InboxRepository.class).messagePending(teamId,
                    InboxRepository.messageKey(channelId, ts))) {
                // Its own event is in the inbox, or in a batch another worker has not committed:
                // it fills the cache, so waiting for it saves a read from Slack.
                throw new TryAgain("message " + channelId + " " + ts + " is not captured yet");
            }
            throw new FetchFirst("message " + channelId + " " + ts, jdbi -> fetchIntoCache(jdbi, teamId, channelId, ts));
        }
        CachedMessage m = cached.get();
        if (m.permalink() != null || m.deleted()) {
            return Optional.of(new ReactedMessage(m, false, false));
        }
        return Optional.of(new ReactedMessage(withPermalink(m, builtPermalink(teamId, channelId, ts, m.threadTs())),
                false, true));
    }

    /**
     * The permalink of a message, built from its workspace's address.
     *
     * @throws FetchFirst when the address is not known yet ({@code auth.test} is asked for it)
     */
    String builtPermalink(String teamId, String channelId, String ts, String threadTs) {
        return knownPermalink(teamId, channelId, ts, threadTs).orElseThrow(
                () -> new FetchFirst("the web address of workspace " + teamId, jdbi -> {
                    learnWorkspaceUrl(teamId);
                    return true;
                }));
    }

    /** The permalink of a message, built when its workspace's address is already known; never asks Slack. */
    Optional<String> knownPermalink(String teamId, String channelId, String ts, String threadTs) {
        return workspaces.of(teamId).map(base -> WorkspaceUrls.permalink(base, channelId, ts, threadTs));
    }

    /** With no transaction open: reads a message from Slack and caches it; false when it is gone. */
    private boolean fetchIntoCache(org.jdbi.v3.core.Jdbi jdbi, String teamId, String channelId, String ts) {
        Optional<CachedMessage> fetched = fetch(teamId, channelId, ts);
        if (fetched.isEmpty()) {
            return false;
        }
        CachedMessage m = fetched.get();
        workspaces.learn(teamId, m.permalink());
        // An upsert never overwrites a newer edit and never brings a deleted message back.
        jdbi.useHandle(h -> AttachedRepositories.of(h, MessageCacheRepository.class).upsert(m));
        return true;
    }

    private void learnWorkspaceUrl(String teamId) {
        String url = slack.call("auth.test", c -> c.authTest(r -> r)).getUrl();
        if (url == null) {
            throw new IllegalStateException("auth.test gave no url for workspace " + teamId
                    + "; a permalink needs the workspace's address");
        }
        workspaces.learn(teamId, url);
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
        MessageCacheRepository cache = AttachedRepositories.of(h, MessageCacheRepository.class);
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
