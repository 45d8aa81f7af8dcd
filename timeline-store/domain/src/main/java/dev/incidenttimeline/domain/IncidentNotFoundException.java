package dev.incidenttimeline.domain;

/** No incident has that key, or the channel is not an incident channel. */
public final class IncidentNotFoundException extends DomainException {
    public IncidentNotFoundException(String message) {
        super(message);
    }
}
