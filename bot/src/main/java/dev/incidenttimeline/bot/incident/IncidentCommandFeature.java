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
import com.slack.api.model.Conversation;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.bot.incident.CommandParser;
import dev.incidenttimeline.bot.incident.CommandUsage;
import dev.incidenttimeline.bot.incident.IncidentCommand;
import dev.incidenttimeline.bot.home.AppHome;
import dev.incidenttimeline.bot.actions.ActionItemRef;
import dev.incidenttimeline.bot.incident.IncidentService;
import dev.incidenttimeline.bot.incident.IncidentService.DeclareRequest;
import dev.incidenttimeline.bot.incident.Invocation;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.bot.capture.live.Reconciler;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.StorableText;
import dev.incidenttimeline.store.IncidentRepository;
import java.io.IOException;
import java.time.Instant;
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
    private final DeclareFlow declarations;
    private final AppHome home;
    private final Reconciler reconciler;
    private final dev.incidenttimeline.bot.tickets.TicketLinks ticketLinks;
    private final ExecutorService replies = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "command-reply");
        t.setDaemon(true);
        return t;
    });
    private Slack slack;

    public IncidentCommandFeature(BotContext ctx) {
        this.ctx = ctx;
        this.parser = new CommandParser(ctx.clock(), ctx.settings().zone());
        this.incidents = new IncidentService(ctx.jdbi(), ctx.clock(), ctx.settings(), ctx.wakeEffects());
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
            String reply = run(command, p, c);
            return c.ack(r -> r.responseType("ephemeral").text(reply));
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, COMMAND + " " + firstWord(text));
            return c.ack(r -> r.responseType("ephemeral").text(reply));
        }
    }

    /** One sub-command → one service call; the reply is shown only to the caller. */
    private String run(IncidentCommand cmd, SlashCommandPayload p, SlashCommandContext c) {
        Invocation inv = new Invocation(p.getTeamId(), p.getChannelId(), p.getUserId());
        if (cmd instanceof IncidentCommand.Help) {
            return CommandUsage.help();
        } else if (cmd instanceof IncidentCommand.Declare d) {
            return declare(inv, DeclareRequest.of(d), reply -> respond(c, reply));
        } else if (cmd instanceof IncidentCommand.ListOpen) {
            ctx.recheckVisibility(inv.teamId(), inv.userId());
            return incidents.listOpen(inv.teamId(), inv.userId());
        } else if (cmd instanceof IncidentCommand.Report r) {
            return report(inv, r);
        } else if (cmd instanceof IncidentCommand.Status s) {
            return incidents.changeStatus(inv, s.status());
        } else if (cmd instanceof IncidentCommand.Resolve) {
            String reply = incidents.resolve(inv);
            reconcileSoon(inv);
            return reply;
        } else if (cmd instanceof IncidentCommand.Sev s) {
            return incidents.setSeverity(inv, s.severity());
        } else if (cmd instanceof IncidentCommand.Commander x) {
            return incidents.setCommander(inv, x.userId());
        } else if (cmd instanceof IncidentCommand.Dri x) {
            return incidents.setDri(inv, x.userId());
        } else if (cmd instanceof IncidentCommand.Note n) {
            return incidents.note(inv, n.text());
        } else if (cmd instanceof IncidentCommand.Summary s) {
            return incidents.setSummary(inv, s.text());
        } else if (cmd instanceof IncidentCommand.Impact i) {
            return incidents.setImpact(inv, i.text());
        } else if (cmd instanceof IncidentCommand.RootCause rc) {
            return incidents.setRootCause(inv, rc.text());
        } else if (cmd instanceof IncidentCommand.Factors f) {
            return incidents.setContributingFactors(inv, f.text());
        } else if (cmd instanceof IncidentCommand.Action a) {
            return incidents.addAction(inv, a);
        } else if (cmd instanceof IncidentCommand.Actions) {
            return incidents.listActions(inv);
        } else if (cmd instanceof IncidentCommand.ActionDone d) {
            return incidents.closeAction(inv, d.number(), ActionStatus.DONE);
        } else if (cmd instanceof IncidentCommand.ActionDrop d) {
            return incidents.closeAction(inv, d.number(), ActionStatus.DROPPED);
        } else if (cmd instanceof IncidentCommand.ActionLink l) {
            return ticketLinks.link(inv.teamId(), inv.channelId(), inv.userId(), l.number(), l.reference());
        } else if (cmd instanceof IncidentCommand.ActionUnlink u) {
            return ticketLinks.unlink(inv.teamId(), inv.channelId(), inv.userId(), u.number());
        } else if (cmd instanceof IncidentCommand.Timeline t) {
            ctx.recheckVisibility(inv.teamId(), inv.userId());
            return incidents.timeline(inv, t.limit());
        } else if (cmd instanceof IncidentCommand.Export) {
            ctx.recheckVisibility(inv.teamId(), inv.userId());
            return incidents.export(inv);
        }
        throw new IllegalStateException("no handler for " + cmd);
    }

    /** Step 1 now (stored, acked); the channel is created by {@link DeclareFlow}, which replies when done. */
    private String declare(Invocation inv, DeclareRequest request, Consumer<String> reply) {
        Incident inc = incidents.declare(inv.teamId(), inv.userId(), request);
        declarations.start(inc, reply);
        return "Declaring *" + inc.key() + "*: " + inc.title() + " (" + inc.severity().label()
                + (inc.isPrivate() ? ", private" : "") + "). Creating its channel; the link follows in a moment.";
    }

    /** The weekly review of one ISO week, uploaded to this channel as Markdown and a chart. */
    private String report(Invocation inv, IncidentCommand.Report r) {
        requireMember(inv.channelId());
        Instant now = ctx.clock().instant();
        IsoWeek week = r.week().orElse(IsoWeek.containing(now, ctx.settings().zone()));
        ctx.jdbi().useTransaction(h -> {
            WeeklyReports.Rendered report = WeeklyReports.render(
                    WeeklyReports.load(h, inv.teamId(), week, ctx.settings().zone(), now,
                            VisibilityPolicy.reportNamesPrivate(ReportAudience.SLACK_CHANNEL)));
            Outbox outbox = new Outbox(h, inv.teamId());
            String key = "report:" + week + ":" + inv.channelId() + ":" + now.toEpochMilli();
            outbox.uploadText(key + ":markdown", inv.channelId(), "incident-review-" + week + ".md",
                    "Incident review " + week, report.markdown(), "Incident review " + week + ", requested by <@"
                            + inv.userId() + ">");
            outbox.uploadBytes(key + ":chart", inv.channelId(), "incident-review-" + week + ".png",
                    "Incidents of the two weeks to " + week, report.chartPng(), null);
        });
        ctx.wakeEffects().run();
        return "Uploading the incident review of " + week + " to this channel. Private incidents appear only as"
                + " counts.";
    }

    /** Files can only be uploaded where the bot is a member: say so now rather than fail later. */
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
            reply = incidents.markDone(team, user, ref.incidentNumber(), ref.number());
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
