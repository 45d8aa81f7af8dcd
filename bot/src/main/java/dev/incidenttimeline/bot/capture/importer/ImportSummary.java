package dev.incidenttimeline.bot.capture.importer;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.export.text.MarkdownText;
import java.util.Locale;
import java.util.Objects;

/**
 * What an import left in the database for the incident: totals, and how many of each
 * the import added. Importing the same export again adds nothing ({@link #upToDate()}).
 */
public record ImportSummary(
        Incident incident,
        boolean createdIncident,
        int messages,
        int newMessages,
        int entries,
        int newEntries,
        int actionItems,
        int newActionItems,
        int participants,
        int newParticipants,
        int otherChanges) {

    public ImportSummary {
        Objects.requireNonNull(incident, "incident");
    }

    /** Nothing was added or changed: this export had been imported already. */
    public boolean upToDate() {
        return !createdIncident && newMessages == 0 && newEntries == 0 && newActionItems == 0
                && newParticipants == 0 && otherChanges == 0;
    }

    /** One line for people: {@code Imported INC-3 "title" from #channel: 214 messages, …}. */
    public String describe() {
        // Titles are stored as Slack sends text; a summary shows them decoded ("R&D", not "R&amp;D").
        String what = incident.key() + " \"" + MarkdownText.plainFromSlack(incident.title(), id -> null) + "\" from #"
                + incident.channelName();
        if (upToDate()) {
            return what + " is already up to date: " + totals(false) + ".";
        }
        return (createdIncident ? "Imported " : "Updated ") + what + ": " + totals(!createdIncident) + ".";
    }

    private String totals(boolean showNew) {
        return count(messages, newMessages, "message", "messages", showNew) + ", "
                + count(entries, newEntries, "timeline entry", "timeline entries", showNew) + ", "
                + count(actionItems, newActionItems, "action item", "action items", showNew) + ", "
                + count(participants, newParticipants, "participant", "participants", showNew);
    }

    private static String count(int total, int added, String one, String many, boolean showNew) {
        String s = String.format(Locale.ROOT, "%,d %s", total, total == 1 ? one : many);
        return showNew && added > 0 ? s + String.format(Locale.ROOT, " (%,d new)", added) : s;
    }
}
