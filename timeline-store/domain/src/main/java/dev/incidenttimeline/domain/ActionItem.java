package dev.incidenttimeline.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/** A follow-up of an incident: numbered #1, #2 … within it, with an owner (DRI) and a due date. */
public record ActionItem(
        long incidentNumber,
        int number,
        String text,
        String ownerId,
        LocalDate dueDate,
        ActionStatus status,
        ActionPriority priority,
        ActionKind kind,
        String ticketUrl,
        String createdBy,
        Instant createdAt,
        Instant closedAt,
        String closedBy) {

    public ActionItem {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        if (number < 1) {
            throw new IllegalArgumentException("action items are numbered from 1");
        }
    }

    /**
     * The order of the weekly review and the retro: cleanups before all other work, then by
     * priority, then by due date (undated last), then by incident and number.
     */
    public static final Comparator<ActionItem> REVIEW_ORDER = Comparator
            .comparing((ActionItem a) -> a.kind() != ActionKind.CLEANUP)
            .thenComparing(ActionItem::priority)
            .thenComparing(ActionItem::dueDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(ActionItem::incidentNumber)
            .thenComparingInt(ActionItem::number);

    public boolean isOpen() {
        return status == ActionStatus.OPEN;
    }

    /** Open and due before {@code today}. */
    public boolean isOverdue(LocalDate today) {
        return isOpen() && dueDate != null && dueDate.isBefore(today);
    }
}
