package dev.incidenttimeline.domain;

/**
 * Input to {@code /incident} that cannot be acted on: an unknown sub-command, a missing or
 * malformed argument, or a command run where it does not apply. The message says what was
 * wrong and shows the right form, and is shown to the user as it is.
 */
public final class CommandException extends DomainException {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
