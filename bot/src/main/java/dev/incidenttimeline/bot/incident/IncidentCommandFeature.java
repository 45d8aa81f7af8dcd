package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.actions.ActionItemRows;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.CommandErrorReplies;
import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.Responder;
import dev.incidenttimeline.bot.incident.CommandParser;
import dev.incidenttimeline.bot.incident.CommandUsage;
import dev.incidenttimeline.bot.incident.IncidentCommand;
import dev.incidenttimeline.bot.home.AppHome;
import dev.incidenttimeline.bot.actions.ActionItemRef;
import dev.incidenttimeline.bot.incident.IncidentService;
import dev.incidenttimeline.bot.incident.IncidentService.DeclareRequest;
import dev.incidenttimeline.bot.incident.Invocation;
import dev.incidenttimeline.bot.capture.live.Reconciler;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.outbox.QueuedStep;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.bot.report.ReportUpload;
import dev.incidenttimeline.bot.retro.RetroUpload;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.StorableText;
import dev.incidenttimeline.store.IncidentRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /incident} and its sub-commands, the declare form, and the "Mark done" button.
 * Each handler parses ({@link CommandParser}), calls {@link IncidentService}, and acks
 * with an ephemeral reply; every failure goes through {@link CommandErrorReplies}, so Slack
 * always gets its 200 and the user always gets a reply that says what to do next.
 */
