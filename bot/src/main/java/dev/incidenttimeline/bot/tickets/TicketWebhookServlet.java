package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.config.TicketSettings;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.TicketRepository;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/jira|github|linear}: the tracker's changes to a ticket, copied to its
 * item. Checked before anything is read: a webhook that is not for the configured tracker,
 * or not signed with {@code TICKETS_WEBHOOK_SECRET}, gets 401 and changes nothing. A signed one
 * about a ticket we do not know is answered 200 and ignored (the tracker would otherwise retry it).
 */
final class TicketWebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(TicketWebhookServlet.class);
    private static final int MAX_BODY = 1 << 20;
    /** Linear puts the send time in the body; older deliveries are replays. */
    private static final Duration LINEAR_WINDOW = Duration.ofMinutes(5);

    private final transient Jdbi jdbi;
    private final transient TicketSettings settings;
    private final transient TicketSync sync;
    private final transient Clock clock;
    private final transient Runnable wakeEffects;

    TicketWebhookServlet(Jdbi jdbi, TicketSettings settings, TicketSync sync, Clock clock, Runnable wakeEffects) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.sync = sync;
        this.clock = clock;
        this.wakeEffects = wakeEffects;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String tracker = path.startsWith("/") ? path.substring(1) : path;
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            reply(resp, 413, "{\"error\":\"body too large\"}");
            return;
        }
        if (settings.tracker().isEmpty() || !settings.tracker().get().code().equals(tracker)
                || settings.webhookSecret().isEmpty()) {
            log.info("webhook for {} refused: not the configured tracker, or no TICKETS_WEBHOOK_SECRET", path);
            reply(resp, 401, "{\"error\":\"unknown webhook\"}");
            return;
        }
        String secret = settings.webhookSecret().get();
        boolean signed = switch (tracker) {
            case "jira" -> WebhookSignatures.valid(secret, body, req.getHeader("X-Hub-Signature"), true)
                    || WebhookSignatures.equal(secret, req.getParameter("token"));
            case "github" -> WebhookSignatures.valid(secret, body, req.getHeader("X-Hub-Signature-256"), true);
            default -> WebhookSignatures.valid(secret, body, req.getHeader("Linear-Signature"), false);
        };
        if (!signed) {
            log.info("webhook for {} refused: missing or wrong signature", tracker);
            reply(resp, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        JsonNode json;
        try {
            json = TrackerHttp.JSON.readTree(body);
        } catch (IOException e) {
            reply(resp, 400, "{\"error\":\"the body is not JSON\"}");
            return;
        }
        if (json == null || !json.isObject()) {
            reply(resp, 400, "{\"error\":\"the body is not a JSON object\"}");
            return;
        }
        if ("linear".equals(tracker) && json.has("webhookTimestamp")) {
            long sent = json.path("webhookTimestamp").asLong();
            if (Math.abs(clock.millis() - sent) > LINEAR_WINDOW.toMillis()) {
                reply(resp, 401, "{\"error\":\"stale delivery\"}");
                return;
            }
        }
        Optional<RemoteTicket> remote = ticketOf(tracker, json, req.getHeader("X-GitHub-Event"));
        if (remote.isEmpty()) {
            reply(resp, 200, "{\"ok\":true,\"ignored\":\"not an issue change\"}");
            return;
        }
        RemoteTicket r = remote.get();
        Optional<ActionTicket> ours = jdbi.withHandle(h -> AttachedRepositories.of(h, TicketRepository.class)
                .findByTicket(tracker, r.id()).or(() -> AttachedRepositories.of(h, TicketRepository.class)
                        .findByTicket(tracker, r.key())));
        if (ours.isEmpty()) {
            reply(resp, 200, "{\"ok\":true,\"ignored\":\"not a ticket of an action item\"}");
            return;
        }
        String team = jdbi.withHandle(h -> AttachedRepositories.of(h, TicketRepository.class).findTeam(tracker, ours.get().ticketId())
                .orElseThrow());
        try {
            jdbi.useHandle(h -> sync.applyWebhook(h, team, ours.get(), r));
        } catch (TrackerException e) {
            // Finding who the new assignee is asks the tracker; when it cannot answer, let it send again.
            log.warn("webhook for {} {}: {}", tracker, r.key(), e.getMessage());
            reply(resp, 503, "{\"error\":\"try again\"}");
            return;
        }
        wakeEffects.run();
        reply(resp, 200, "{\"ok\":true}");
    }

    /** The ticket a delivery is about, when it is about a change of one. */
    private Optional<RemoteTicket> ticketOf(String tracker, JsonNode json, String githubEvent) {
        Optional<TrackerClient> client = sync.tracker();
        if (client.isEmpty()) {
            return Optional.empty();
        }
        switch (tracker) {
            case "jira" -> {
                String event = json.path("webhookEvent").asText("");
                if (!event.startsWith("jira:issue_") || !json.has("issue")) {
                    return Optional.empty();
                }
                return Optional.of(((JiraClient) client.get()).ticket(json.get("issue")));
            }
            case "github" -> {
                if (!"issues".equals(githubEvent) || !json.has("issue")) {
                    return Optional.empty();
                }
                String repo = json.path("repository").path("full_name").asText("");
                if (!repo.equalsIgnoreCase(settings.githubRepo())) {
                    return Optional.empty();
                }
                return Optional.of(((GitHubClient) client.get()).ticket(json.get("issue")));
            }
            default -> {
                if (!"Issue".equals(json.path("type").asText()) || !json.has("data")) {
                    return Optional.empty();
                }
                return Optional.of(((LinearClient) client.get()).ticket(json.get("data")));
            }
        }
    }

    private static void reply(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.getWriter().write(json);
    }
}
