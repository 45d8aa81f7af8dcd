package dev.incidenttimeline.domain;

/** An incident has no action item with that number. */
public final class ActionItemNotFoundException extends DomainException {
    public ActionItemNotFoundException(String message) {
        super(message);
    }
}
