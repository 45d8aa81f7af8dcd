package dev.incidenttimeline.bot.outbox;

import dev.incidenttimeline.bot.slack.BroadcastMentions;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.bot.slack.SlackProfiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import com.slack.api.methods.response.bots.BotsInfoResponse.Bot;
import com.slack.api.model.User;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.QueuedWork;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.RetroExportRepository;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import java.util.Base64;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Performs the Slack calls queued in the {@link Outbox}. */
public final class EffectExecutor implements WorkProcessor {
    private static final Logger log = LoggerFactory.getLogger(EffectExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Errors that mean the effect already holds: nothing left to do. */
    private static final Set<String> ALREADY_DONE = Set.of("already_reacted", "already_in_channel", "cant_invite_self");
    /** Answers of users.info / bots.info that no retry changes: the id stays what documents show. */
    private static final Set<String> NO_PROFILE = Set.of("user_not_found", "bot_not_found", "user_not_visible",
            "account_inactive");

    /** The metadata event type of the bot's own posts. */
    static final String POST_EVENT_TYPE = "incident_timeline_post";
    /** How many pages of history a retried post looks through for itself. */
    private static final int MAX_LOOKUP_PAGES = 5;

    private final SlackGateway slack;
    private final Redactor redactor;
    /** Effect kinds performed by features (tracker calls, queued steps), by kind. */
    private final Map<String, WorkProcessor> handlers = new java.util.concurrent.ConcurrentHashMap<>();

    public EffectExecutor(SlackGateway slack) {
        this(slack, Redactor.builtIn());
    }

    /** @param redactor applied again to everything posted, for text stored before a rule existed */
    public EffectExecutor(SlackGateway slack, Redactor redactor) {
        this.slack = slack;
        this.redactor = redactor;
    }

    /** Adds effect kinds a feature performs; two features cannot claim one kind. */
    public EffectExecutor with(Map<String, WorkProcessor> more) {
        more.forEach((kind, handler) -> {
            if (handlers.putIfAbsent(kind, handler) != null) {
                throw new IllegalArgumentException("two handlers of effect kind " + kind);
            }
        });
        return this;
    }

    @Override
    public void parked(Handle h, QueuedWork work, int attempts, String error) throws Exception {
        WorkProcessor handler = handlers.get(work.type());
        if (handler != null) {
            handler.parked(h, work, attempts, error);
            return;
        }
        if (Outbox.UPLOAD_RETRO.equals(work.type())) {
            // The person who exported it was told the file would follow; it will not.
            JsonNode p = JSON.readTree(work.payload());
            String user = p.path("requested_by").asText(null);
            if (user != null) {
                new Outbox(h, work.teamId()).postDirectMessage("upload-parked:" + work.key(), user,
                        QueuedStep.failedText("upload", "the retro of INC-" + p.path("incident_number").asLong()
                                + " to <#" + p.path("channel").asText() + ">", attempts, error, "/incident export"),
                        null);
            }
        }
    }

    @Override
    public void process(Handle h, QueuedWork work) throws Exception {
        WorkProcessor handler = handlers.get(work.type());
        if (handler != null) {
            handler.process(h, work);
            return;
        }
        if (dev.incidenttimeline.store.ActionItemChanges.KIND.equals(work.type())) {
            return; // no feature follows item changes in this runtime (no ticket sync): nothing to do
        }
        JsonNode p = JSON.readTree(work.payload());
        boolean mayHaveHappened = work.attempts() > 0 || work.claims() > 1;
        if (Outbox.POST_MESSAGE.equals(work.type()) && p.hasNonNull("dedupe_key") && mayHaveHappened
                && lookedUpAndFound(p, work)) {
            log.info("post {} is already in {}; not posting it again", work.key(), p.path("channel").asText());
            return;
        }
        try {
            if (Outbox.UPLOAD_RETRO.equals(work.type())) {
                uploadRetro(h, work, p);
                return;
            }
            if (Outbox.FETCH_USER.equals(work.type()) || Outbox.FETCH_BOT.equals(work.type())) {
                fetchProfile(h, work.teamId(), work.type(), p);
                return;
            }
            execute(work.type(), p);
        } catch (SlackCallException e) {
            if (ALREADY_DONE.contains(e.error())) {
                log.debug("{} for {}: {}, nothing to do", work.type(), work.key(), e.error());
                return;
            }
            throw e;
        }
    }

    /** Uploads a retro, then records its permalink (the write follows the call, as for profiles). */
    private void uploadRetro(Handle h, QueuedWork work, JsonNode p) {
        FilesUploadV2Response r = slack.call("files.uploadV2", c -> c.filesUploadV2(upload(p)));
        String permalink = null;
        if (r.getFiles() != null && !r.getFiles().isEmpty()) {
            permalink = r.getFiles().get(0).getPermalink();
        } else if (r.getFile() != null) {
            permalink = r.getFile().getPermalink();
        }
        AttachedRepositories.of(h, RetroExportRepository.class).recordUpload(work.teamId(), p.path("incident_number").asLong(),
                p.path("filename").asText(), permalink, java.time.Instant.now());
    }

    /** Reads a profile and keeps it; the store write follows the call, it never waits on one. */
    private void fetchProfile(Handle h, String teamId, String kind, JsonNode p) {
        SlackUserRepository users = AttachedRepositories.of(h, SlackUserRepository.class);
        if (Outbox.FETCH_USER.equals(kind)) {
            String userId = p.path("user").asText();
            try {
                User u = slack.call("users.info", c -> c.usersInfo(r -> r.user(userId))).getUser();
                users.upsert(SlackProfiles.fromUser(teamId, u));
            } catch (SlackCallException e) {
                if (!NO_PROFILE.contains(e.error())) {
                    throw e;
                }
                log.debug("users.info {}: {}, the id is shown", userId, e.error());
                users.markUnreadable(teamId, userId, true);
            }
            return;
        }
        String botId = p.path("bot").asText();
        try {
            Bot b = slack.call("bots.info", c -> c.botsInfo(r -> r.bot(botId))).getBot();
            if (b != null) {
                users.upsert(SlackProfiles.fromBot(teamId, botId, b));
            }
        } catch (SlackCallException e) {
            if (!NO_PROFILE.contains(e.error())) {
                throw e;
            }
            log.debug("bots.info {}: {}, the id is shown", botId, e.error());
            users.markUnreadable(teamId, botId, true);
        }
    }

    /**
     * A text field of a queued call as it may be posted: user text is re-posted in it, so
     * broadcast mentions are defused and secrets redacted (again: at render, as at capture).
     */
    private String text(JsonNode p, String field) {
        return BroadcastMentions.defuse(redactor.redact(p.path(field).asText()).text());
    }

    /**
     * Whether a post that may have been made already (by a worker that died, or whose reply
     * was lost) is in its channel: Slack returns message metadata with {@code include_all_metadata},
     * and only the bot's own posts carry this event type. Looks from when the post was queued,
     * page by page; replies in a thread are looked for in the thread.
     */
    private boolean lookedUpAndFound(JsonNode p, QueuedWork work) {
        try {
            return alreadyPosted(p, work);
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw e;
            }
            // The history cannot be read (a missing scope): posting is still better than never.
            log.warn("post {}: could not look for an earlier copy ({}); posting", work.key(), e.error());
            return false;
        }
    }

