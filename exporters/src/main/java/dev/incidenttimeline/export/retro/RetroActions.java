package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The follow-ups of a retro in the order the weekly review takes them
 * ({@link ActionItem#REVIEW_ORDER}: cleanups first, then priority, then due date), each open
 * one without a due date or an owner flagged with the command that fixes it.
 */
final class RetroActions {
    private RetroActions() {
    }

    static List<RetroModel.Action> build(List<ActionItem> items, LocalDate today, RetroFormat format) {
        List<ActionItem> sorted = new ArrayList<>(items);
        sorted.sort(ActionItem.REVIEW_ORDER);
        List<RetroModel.Action> out = new ArrayList<>(sorted.size());
        for (ActionItem a : sorted) {
            out.add(new RetroModel.Action(
                    a.number(),
                    format.cell(a.text()),
                    format.plain(a.text()),
                    a.kind().code(),
                    a.priority().code(),
                    format.person(a.ownerId()),
                    a.dueDate() == null ? null : a.dueDate().toString(),
                    a.status().code(),
                    a.isOverdue(today),
                    MarkdownText.safeUrl(a.ticketUrl()),
                    RetroFormat.iso(a.closedAt()),
                    flags(a)));
        }
        return List.copyOf(out);
    }

    /** What an open item lacks for the review, and the command that fixes each. */
    static List<RetroModel.Flag> flags(ActionItem a) {
        if (!a.isOpen()) {
            return List.of();
        }
        List<RetroModel.Flag> flags = new ArrayList<>(2);
        if (a.ownerId() == null || a.ownerId().isBlank()) {
            flags.add(new RetroModel.Flag("no owner", "/incident action " + a.number() + " owner @name"));
        }
        if (a.dueDate() == null) {
            flags.add(new RetroModel.Flag("no due date", "/incident action " + a.number() + " due <date>"));
        }
        return List.copyOf(flags);
    }
}
