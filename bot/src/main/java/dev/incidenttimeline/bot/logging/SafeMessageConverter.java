package dev.incidenttimeline.bot.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message ({@code %safemsg} in logback.xml), one line and bounded: control characters
 * are escaped, so text from outside cannot start a forged log line, and a message longer than
 * {@link #MAX_CHARS} is cut with a note of how much was left out.
 */
public final class SafeMessageConverter extends ClassicConverter {
    static final int MAX_CHARS = 2000;

    @Override
    public String convert(ILoggingEvent event) {
        return escape(event.getFormattedMessage());
    }

    /** {@code s} with control characters written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code u00XX}, capped. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 16);
        int i = 0;
        for (; i < s.length() && b.length() < MAX_CHARS; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (i < s.length()) {
            b.append("…(").append(s.length() - i).append(" more chars)");
        }
        return b.toString();
    }
}
