package dev.incidenttimeline.bot.actions;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.ViewState;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.CommandErrorReplies;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buttons of the owner's DM: Accept (acts at once and replaces the DM with the outcome),
 * Change due date and Reassign (each opens its small form; the form's submission acts). Thin:
 * read the payload, call {@link AcceptanceService}, reply; errors through {@link CommandErrorReplies}.
 */
public final class AcceptanceFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(AcceptanceFeature.class);

    private final BotContext ctx;
    private final AcceptanceService service;
    private final ExecutorService replies = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "accept-reply");
        t.setDaemon(true);
        return t;
    });

    public AcceptanceFeature(BotContext ctx) {
        this.ctx = ctx;
        this.service = new AcceptanceService(ctx.jdbi(), ctx.clock(), ctx.settings().zone(), ctx.wakeEffects());
    }

    @Override
    public void registerSlack(App app) {
        app.blockAction(OwnerAcceptance.ACCEPT, this::onAccept);
        app.blockAction(OwnerAcceptance.CHANGE_DUE, (req, c) -> openForm(req, c, true));
        app.blockAction(OwnerAcceptance.REASSIGN, (req, c) -> openForm(req, c, false));
        app.viewSubmission(OwnerAcceptance.DUE_FORM, this::onDueSubmitted);
        app.viewSubmission(OwnerAcceptance.REASSIGN_FORM, this::onReassignSubmitted);
    }

    @Override
    public void onStop() {
        replies.shutdown();
    }

    private Response onAccept(BlockActionRequest req, ActionContext c) {
        BlockActionPayload p = req.getPayload();
        String reply;
        boolean accepted = false;
        try {
            reply = service.accept(team(p), p.getUser().getId(), ActionItemRef.parse(value(p)));
            accepted = true;
        } catch (Exception e) {
            reply = CommandErrorReplies.reply(e, OwnerAcceptance.ACCEPT);
        }
        if (p.getResponseUrl() != null) {
            String text = reply;
            boolean replace = accepted;
            submit(() -> {
                try {
                    c.respond(r -> r.replaceOriginal(replace).responseType("ephemeral").text(text));
                } catch (IOException e) {
                    log.warn("could not answer an Accept button: {}", e.toString());
                }
            });
        }
        return c.ack();
    }

    /** Opens the date or owner form; trigger ids last 3 seconds, so this happens before the ack. */
    private Response openForm(BlockActionRequest req, ActionContext c, boolean due) {
        BlockActionPayload p = req.getPayload();
        try {
            AcceptanceService.Target t = service.load(team(p), p.getUser().getId(), ActionItemRef.parse(value(p)));
            String view = due ? OwnerAcceptance.dueForm(t.incident(), t.item(), service.today())
                    : OwnerAcceptance.reassignForm(t.incident(), t.item());
            ctx.slack().call("views.open", m -> m.viewsOpen(r -> r.triggerId(p.getTriggerId()).viewAsString(view)));
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, due ? OwnerAcceptance.CHANGE_DUE : OwnerAcceptance.REASSIGN);
            if (p.getResponseUrl() != null) {
                submit(() -> {
                    try {
                        c.respond(r -> r.replaceOriginal(false).responseType("ephemeral").text(reply));
                    } catch (IOException io) {
                        log.warn("could not answer a button: {}", io.toString());
                    }
                });
            }
        }
        return c.ack();
    }

    private Response onDueSubmitted(ViewSubmissionRequest req, ViewSubmissionContext c) {
        ViewSubmissionPayload p = req.getPayload();
        ViewState.Value v = input(p, OwnerAcceptance.DUE_BLOCK, OwnerAcceptance.DUE_INPUT);
        String date = v == null ? null : v.getSelectedDate();
        if (date == null || date.isBlank()) {
            return c.ack(r -> r.responseAction("errors").errors(Map.of(OwnerAcceptance.DUE_BLOCK,
                    "Pick the new due date.")));
        }
        try {
            LocalDate due = LocalDate.parse(date);
            String reply = service.changeDue(team(p), p.getUser().getId(),
                    ActionItemRef.parse(p.getView().getPrivateMetadata()), due);
            log.debug("due date changed: {}", reply);
            return c.ack();
        } catch (DateTimeParseException e) {
            return c.ack(r -> r.responseAction("errors").errors(Map.of(OwnerAcceptance.DUE_BLOCK,
                    "'" + date + "' is not a date; pick one from the calendar.")));
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, OwnerAcceptance.DUE_FORM);
            return c.ack(r -> r.responseAction("errors").errors(Map.of(OwnerAcceptance.DUE_BLOCK, reply)));
        }
    }

    private Response onReassignSubmitted(ViewSubmissionRequest req, ViewSubmissionContext c) {
        ViewSubmissionPayload p = req.getPayload();
        ViewState.Value v = input(p, OwnerAcceptance.OWNER_BLOCK, OwnerAcceptance.OWNER_INPUT);
        String owner = v == null ? null : v.getSelectedUser();
        if (owner == null || owner.isBlank()) {
            return c.ack(r -> r.responseAction("errors").errors(Map.of(OwnerAcceptance.OWNER_BLOCK,
                    "Pick the new owner.")));
        }
        try {
            service.reassign(team(p), p.getUser().getId(), ActionItemRef.parse(p.getView().getPrivateMetadata()),
                    owner);
            return c.ack();
        } catch (Exception e) {
            String reply = CommandErrorReplies.reply(e, OwnerAcceptance.REASSIGN_FORM);
            return c.ack(r -> r.responseAction("errors").errors(Map.of(OwnerAcceptance.OWNER_BLOCK, reply)));
        }
    }

    private static ViewState.Value input(ViewSubmissionPayload p, String block, String action) {
        if (p.getView() == null || p.getView().getState() == null || p.getView().getState().getValues() == null) {
            return null;
        }
        Map<String, ViewState.Value> b = p.getView().getState().getValues().get(block);
        return b == null ? null : b.get(action);
    }

    private static String team(BlockActionPayload p) {
        return p.getTeam() != null ? p.getTeam().getId() : p.getUser().getTeamId();
    }

    private static String team(ViewSubmissionPayload p) {
        return p.getTeam() != null ? p.getTeam().getId() : p.getView().getTeamId();
    }

    private static String value(BlockActionPayload p) {
        return p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getValue();
    }

    private void submit(Runnable task) {
        try {
            replies.submit(task);
        } catch (RejectedExecutionException e) {
            log.debug("stopping: reply not sent");
        }
    }
}
