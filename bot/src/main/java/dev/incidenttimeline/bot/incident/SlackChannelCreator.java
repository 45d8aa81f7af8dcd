package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import dev.incidenttimeline.bot.incident.ChannelCreator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates incident channels with {@code conversations.create}. Slack has no look-up of a
 * channel by name, so adopting a channel whose creation reply was lost pages through
 * {@code conversations.list} (public and private: the bot is a member of the private
 * channels it made) and takes the channel of that name only when the bot is its creator;
 * a channel someone else made keeps its {@code name_taken}, and the caller moves to {@code -2}.
 */
final class SlackChannelCreator implements ChannelCreator {
    private static final Logger log = LoggerFactory.getLogger(SlackChannelCreator.class);
    private final SlackGateway slack;
    private final AtomicReference<String> botUserId = new AtomicReference<>();

    SlackChannelCreator(SlackGateway slack) {
        this.slack = slack;
    }

    @Override
    public String create(String name, boolean isPrivate) {
        return slack.call("conversations.create", c -> c.conversationsCreate(r -> r.name(name).isPrivate(isPrivate)))
                .getChannel().getId();
    }

    @Override
    public String createOrAdopt(String name, boolean isPrivate, boolean recordedBefore) {
        try {
            return create(name, isPrivate);
        } catch (SlackCallException e) {
            if (!recordedBefore || !"name_taken".equals(e.error())) {
                throw e;
            }
            Optional<String> own = findOwn(name);
            if (own.isEmpty()) {
                throw e;
            }
            log.info("adopting #{} ({}): an earlier attempt created it and its reply was lost", name, own.get());
            return own.get();
        }
    }

    private Optional<String> findOwn(String name) {
        String me = botUserId();
        String cursor = null;
        do {
            String page = cursor;
            ConversationsListResponse r = slack.call("conversations.list", c -> c.conversationsList(q -> q
                    .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                    .excludeArchived(true).limit(1000).cursor(page)));
            for (Conversation ch : r.getChannels()) {
                if (name.equals(ch.getName())) {
                    return me.equals(ch.getCreator()) ? Optional.of(ch.getId()) : Optional.empty();
                }
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return Optional.empty();
    }

    private String botUserId() {
        String id = botUserId.get();
        if (id == null) {
            id = slack.call("auth.test", c -> c.authTest(r -> r)).getUserId();
            botUserId.set(id);
        }
        return id;
    }
}
