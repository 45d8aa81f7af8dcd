package dev.incidenttimeline.bot.retro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.outbox.QueuedStep;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.CommandErrorReplies;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.QueuedWork;
import java.io.IOException;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /incident export} after its acknowledgement: the command only queues this step
 * ("Writing the retro…"); the effect worker then checks that the person may see the
 * incident (asking Slack on a membership miss), reads the incident in one short read-only
 * transaction, renders the retro with no transaction open and no row locked, and queues its
 * upload to the channel in another short transaction. A refusal (a private incident the
 * person is not in, an incident deleted meanwhile) is told to them through the
 * command's {@code response_url}; other failures are retried by the worker.
 */
public final class RetroUpload implements QueuedStep {
    private static final Logger log = LoggerFactory.getLogger(RetroUpload.class);
    public static final String KIND = "render_retro";

    /** Renders a loaded retro, as asked for at {@code requestedAt}: the configured layout, compiled once at start. */
    @FunctionalInterface
    public interface Renderer {
        String render(RetroInput input, Instant requestedAt);
    }

    /** Tells the person who asked (through the command's {@code response_url}). */
    @FunctionalInterface
    public interface Reply {
        void send(String responseUrl, String text) throws IOException;
    }

    private final BotContext ctx;
    private final Renderer renderer;
    private final Reply reply;

    public RetroUpload(BotContext ctx, Renderer renderer, Reply reply) {
        this.ctx = ctx;
        this.renderer = java.util.Objects.requireNonNull(renderer, "renderer");
        this.reply = reply;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Queues the step in the caller's transaction; the work is keyed by who asked and when. */
    public static void queue(Handle h, Incident inc, String userId, String channelId, String responseUrl,
            Instant requestedAt) {
        ObjectNode p = JsonNodeFactory.instance.objectNode().put("incident", inc.number()).put("user", userId)
                .put("channel", channelId).put("requested_at", requestedAt.toEpochMilli());
        if (responseUrl != null) {
            p.put("response_url", responseUrl);
        }
        new Outbox(h, inc.teamId()).queueStep("retro:" + inc.key() + ":" + userId + ":" + requestedAt.toEpochMilli(),
                KIND, p);
    }

    @Override
    public void run(Handle h, QueuedWork work, JsonNode p) throws Exception {
        String team = work.teamId();
        String user = p.path("user").asText();
        long number = p.path("incident").asLong();
        Instant requestedAt = Instant.ofEpochMilli(p.path("requested_at").asLong());
        try {
            // Slack is asked about membership before any transaction is opened.
            ctx.recheckVisibility(team, user);
            Loaded loaded = h.inTransaction(tx -> {
                Incident inc = AttachedRepositories.of(tx, IncidentRepository.class).find(team, number)
                        .orElseThrow(() -> new DomainException("INC-" + number + " no longer exists, so there is no"
                                + " retro to export."));
                VisibilityPolicy.requireVisible(tx, inc, user, "retro");
                return new Loaded(inc, Retros.load(tx, inc));
            });
            String markdown = renderer.render(loaded.input(), requestedAt);
            Incident inc = loaded.incident();
            String file = Retros.fileName(inc);
            // The same retro uploads once, however often this step runs; a changed retro uploads again.
            String key = "export:" + inc.key() + ":" + Integer.toHexString(markdown.hashCode());
            h.useTransaction(tx -> new Outbox(tx, team).uploadRetro(key, inc.channelId(), inc.number(), file,
                    inc.key() + " retro: " + SlackText.toPlain(inc.title()), markdown,
                    "Retro of " + inc.key() + ", exported by " + SlackText.mention(user), user));
            ctx.wakeEffects().run();
        } catch (DomainException e) {
            tell(h, team, user, p, CommandErrorReplies.reply(e, "/incident export"));
        }
    }

    /** The retro could not be written, however often it was tried: the person who asked is told by DM. */
    @Override
    public void parked(Handle h, QueuedWork work, JsonNode p, int attempts, String error) {
        String user = p.path("user").asText();
        new Outbox(h, work.teamId()).postDirectMessage("retro-parked:" + work.key(), user,
                QueuedStep.failedText("the retro of INC-" + p.path("incident").asLong(), attempts, error,
                        "/incident export"), null);
    }

    private record Loaded(Incident incident, RetroInput input) {
    }

    private void tell(Handle h, String team, String user, JsonNode p, String text) throws IOException {
        String url = p.hasNonNull("response_url") ? p.get("response_url").asText() : null;
        if (url != null) {
            reply.send(url, text);
        } else {
            h.useTransaction(tx -> new Outbox(tx, team).postDirectMessage("retro-refused:" + user + ":"
                    + p.path("requested_at").asText(), user, text, null));
            ctx.wakeEffects().run();
        }
        log.debug("export for {} refused: {}", user, text);
    }

}
