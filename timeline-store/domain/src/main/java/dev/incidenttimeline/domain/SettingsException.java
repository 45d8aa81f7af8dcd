package dev.incidenttimeline.domain;

/**
 * A missing or malformed setting. The message names the setting and what it should look
 * like; the CLI prints it as one line and exits 2.
 */
public final class SettingsException extends DomainException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
