package dev.incidenttimeline.bot.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.EffectRepository;
import org.jdbi.v3.core.Handle;

/**
 * Queues Slack Web API calls in the caller's transaction, so that a change and the messages
 * announcing it commit together. The worker performs them with retries; the dedupe key
 * keeps each effect single when its cause is processed twice. Slack-free: payloads are
 * plain JSON, executed by the bot's effect executor.
 */
public final class Outbox {
    public static final String POST_MESSAGE = "post_message";
    public static final String SET_TOPIC = "set_topic";
    public static final String ADD_REACTION = "add_reaction";
    public static final String INVITE = "invite";
    public static final String UPLOAD_FILE = "upload_file";
    public static final String PUBLISH_HOME = "publish_home";
    public static final String POST_DM = "post_dm";
    public static final String FETCH_USER = "fetch_user";
    public static final String FETCH_BOT = "fetch_bot";
    public static final String UPLOAD_RETRO = "upload_retro";

    static final ObjectMapper JSON = new ObjectMapper();

    private final String teamId;
    private final EffectRepository effects;

    public Outbox(Handle h, String teamId) {
        this.teamId = teamId;
        this.effects = AttachedRepositories.of(h, EffectRepository.class);
    }

    /** Posts a message; {@code blocksJson} and {@code threadTs} may be null. */
    public boolean postMessage(String dedupeKey, String channel, String text, String blocksJson, String threadTs) {
        // The key travels with the post as Slack message metadata, so a retry can find a post
        // that was made before its worker died or its reply was lost.
        ObjectNode p = JSON.createObjectNode().put("channel", channel).put("text", text).put("dedupe_key", dedupeKey);
        if (blocksJson != null) {
            p.put("blocks", blocksJson);
        }
        if (threadTs != null) {
            p.put("thread_ts", threadTs);
        }
        return enqueue(dedupeKey, POST_MESSAGE, p, "post:" + channel, false);
    }

    /** Sends a direct message to a user. */
    public boolean postDirectMessage(String dedupeKey, String userId, String text, String blocksJson) {
        ObjectNode p = JSON.createObjectNode().put("user", userId).put("text", text);
        if (blocksJson != null) {
            p.put("blocks", blocksJson);
        }
        return enqueue(dedupeKey, POST_DM, p);
    }

    public boolean setTopic(String dedupeKey, String channel, String topic) {
        return enqueue(dedupeKey, SET_TOPIC, JSON.createObjectNode().put("channel", channel).put("topic", topic),
                "topic:" + channel, true);
    }

    public boolean addReaction(String dedupeKey, String channel, String ts, String name) {
        return enqueue(dedupeKey, ADD_REACTION,
                JSON.createObjectNode().put("channel", channel).put("ts", ts).put("name", name));
    }

    public boolean invite(String dedupeKey, String channel, String userId) {
        return enqueue(dedupeKey, INVITE, JSON.createObjectNode().put("channel", channel).put("user", userId));
    }

    /** Uploads a text file (retro, report) to a channel, with an optional comment. */
    public boolean uploadText(String dedupeKey, String channel, String filename, String title, String content,
            String comment) {
        ObjectNode p = JSON.createObjectNode().put("channel", channel).put("filename", filename).put("title", title)
                .put("content", content);
        if (comment != null) {
            p.put("comment", comment);
        }
        return enqueue(dedupeKey, UPLOAD_FILE, p, "post:" + channel, false);
    }

    /**
     * Uploads an incident's retro (Markdown) to a channel, as {@link #uploadText}, and then
     * records where it went (the file's permalink), so the weekly report links it. When the
     * upload is parked, {@code requestedBy} is told by DM.
     */
    public boolean uploadRetro(String dedupeKey, String channel, long incidentNumber, String filename, String title,
            String content, String comment, String requestedBy) {
        ObjectNode p = JSON.createObjectNode().put("channel", channel).put("filename", filename).put("title", title)
                .put("content", content).put("incident_number", incidentNumber).put("requested_by", requestedBy);
        if (comment != null) {
            p.put("comment", comment);
        }
        return enqueue(dedupeKey, UPLOAD_RETRO, p, "post:" + channel, false);
    }

    /** Uploads binary data (a chart PNG), stored base64 in the payload. */
    public boolean uploadBytes(String dedupeKey, String channel, String filename, String title, byte[] data,
            String comment) {
        ObjectNode p = JSON.createObjectNode().put("channel", channel).put("filename", filename).put("title", title)
                .put("base64", java.util.Base64.getEncoder().encodeToString(data));
        if (comment != null) {
            p.put("comment", comment);
        }
        return enqueue(dedupeKey, UPLOAD_FILE, p, "post:" + channel, false);
    }

    /** Publishes an App Home view (Block Kit JSON) for a user. */
    public boolean publishHome(String dedupeKey, String userId, String viewJson) {
        return enqueue(dedupeKey, PUBLISH_HOME, JSON.createObjectNode().put("user", userId).put("view", viewJson),
                "home:" + userId, true);
    }

    /** Reads a member's profile ({@code users.info}) into the cached profiles; once per member. */
    public boolean fetchUser(String userId) {
        return enqueue("users.info:" + userId, FETCH_USER, JSON.createObjectNode().put("user", userId));
    }

    /** Reads a bot's name ({@code bots.info}) into the cached profiles; once per bot. */
    public boolean fetchBot(String botId) {
        return enqueue("bots.info:" + botId, FETCH_BOT, JSON.createObjectNode().put("bot", botId));
    }

    /**
     * Queues a feature's own step ({@link QueuedStep}) with its payload; returns false when
     * one with that key was already queued.
     */
    public boolean queueStep(String dedupeKey, String kind, com.fasterxml.jackson.databind.JsonNode payload) {
        return effects.enqueue(teamId, dedupeKey, kind, payload.toString());
    }

    private boolean enqueue(String dedupeKey, String kind, ObjectNode payload) {
        return effects.enqueue(teamId, dedupeKey, kind, payload.toString());
    }

    /**
     * Queues an effect on a target ({@code orderKey}): posts and uploads to one channel keep
     * their order; a topic or an App Home view ({@code replaces}) is only worth making when it
     * is the newest for its target, so the last write wins.
     */
    private boolean enqueue(String dedupeKey, String kind, ObjectNode payload, String orderKey, boolean replaces) {
        return effects.enqueue(teamId, dedupeKey, kind, payload.toString(), orderKey, replaces);
    }
}
