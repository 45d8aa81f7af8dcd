package dev.incidenttimeline.domain;

/**
 * Text as PostgreSQL can store it. JSON and Slack allow characters that a PostgreSQL
 * {@code text} or {@code jsonb} value refuses: U+0000 (NUL), and lone UTF-16 surrogates,
 * which have no UTF-8 form. Text read from Slack (events, commands, exports) is cleaned
 * here when it is parsed, so such a character never fails a request or an import.
 */
public final class StorableText {
    private StorableText() {
    }

    /** {@code s} without NULs and with each lone surrogate replaced by U+FFFD; null stays null. */
    public static String clean(String s) {
        if (s == null || isClean(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Whether {@link #clean} would leave {@code s} as it is. */
    public static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
