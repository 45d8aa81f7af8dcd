package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.DomainException;

/**
 * A retro template that does not parse, or that names a value the retro does not have.
 * The message names the template and the line (and column, where it can be found), so the
 * user can fix the file.
 */
public final class RetroTemplateException extends DomainException {
    private final String templateName;
    private final int line;
    private final int column;

    public RetroTemplateException(String message, String templateName, int line, int column, Throwable cause) {
        super(message, cause);
        this.templateName = templateName;
        this.line = line;
        this.column = column;
    }

    public String templateName() {
        return templateName;
    }

    /** The 1-based line of the problem, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, or 0 when unknown. */
    public int column() {
        return column;
    }
}
