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
        String createdBy,
        Instant createdAt,
        String sourceMessageTs) {

    public NewActionItem {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        text = text.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an action item needs a text");
        }
    }
}
