package dev.incidenttimeline.bot.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Conversation;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.outbox.QueuedStep;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.CommandErrorReplies;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.store.QueuedWork;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * {@code /incident report [week]} after its acknowledgement ("Writing the report…"): the
 * effect worker checks that the bot can upload to the channel ({@code conversations.info},
 * with no transaction open), reads the week in one short read-only transaction, renders the
 * Markdown and the chart outside any transaction, and queues both uploads in another. The
 * uploads are keyed by the request, so a second run of this step uploads nothing twice. A
 * refusal is told to the person through the command's {@code response_url}.
 */
public final class ReportUpload implements QueuedStep {
    public static final String KIND = "render_report";

    /** Tells the person who asked (through the command's {@code response_url}). */
    @FunctionalInterface
    public interface Reply {
        void send(String responseUrl, String text) throws IOException;
    }

    private final BotContext ctx;
    private final Function<WeeklyReportInput, WeeklyReports.Rendered> renderer;
    private final Reply reply;

    /** @param renderer null for {@link WeeklyReports#render} */
    public ReportUpload(BotContext ctx, Function<WeeklyReportInput, WeeklyReports.Rendered> renderer, Reply reply) {
        this.ctx = ctx;
        this.renderer = renderer != null ? renderer : WeeklyReports::render;
        this.reply = reply;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Queues the step in the caller's transaction. */
    public static void queue(Handle h, String teamId, String userId, String channelId, IsoWeek week,
            String responseUrl, Instant requestedAt) {
        ObjectNode p = JsonNodeFactory.instance.objectNode().put("week", week.toString()).put("user", userId)
                .put("channel", channelId).put("requested_at", requestedAt.toEpochMilli());
        if (responseUrl != null) {
            p.put("response_url", responseUrl);
        }
        new Outbox(h, teamId).queueStep(key(week, channelId, requestedAt), KIND, p);
    }

    private static String key(IsoWeek week, String channelId, Instant requestedAt) {
        return "report:" + week + ":" + channelId + ":" + requestedAt.toEpochMilli();
    }

    @Override
    public void run(Handle h, QueuedWork work, JsonNode p) throws Exception {
        String team = work.teamId();
        String user = p.path("user").asText();
        String channel = p.path("channel").asText();
        IsoWeek week = IsoWeek.parse(p.path("week").asText());
        Instant requestedAt = Instant.ofEpochMilli(p.path("requested_at").asLong());
        try {
            requireMember(channel);
        } catch (DomainException e) {
            String url = p.hasNonNull("response_url") ? p.get("response_url").asText() : null;
            if (url != null) {
                reply.send(url, CommandErrorReplies.reply(e, "/incident report"));
            }
            return;
        }
        WeeklyReportInput input = h.inTransaction(tx -> WeeklyReports.load(tx, team, week, ctx.settings().zone(),
                requestedAt, VisibilityPolicy.reportNamesPrivate(ReportAudience.SLACK_CHANNEL)));
        WeeklyReports.Rendered report = renderer.apply(input);
        String key = key(week, channel, requestedAt);
        h.useTransaction(tx -> WeeklyReports.queue(new Outbox(tx, team), key, channel, report,
                WeeklyReports.summaryText(report) + "\nRequested by <@" + user + ">."));
        ctx.wakeEffects().run();
    }

    /** The report could not be written, however often it was tried: the person who asked is told by DM. */
    @Override
    public void parked(Handle h, QueuedWork work, JsonNode p, int attempts, String error) {
        String week = p.path("week").asText();
        new Outbox(h, work.teamId()).postDirectMessage("report-parked:" + work.key(), p.path("user").asText(),
                QueuedStep.failedText("the incident review of " + week, attempts, error,
                        "/incident report " + week), null);
    }

    /** Files can only be uploaded where the bot is a member. */
    private void requireMember(String channelId) {
        if (channelId.startsWith("D")) {
            return; // a direct message with the bot
        }
        Conversation channel = ctx.slack().call("conversations.info",
                m -> m.conversationsInfo(r -> r.channel(channelId))).getChannel();
        if (channel != null && !channel.isIm() && !channel.isMember()) {
            throw new CommandException("I'm not a member of this channel, so I can't upload here. Invite me with"
                    + " `/invite @incident-bot`, or run `/incident report` in a channel I'm in.");
        }
    }
}
