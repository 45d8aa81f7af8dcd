package dev.incidenttimeline.bot.actions;

import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.domain.Incident;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * An action item as a row of a person's list and its "Mark done" button: shared by the
 * incident channel, App Home and the overdue reminders, so they read and act alike.
 */
public final class ActionItemRows {
    /** The button on an action item; DM reminders reuse it. Its value is {@code <incidentNumber>:<item>}. */
    public static final String ACTION_DONE = "action_done";

    private ActionItemRows() {
    }

    /**
     * One open action item for a person's list (App Home, overdue reminders): key and number,
     * text, due date with an overdue warning, and the incident channel.
     */
    public static String actionItemRow(ActionItem a, Incident inc, LocalDate today) {
        String where = inc == null ? "INC-" + a.incidentNumber() : inc.key().toString();
        String due;
        if (a.dueDate() == null) {
            due = "no due date";
        } else if (a.isOverdue(today)) {
            long days = ChronoUnit.DAYS.between(a.dueDate(), today);
            due = ":warning: *overdue* by " + days + " day" + (days == 1 ? "" : "s") + " (due " + a.dueDate() + ")";
        } else {
            due = "due " + a.dueDate();
        }
        return "*" + where + " #" + a.number() + "* " + SlackText.shorten(SlackText.oneLine(a.text()), 300) + "\n"
                + due + (inc != null && inc.channelId() != null ? " · " + SlackText.channel(inc.channelId()) : "")
                + ticketSuffix(a);
    }

    /**
     * The row with what is known of its ticket (key and the tracker's status) and whether its
     * owner has not accepted it in time; {@code ticket} may be null.
     */
    public static String actionItemRow(ActionItem a, Incident inc, LocalDate today, ActionTicket ticket,
            boolean notAccepted) {
        String row = ticket == null ? actionItemRow(a, inc, today)
                : actionItemRow(a, inc, today).replace(ticketSuffix(a), "") + " · " + ticketLink(ticket);
        return row + (notAccepted ? " · :hourglass: *not accepted*" : "");
    }

    /** A ticket as a link: its key and status ({@code <url|OPS-12>, In Progress}). */
    public static String ticketLink(ActionTicket t) {
        String status = t.statusName() != null && !t.statusName().isBlank() ? t.statusName()
                : t.closed() ? "closed" : "open";
        return ":ticket: <" + t.url() + "|" + SlackText.escape(t.ticketKey()) + "> (" + SlackText.escape(status)
                + ")";
    }

    /** The item's ticket link where only the item is at hand (its key read from the link). */
    public static String ticketSuffix(ActionItem a) {
        if (a.ticketUrl() == null || !a.ticketUrl().startsWith("https://") && !a.ticketUrl().startsWith("http://")) {
            return "";
        }
        String url = a.ticketUrl().replaceAll("[<>|\\s]", "");
        String path = url.replaceAll("/+$", "");
        String key = path.substring(path.lastIndexOf('/') + 1);
        return " · :ticket: <" + url + "|" + SlackText.escape(key.isEmpty() ? "ticket" : key) + ">";
    }

    /** The value of an item's "Mark done" button: {@code <incidentNumber>:<item>}. */
    public static String buttonValue(ActionItem item) {
        return ActionItemRef.of(item).toString();
    }
}
