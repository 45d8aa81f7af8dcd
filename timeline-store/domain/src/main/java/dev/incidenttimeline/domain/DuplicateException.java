package dev.incidenttimeline.domain;

/** A unique key refused a second copy of something (SQLState 23505). */
public final class DuplicateException extends DomainException {
    public DuplicateException(String message, Throwable cause) {
        super(message, cause);
    }
}
