package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.actions.ActionItemRows;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.slack.SlackText;
import static dev.incidenttimeline.bot.slack.SlackText.mention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.export.text.DurationText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the bot writes in Slack about an incident: the channel topic, the intro message with
 * its cheat sheet, and the short line announcing each change. Pure text and Block Kit
 * JSON; the {@link IncidentService} queues them in the outbox.
 */
public final class IncidentMessages {
    /** Slack refuses longer topics ({@code too_long}). */
    public static final int TOPIC_LIMIT = 250;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
    private static final Map<EntryKind, String> KIND_HINT = Map.of(
            EntryKind.EVENT, "event",
            EntryKind.DETECTION, "detection",
            EntryKind.FINDING, "finding",
            EntryKind.MITIGATION, "mitigation",
            EntryKind.ROOT_CAUSE, "root cause",
            EntryKind.ACTION, "action item");

    private final TaggingReactions reactions;
    private final ZoneId zone;

    public IncidentMessages(TaggingReactions reactions, ZoneId zone) {
        this.reactions = Objects.requireNonNull(reactions, "reactions");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A moment as people in {@code TIMEZONE} read it: {@code 2026-11-22 14:02 UTC}. */
    public String when(Instant at) {
        return WHEN.format(at.atZone(zone));
    }

    /**
     * The channel topic: {@code INC-7 · SEV2 · investigating · IC @alice · <title>}, cut to
     * Slack's limit. {@code commanderLabel} is the commander's name when known, otherwise
     * their mention.
     */
    public String topic(Incident inc, String commanderLabel) {
        String ic = inc.commanderId() == null ? "no IC" : "IC " + commanderLabel;
        String head = inc.key() + " · " + inc.severity().label() + " · " + inc.status().code() + " · " + ic;
        if (inc.isPrivate()) {
            head = head + " · private";
        }
        String full = head + " · " + SlackText.oneLine(inc.title());
        return SlackText.shorten(full, TOPIC_LIMIT);
    }

    /** The fallback text of the intro message (notifications, screen readers). */
    public String introText(Incident inc) {
        return ":rotating_light: " + inc.key() + " declared: " + inc.title() + " (" + inc.severity().label()
                + "), commander " + mention(inc.commanderId());
    }

    /** The intro message posted when the channel is created: what, how bad, who leads, and how to work here. */
    public List<ObjectNode> introBlocks(Incident inc) {
        List<ObjectNode> blocks = new ArrayList<>();
        blocks.add(BlockKit.section(":rotating_light: *" + inc.key() + ": " + inc.title() + "*"
                + (inc.isPrivate() ? "  :lock: private" : "")));
        blocks.add(BlockKit.fields(List.of(
                "*Severity*\n" + inc.severity().label(),
                "*Status*\n" + inc.status().code(),
                "*Commander*\n" + mention(inc.commanderId()),
                "*Declared*\n" + when(inc.declaredAt()) + " by " + mention(inc.createdBy()))));
        if (inc.summary() != null && !inc.summary().isBlank()) {
            blocks.add(BlockKit.section("*Summary*\n" + inc.summary()));
        }
        blocks.add(BlockKit.divider());
        blocks.add(BlockKit.section("*Run the incident from here*\n"
                + "• `/incident status identified` · `monitoring` · `resolved`\n"
                + "• `/incident sev 2` · `/incident commander @alice` · `/incident dri @bob`\n"
                + "• `/incident note <what happened>` · `/incident rootcause <text>`\n"
                + "• `/incident action <what> @owner due fri` · `/incident actions`\n"
                + "• `/incident timeline` · `/incident export` · `/incident help`"));
        blocks.add(BlockKit.section("*Put messages on the timeline* by reacting to them:\n" + reactionSheet()));
        blocks.add(BlockKit.context("Every change made with `/incident` is posted here and recorded on the timeline;"
                + " `/incident export` writes the retro from it."));
        return blocks;
    }

    /** {@code :pushpin: event   :mag: finding …} from {@code TIMELINE_REACTIONS}. */
    public String reactionSheet() {
        StringBuilder b = new StringBuilder();
        reactions.byEmoji().forEach((emoji, kind) -> {
            if (b.length() > 0) {
                b.append("   ");
            }
            b.append(':').append(emoji).append(": ").append(KIND_HINT.getOrDefault(kind, kind.label()));
        });
        return b.toString();
    }

    public String statusChanged(Incident before, Incident after, String by) {
        return ":arrows_counterclockwise: " + mention(by) + " moved " + after.key() + " from *"
                + before.status().code() + "* to *" + after.status().code() + "*";
    }

    public String resolved(Incident inc, String by, Instant now, int openActions) {
        String next = openActions == 0
                ? "Next: `/incident rootcause`, `/incident action`, then `/incident export` for the retro."
                : openActions + " action item" + (openActions == 1 ? " is" : "s are")
                        + " still open (`/incident actions`); `/incident export` writes the retro.";
        return ":white_check_mark: " + mention(by) + " resolved " + inc.key() + " after "
                + DurationText.format(inc.duration(now)) + ". " + next;
    }

    public String severityChanged(Incident before, Incident after, String by) {
        String arrow = after.severity().level() < before.severity().level() ? ":arrow_up:" : ":arrow_down:";
        return arrow + " " + mention(by) + " changed the severity of " + after.key() + " from *"
                + before.severity().label() + "* to *" + after.severity().label() + "*";
    }

    public String commanderChanged(Incident inc, String previous, String next, String by) {
        return ":firefighter: " + mention(next) + " is now the incident commander of " + inc.key()
                + (previous == null ? "" : " (taking over from " + mention(previous) + ")")
                + (by.equals(next) ? "" : ", set by " + mention(by));
    }

    public String driChanged(Incident inc, String next, String by) {
        return ":bust_in_silhouette: " + mention(next) + " is now the DRI of " + inc.key()
                + (by.equals(next) ? "" : ", set by " + mention(by));
    }

    public String note(String text, String by) {
        return ":memo: *Note* from " + mention(by) + ": " + text;
    }

    public String retroField(String field, String text, String by) {
        return ":pencil2: " + mention(by) + " set the *" + field + "*: " + text;
    }

    /** The line announcing a new action item, with its "Mark done" button. */
    public List<ObjectNode> actionAddedBlocks(Incident inc, ActionItem item, String by) {
        return List.of(BlockKit.section(actionAddedText(inc, item, by),
                BlockKit.button("Mark done", ActionItemRows.ACTION_DONE, ActionItemRows.buttonValue(item), "primary")));
    }

    public String actionAddedText(Incident inc, ActionItem item, String by) {
        return ":ballot_box_with_check: " + mention(by) + " added action item *#" + item.number() + "* to "
                + inc.key() + ": " + item.text() + " — owner " + mention(item.ownerId())
                + (item.dueDate() == null ? ", no due date" : ", due " + item.dueDate());
    }

    public String actionClosed(Incident inc, ActionItem item, String by) {
        String verb = item.status() == ActionStatus.DONE ? "marked" : "dropped";
        String what = item.status() == ActionStatus.DONE ? " done" : "";
        return (item.status() == ActionStatus.DONE ? ":white_check_mark: " : ":wastebasket: ") + mention(by) + " "
                + verb + " action item *#" + item.number() + "* of " + inc.key() + what + ": " + item.text();
    }

    /** One action item as a list row: {@code #2 text — @owner · due 2026-12-01 · open · overdue}. */
    public String actionRow(ActionItem item, LocalDate today) {
        StringBuilder b = new StringBuilder();
        b.append("*#").append(item.number()).append("* ").append(SlackText.oneLine(item.text()))
                .append(" — ").append(item.ownerId() == null ? "no owner" : mention(item.ownerId()))
                .append(" · ").append(item.dueDate() == null ? "no due date" : "due " + item.dueDate())
                .append(" · ").append(item.status().code())
                .append(dev.incidenttimeline.bot.actions.ActionItemRows.ticketSuffix(item));
        if (item.isOverdue(today)) {
            b.append(" · :warning: *overdue*");
        }
        return b.toString();
    }
}