    private boolean alreadyPosted(JsonNode p, QueuedWork work) {
        String channel = p.path("channel").asText();
        String key = p.get("dedupe_key").asText();
        String oldest = work.receivedAt().minusSeconds(60).getEpochSecond() + ".000000";
        String thread = p.hasNonNull("thread_ts") ? p.get("thread_ts").asText() : null;
        String cursor = null;
        for (int page = 0; page < MAX_LOOKUP_PAGES; page++) {
            String c0 = cursor;
            List<Message> messages;
            String next;
            if (thread == null) {
                ConversationsHistoryResponse r = slack.call("conversations.history", c -> c.conversationsHistory(q -> q
                        .channel(channel).oldest(oldest).includeAllMetadata(true).limit(200).cursor(c0)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            } else {
                ConversationsRepliesResponse r = slack.call("conversations.replies", c -> c.conversationsReplies(q -> q
                        .channel(channel).ts(thread).oldest(oldest).includeAllMetadata(true).limit(200).cursor(c0)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            }
            for (Message m : messages == null ? List.<Message>of() : messages) {
                if (m.getMetadata() != null && POST_EVENT_TYPE.equals(m.getMetadata().getEventType())
                        && m.getMetadata().getEventPayload() != null
                        && key.equals(String.valueOf(m.getMetadata().getEventPayload().get("dedupe_key")))) {
                    return true;
                }
            }
            if (next == null || next.isEmpty()) {
                return false;
            }
            cursor = next;
        }
        return false;
    }

    private static Message.Metadata metadata(JsonNode p) {
        return p.hasNonNull("dedupe_key") ? Message.Metadata.builder().eventType(POST_EVENT_TYPE)
                .eventPayload(Map.of("dedupe_key", p.get("dedupe_key").asText())).build() : null;
    }

    private void execute(String kind, JsonNode p) {
        switch (kind) {
            case Outbox.POST_MESSAGE -> slack.call("chat.postMessage", c -> c.chatPostMessage(r -> {
                r.channel(p.path("channel").asText()).text(text(p, "text")).unfurlLinks(false)
                        .metadata(metadata(p));
                if (p.hasNonNull("blocks")) {
                    r.blocksAsString(text(p, "blocks"));
                }
                if (p.hasNonNull("thread_ts")) {
                    r.threadTs(p.get("thread_ts").asText());
                }
                return r;
            }));
            case Outbox.POST_DM -> {
                String channel = slack.call("conversations.open",
                        c -> c.conversationsOpen(r -> r.users(List.of(p.path("user").asText())))).getChannel().getId();
                slack.call("chat.postMessage", c -> c.chatPostMessage(r -> {
                    r.channel(channel).text(text(p, "text")).unfurlLinks(false);
                    if (p.hasNonNull("blocks")) {
                        r.blocksAsString(text(p, "blocks"));
                    }
                    return r;
                }));
            }
            case Outbox.SET_TOPIC -> slack.call("conversations.setTopic",
                    c -> c.conversationsSetTopic(r -> r.channel(p.path("channel").asText())
                            .topic(text(p, "topic"))));
            case Outbox.ADD_REACTION -> slack.call("reactions.add", c -> c.reactionsAdd(r -> r
                    .channel(p.path("channel").asText()).timestamp(p.path("ts").asText())
                    .name(p.path("name").asText())));
            case Outbox.INVITE -> slack.call("conversations.invite", c -> c.conversationsInvite(r -> r
                    .channel(p.path("channel").asText()).users(List.of(p.path("user").asText()))));
            case Outbox.UPLOAD_FILE -> slack.call("files.uploadV2", c -> c.filesUploadV2(upload(p)));
            case Outbox.PUBLISH_HOME -> slack.call("views.publish", c -> c.viewsPublish(r -> r
                    .userId(p.path("user").asText()).viewAsString(text(p, "view"))));
            default -> throw new IllegalStateException("unknown Slack effect kind: " + kind);
        }
    }

    private FilesUploadV2Request upload(JsonNode p) {
        FilesUploadV2Request.FilesUploadV2RequestBuilder b = FilesUploadV2Request.builder()
                .channel(p.path("channel").asText())
                .filename(p.path("filename").asText())
                .title(text(p, "title"));
        if (p.hasNonNull("base64")) {
            b.fileData(Base64.getDecoder().decode(p.get("base64").asText()));
        } else {
            b.content(redactor.redact(p.path("content").asText()).text());
        }
        if (p.hasNonNull("comment")) {
            b.initialComment(text(p, "comment"));
        }
        return b.build();
    }
}
