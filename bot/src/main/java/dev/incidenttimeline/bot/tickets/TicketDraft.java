package dev.incidenttimeline.bot.tickets;

import dev.incidenttimeline.domain.ActionPriority;
import java.time.LocalDate;
import java.util.List;

/**
 * A ticket about to be created for an action item.
 *
 * @param title the item's text
 * @param lines the description, one paragraph each, as {@link Line}s (text with an optional link)
 * @param labels {@code incident}, the key, the severity, the type, the item's own label
 * @param itemLabel {@code INC-12#3}: one ticket per item is looked for by it before creating one
 */
public record TicketDraft(String title, List<Line> lines, LocalDate due, List<String> labels, ActionPriority priority,
        String itemLabel) {

    /** A paragraph: text, then an optional link ({@code url} null: none). */
    public record Line(String text, String linkText, String url) {
        public static Line text(String text) {
            return new Line(text, null, null);
        }
    }

    /** The description as Markdown (GitHub, Linear). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.text());
            if (l.url() != null) {
                b.append('[').append(l.linkText().replace("]", "")).append("](").append(l.url()).append(')');
            }
            b.append("\n\n");
        }
        return b.toString().strip();
    }
}
