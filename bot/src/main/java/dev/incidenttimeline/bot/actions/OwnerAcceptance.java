package dev.incidenttimeline.bot.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The owner accepts: the DM a new owner gets ("You own #3 of INC-12: …, due Fri 4 Dec") with
 * its Accept, Change due date and Reassign buttons, and the two small forms those open. Pure
 * Block Kit, apart from queueing the DM.
 */
public final class OwnerAcceptance {
    public static final String ACCEPT = "action_accept";
    public static final String CHANGE_DUE = "action_change_due";
    public static final String REASSIGN = "action_reassign";
    public static final String DUE_FORM = "action_due_form";
    public static final String REASSIGN_FORM = "action_reassign_form";
    public static final String DUE_BLOCK = "due";
    public static final String DUE_INPUT = "due_date";
    public static final String OWNER_BLOCK = "owner";
    public static final String OWNER_INPUT = "owner_user";
    /** An item not accepted within this many working days is listed as "not accepted". */
    public static final int ACCEPT_WITHIN_WORKING_DAYS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private OwnerAcceptance() {
    }

    /** "You own #3 of INC-12: Add an alert, due Fri 4 Dec" (Slack markup of the item kept). */
    public static String requestText(Incident inc, ActionItem item) {
        return "You own #" + item.number() + " of " + inc.key() + ": " + SlackText.oneLine(item.text())
                + (item.dueDate() == null ? ", no due date" : ", due " + DAY.format(item.dueDate()));
    }

    /** Queues the DM to the item's owner; one per owner and cause. */
    public static void queueRequest(Outbox outbox, Incident inc, ActionItem item, ZoneId zone, String causeKey) {
        String text = requestText(inc, item);
        outbox.postDirectMessage("accept-request:" + inc.number() + "#" + item.number() + ":" + item.ownerId() + ":"
                + causeKey, item.ownerId(), text, BlockKit.toJson(requestBlocks(inc, item, text)));
    }

    static List<ObjectNode> requestBlocks(Incident inc, ActionItem item, String text) {
        String value = ActionItemRef.of(item).toString();
        ObjectNode actions = JSON.createObjectNode().put("type", "actions").put("block_id", "accept");
        ArrayNode elements = actions.putArray("elements");
        elements.add(BlockKit.button("Accept", ACCEPT, value, "primary"));
        elements.add(BlockKit.button("Change due date", CHANGE_DUE, value, null));
        elements.add(BlockKit.button("Reassign", REASSIGN, value, null));
        String where = inc.channelId() == null ? "" : " · " + SlackText.channel(inc.channelId());
        return List.of(BlockKit.section(text), BlockKit.context("Accept it, or change its due date or owner"
                + where), actions);
    }

    /** The form the "Change due date" button opens: a date picker, preset to the current date. */
    public static String dueForm(Incident inc, ActionItem item, LocalDate today) {
        ObjectNode picker = JSON.createObjectNode().put("type", "datepicker").put("action_id", DUE_INPUT);
        picker.put("initial_date", (item.dueDate() == null ? today.plusDays(7) : item.dueDate()).toString());
        return form(DUE_FORM, "Change due date", item, "When is #" + item.number() + " of " + inc.key() + " due?",
                DUE_BLOCK, "Due date", picker);
    }

    /** The form the "Reassign" button opens: a user picker. */
    public static String reassignForm(Incident inc, ActionItem item) {
        ObjectNode picker = JSON.createObjectNode().put("type", "users_select").put("action_id", OWNER_INPUT);
        picker.set("placeholder", BlockKit.plain("Pick the new owner"));
        return form(REASSIGN_FORM, "Reassign", item, "Who owns #" + item.number() + " of " + inc.key()
                + " instead?", OWNER_BLOCK, "New owner", picker);
    }

    private static String form(String callbackId, String title, ActionItem item, String question, String blockId,
            String label, ObjectNode element) {
        ObjectNode v = JSON.createObjectNode().put("type", "modal").put("callback_id", callbackId)
                .put("private_metadata", ActionItemRef.of(item).toString());
        v.set("title", BlockKit.plain(title, 24));
        v.set("submit", BlockKit.plain("Save"));
        v.set("close", BlockKit.plain("Cancel"));
        ObjectNode input = JSON.createObjectNode().put("type", "input").put("block_id", blockId);
        input.set("label", BlockKit.plain(label));
        input.set("element", element);
        v.set("blocks", BlockKit.array(List.of(BlockKit.section(SlackText.escape(question)), input)));
        return v.toString();
    }

    /**
     * The moment {@code workingDays} working days (Monday to Friday, in {@code zone}) before
     * {@code now}: an owner who got an item before it and has not accepted is late.
     */
    public static Instant workingDaysBefore(Instant now, int workingDays, ZoneId zone) {
        ZonedDateTime t = now.atZone(zone);
        int left = workingDays;
        while (left > 0) {
            t = t.minusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return t.toInstant();
    }
}
