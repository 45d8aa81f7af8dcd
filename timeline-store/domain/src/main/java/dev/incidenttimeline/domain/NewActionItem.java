package dev.incidenttimeline.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** An action item about to be added; the store gives it the next number of its incident. */
public record NewActionItem(
        long incidentNumber,
        String text,
        String ownerId,
        LocalDate dueDate,
        ActionPriority priority,
        ActionKind kind,
        String createdBy,
        Instant createdAt,
        String sourceMessageTs) {

    public NewActionItem {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        priority = priority == null ? ActionPriority.DEFAULT : priority;
        kind = kind == null ? ActionKind.DEFAULT : kind;
        text = text.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an action item needs a text");
        }
    }

    /** An item of the default priority and type. */
    public NewActionItem(long incidentNumber, String text, String ownerId, LocalDate dueDate, String createdBy,
            Instant createdAt, String sourceMessageTs) {
        this(incidentNumber, text, ownerId, dueDate, null, null, createdBy, createdAt, sourceMessageTs);
    }
}
