package dev.incidenttimeline.domain;

/**
 * A known failure whose message is written for the user: it says what was wrong and, where
 * it helps, the right form. The bot and the CLI show it as it is.
 */
public class DomainException extends RuntimeException {
    public DomainException(String message) {
        super(message);
    }

    public DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
