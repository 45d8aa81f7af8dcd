package dev.incidenttimeline.bot.tickets;

import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.RetroExport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a ticket says about its action item: pure, from the stored incident and item. */
public final class TicketDrafts {
    private TicketDrafts() {
    }

    /** {@code INC-12#3}: the label that names one item's ticket, looked for before creating another. */
    public static String itemLabel(long incidentNumber, int number) {
        return "INC-" + incidentNumber + "#" + number;
    }

    /**
     * @param sourceMessageTs the tagged message the item came from, or null
     * @param retro where the incident's retro was exported (its Slack upload or file), or null
     */
    public static TicketDraft draft(Incident inc, ActionItem item, String sourceMessageTs, RetroExport retro,
            Redactor redactor) {
        String text = redactor.redact(SlackText.toPlain(item.text())).text();
        List<TicketDraft.Line> lines = new ArrayList<>();
        lines.add(TicketDraft.Line.text("Follow-up #" + item.number() + " of " + inc.key() + ": "
                + redactor.redact(SlackText.toPlain(inc.title())).text()));
        lines.add(TicketDraft.Line.text("Severity: " + inc.severity().label() + ". Priority: "
                + item.priority().name().toLowerCase(Locale.ROOT) + ". Type: " + item.kind().code() + "."));
        if (inc.channelId() != null) {
            lines.add(new TicketDraft.Line("Incident channel: ", "#" + (inc.channelName() == null ? inc.channelId()
                    : inc.channelName()), "https://slack.com/app_redirect?channel=" + inc.channelId()));
            if (sourceMessageTs != null) {
                lines.add(new TicketDraft.Line("Tagged message: ", "open in Slack", "https://slack.com/archives/"
                        + inc.channelId() + "/p" + sourceMessageTs.replace(".", "")));
            }
        }
        if (retro != null) {
            lines.add(retro.permalink() != null
                    ? new TicketDraft.Line("Retro: ", retro.fileName(), retro.permalink())
                    : TicketDraft.Line.text("Retro: " + retro.fileName()));
        }
        lines.add(TicketDraft.Line.text("Excerpt: " + SlackText.shortenPlain(text, 500)));
        String title = SlackText.shortenPlain(text.replaceAll("\\s+", " ").strip(), 240);
        List<String> labels = List.of("incident", inc.key().toString(), inc.severity().name().toLowerCase(Locale.ROOT),
                item.kind().code(), itemLabel(inc.number(), item.number()));
        return new TicketDraft(title, lines, item.dueDate(), labels, item.priority(),
                itemLabel(inc.number(), item.number()));
    }
}