public final class IncidentCommandFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(IncidentCommandFeature.class);
    public static final String COMMAND = "/incident";

    private final BotContext ctx;
    private final CommandParser parser;
    private final IncidentService incidents;
    private final ChannelCommands channelCommands;
    private final DeclareFlow declarations;
    private final AppHome home;
    private final Reconciler reconciler;
    private final dev.incidenttimeline.bot.tickets.TicketLinks ticketLinks;
    private final ExecutorService replies = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "command-reply");
        t.setDaemon(true);
        return t;
    });
    private final RetroUpload retroUpload;
    private final ReportUpload reportUpload;
    private volatile Slack slack;

    public IncidentCommandFeature(BotContext ctx) {
        this(ctx, null, null);
    }

    /**
     * With other renderers for the retro and the report (tests: a renderer that blocks or
     * fails must not touch the acknowledgement); null for the real ones.
     */
    IncidentCommandFeature(BotContext ctx, RetroUpload.Renderer retroRenderer,
            java.util.function.Function<dev.incidenttimeline.export.report.WeeklyReportInput,
                    WeeklyReports.Rendered> reportRenderer) {
        this.ctx = ctx;
        this.reportUpload = new ReportUpload(ctx, reportRenderer, this::respondTo);
        this.parser = new CommandParser(ctx.clock(), ctx.settings().zone());
        this.incidents = new IncidentService(ctx.jdbi(), ctx.clock(), ctx.settings(), ctx.wakeEffects());
        // The retro is rendered as the service renders it (RETRO_TEMPLATE compiled once, at start).
        this.retroUpload = new RetroUpload(ctx, retroRenderer != null ? retroRenderer
                : (input, at) -> incidents.retro().render(input, at), this::respondTo);
        this.channelCommands = new ChannelCommands(incidents);
        this.declarations = new DeclareFlow(incidents, ctx.slack(), ctx.clock());
        this.home = new AppHome(ctx.clock(), ctx.settings().zone());
        this.reconciler = new Reconciler(ctx);
        this.ticketLinks = new dev.incidenttimeline.bot.tickets.TicketLinks(ctx);
    }

    /**
     * On resolve, back-fill what the bot missed in the channel (tags made while no replica
     * ran), off the request thread: it reads channel history, which can take seconds.
     */
    private void reconcileSoon(Invocation inv) {
        try {
            replies.execute(() -> {
                try {
                    ctx.jdbi().onDemand(IncidentRepository.class)
                            .findByChannel(inv.teamId(), inv.channelId())
                            .ifPresent(incident -> reconciler.reconcile(inv.teamId(), incident));
                } catch (RuntimeException e) {
                    log.warn("reconciling {} after resolve failed: {}", inv.channelId(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("stopping; no reconciliation after resolve of {}", inv.channelId());
        }
    }

    /** Rendering and uploading the retro and the report, run by the effect worker after the ack. */
    @Override
    public Map<String, WorkProcessor> effectHandlers() {
        return QueuedStep.byKind(retroUpload, reportUpload);
    }

    @Override
    public void registerSlack(App app) {
        this.slack = app.config().getSlack();
        app.command(COMMAND, this::onCommand);
        app.viewSubmission(DeclareModal.CALLBACK_ID, this::onDeclareSubmitted);
        app.blockAction(ActionItemRows.ACTION_DONE, this::onMarkDone);
    }

    @Override
    public void onStart() {
        declarations.recoverPending();
    }

    @Override
    public void onStop() {
        declarations.close();
        replies.shutdown();
    }

    // ------------------------------------------------------------------ /incident

    private Response onCommand(SlashCommandRequest req, SlashCommandContext c) {
        SlashCommandPayload p = req.getPayload();
        // Cleaned as it is read: a NUL typed or pasted into the command must not fail it in the database.
        String text = StorableText.clean(p.getText() == null ? "" : p.getText());
        try {
            IncidentCommand command = parser.parse(text);
            if (command instanceof IncidentCommand.DeclareModal modal) {
                openDeclareForm(modal, p);
                return c.ack();
            }
            String reply = run(command, p, c, p.getResponseUrl());
            return c.ack(r -> r.responseType("ephemeral").text(reply));
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, COMMAND + " " + firstWord(text));
            return c.ack(r -> r.responseType("ephemeral").text(reply));
        }
    }

    /** One sub-command → one service call; the reply is shown only to the caller. */
    private String run(IncidentCommand cmd, SlashCommandPayload p, SlashCommandContext c, String responseUrl) {
        Invocation inv = new Invocation(p.getTeamId(), p.getChannelId(), p.getUserId());
        if (cmd instanceof IncidentCommand.Help) {
            return CommandUsage.help();
        } else if (cmd instanceof IncidentCommand.Declare d) {
            return declare(inv, DeclareRequest.of(d), reply -> respond(c, reply));
        } else if (cmd instanceof IncidentCommand.ListOpen) {
            ctx.recheckVisibility(inv.teamId(), inv.userId());
            return incidents.listOpen(inv.teamId(), inv.userId());
        } else if (cmd instanceof IncidentCommand.Report r) {
            return report(inv, r, responseUrl);
        } else if (cmd instanceof IncidentCommand.Resolve) {
            String reply = incidents.resolve(inv);
            reconcileSoon(inv);
            return reply;
        } else if (cmd instanceof IncidentCommand.ActionLink l) {
            return ticketLinks.link(inv.teamId(), inv.channelId(), inv.userId(), l.number(), l.reference());
        } else if (cmd instanceof IncidentCommand.ActionUnlink u) {
            return ticketLinks.unlink(inv.teamId(), inv.channelId(), inv.userId(), u.number());
        } else if (cmd instanceof IncidentCommand.Timeline t) {
            ctx.recheckVisibility(inv.teamId(), inv.userId());
            return incidents.timeline(inv, t.limit());
        } else if (cmd instanceof IncidentCommand.Export) {
            return export(inv, responseUrl);
        }
        // Lifecycle, roles, notes, the retro fields and the action items.
        return channelCommands.run(inv, cmd);
    }

    /** Step 1 now (stored, acked); the channel is created by {@link DeclareFlow}, which replies when done. */
    private String declare(Invocation inv, DeclareRequest request, Consumer<String> reply) {
        Incident inc = incidents.declare(inv.teamId(), inv.userId(), request);
        declarations.start(inc, reply);
        return "Declaring *" + inc.key() + "*: " + inc.title() + " (" + inc.severity().label()
                + (inc.isPrivate() ? ", private" : "") + "). Creating its channel; the link follows in a moment.";
    }

    /**
     * The weekly review of one ISO week, uploaded to this channel as Markdown and a chart.
     * Acks at once: the membership check, the rendering and the upload are queued
     * ({@link ReportUpload}), so nothing slow and no Slack call happens before the ack.
     */
    private String report(Invocation inv, IncidentCommand.Report r, String responseUrl) {
        Instant now = ctx.clock().instant();
        IsoWeek week = r.week().orElse(IsoWeek.containing(now, ctx.settings().zone()));
        ctx.jdbi().useTransaction(h -> ReportUpload.queue(h, inv.teamId(), inv.userId(), inv.channelId(), week,
                responseUrl, now));
        ctx.wakeEffects().run();
        return "Writing the report… The incident review of " + week + " will be uploaded to this channel in a"
                + " moment; private incidents appear only as counts.";
    }

    /**
     * The retro of this channel's incident, uploaded here as Markdown. Acks at once, after one
     * read of the incident (no row lock); who may see it is checked, and the retro rendered
     * and uploaded, by {@link RetroUpload} on the effect worker.
     */
    private String export(Invocation inv, String responseUrl) {
        Instant now = ctx.clock().instant();
        Incident inc = ctx.jdbi().inTransaction(h -> {
            Incident found = incidents.incidentInChannel(h, inv);
            RetroUpload.queue(h, found, inv.userId(), inv.channelId(), responseUrl, now);
            return found;
        });
        ctx.wakeEffects().run();
        return "Writing the retro… The retro of " + inc.key() + " (`" + Retros.fileName(inc) + "`) will be"
                + " uploaded to this channel in a moment.";
    }

    /** A reply to a command after its ack, through its {@code response_url}. */
    private void respondTo(String responseUrl, String text) throws IOException {
        new Responder(slack, responseUrl).sendToCommand(r -> r.responseType("ephemeral").text(text));
    }

    // ------------------------------------------------------------------ the declare form

    private void openDeclareForm(IncidentCommand.DeclareModal preset, SlashCommandPayload p) {
        String view = DeclareModal.view(preset, new DeclareModal.Origin(p.getChannelId(), p.getResponseUrl()));
        ctx.slack().call("views.open", m -> m.viewsOpen(r -> r.triggerId(p.getTriggerId()).viewAsString(view)));
    }

    private Response onDeclareSubmitted(ViewSubmissionRequest req, ViewSubmissionContext c) {
        ViewSubmissionPayload p = req.getPayload();
        DeclareModal.Submission form = DeclareModal.read(p.getView());
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            return c.ack(r -> r.responseAction("errors").errors(errors));
        }
        String team = p.getTeam() != null ? p.getTeam().getId() : p.getView().getTeamId();
        String user = p.getUser().getId();
        try {
            String channel = form.origin().channelId() == null ? "-" : form.origin().channelId();
            Invocation inv = new Invocation(team, channel, user);
            // The form closes at once; the outcome (with the channel link) follows like the command's.
            declare(inv, form.request(), formReply(team, user, form.origin()));
            return c.ack();
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, "declare form");
            return c.ack(r -> r.responseAction("errors").errors(Map.of(DeclareModal.TITLE, reply)));
        }
    }

    /** Replies to a form through the command's response_url, or by DM when it was opened elsewhere. */
    private Consumer<String> formReply(String team, String user, DeclareModal.Origin origin) {
        if (origin.responseUrl() != null) {
            return text -> {
                try {
                    new Responder(slack, origin.responseUrl())
                            .sendToCommand(r -> r.responseType("ephemeral").text(text));
                } catch (IOException e) {
                    throw new IllegalStateException("response_url: " + e.getMessage(), e);
                }
            };
        }
        return text -> incidents.tell(team, user, "form:" + user + ":" + Integer.toHexString(text.hashCode()), text);
    }

    // ------------------------------------------------------------------ the "Mark done" button

    private Response onMarkDone(BlockActionRequest req, ActionContext c) {
        BlockActionPayload p = req.getPayload();
        String team = p.getTeam() != null ? p.getTeam().getId() : p.getUser().getTeamId();
        String user = p.getUser().getId();
        String value = p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getValue();
        String reply;
        try {
            ActionItemRef ref = ActionItemRef.parse(value);
            reply = incidents.actions().markDone(team, user, ref.incidentNumber(), ref.number());
        } catch (Exception e) {
            reply = CommandErrorReplies.reply(e, ActionItemRows.ACTION_DONE);
        }
        boolean fromHome = p.getContainer() != null && "view".equals(p.getContainer().getType())
                && p.getView() != null && "home".equals(p.getView().getType());
        if (fromHome) {
            String actionTs = p.getActions() == null || p.getActions().isEmpty() ? null
                    : p.getActions().get(0).getActionTs();
            refreshHome(team, user, actionTs == null ? ctx.clock().instant().toString() : actionTs);
        }
        if (p.getResponseUrl() != null) {
            String text = reply;
            submit(() -> {
                try {
                    c.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(text));
                } catch (IOException e) {
                    log.warn("could not reply to a Mark done button: {}", e.toString());
                }
            });
        }
        return c.ack();
    }

    private void refreshHome(String team, String user, String actionTs) {
        try {
            ctx.jdbi().useTransaction(h -> home.publish(h, team, user, "home:" + user + ":" + actionTs));
            ctx.wakeEffects().run();
        } catch (RuntimeException e) {
            log.warn("could not refresh the App Home of {}: {}", user, e.toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    private void respond(SlashCommandContext c, String text) {
        try {
            c.respond(r -> r.responseType("ephemeral").text(text));
        } catch (IOException e) {
            throw new IllegalStateException("response_url: " + e.getMessage(), e);
        }
    }

    private void submit(Runnable task) {
        try {
            replies.submit(task);
        } catch (RejectedExecutionException e) {
            log.debug("stopping: reply not sent");
        }
    }

    private static String firstWord(String text) {
        String t = text.strip();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }
}
