package dev.incidenttimeline.export.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns text that people wrote in Slack into text that is safe to paste into a Markdown
 * document, a Markdown table cell, YAML front matter or a mermaid diagram.
 *
 * <p>Slack's own formatting (mrkdwn: bold, italic, strike, code, code blocks, quotes,
 * bullets, mentions, channel links, labelled links) becomes the Markdown that means the
 * same; everything else user-written is data, never markup: it cannot inject HTML
 * ({@code <script>} comes out as {@code \\<script\\>}), cannot start a heading, list,
 * rule, code block or table, and cannot close the link or table cell it sits in.
 *
 * <p>Multi-line text keeps its lines: lines that follow each other end with a Markdown
 * hard break (a trailing backslash), blank lines separate paragraphs; {@link #cell} turns
 * both into {@code <br>}.
 */
public final class MarkdownText {

    private MarkdownText() {
    }

    // ---------------------------------------------------------------- Markdown

    /**
     * Converts Slack message markup into Markdown in which every user-written character is
     * escaped.
     *
     * <ul>
     *   <li>{@code <@U123>} and {@code <@U123|name>} become {@code @label}, the label from
     *       {@code userLabel} (the name Slack sent, then the id, when it has none);</li>
     *   <li>{@code <#C1|name>} becomes {@code #name};</li>
     *   <li>{@code <https://x|label>} becomes {@code [label](https://x)} (the label is what
     *       follows the first {@code |}); a bare {@code <https://x>} becomes the autolink
     *       {@code <https://x>}; only http, https and mailto links are kept as links;</li>
     *   <li>{@code <!here>}, {@code <!channel>}, {@code <!everyone>} become {@code @here} …;
     *       {@code <!subteam^S1|@oncall>} becomes {@code @oncall}; a date token shows its
     *       fallback text;</li>
     *   <li>Slack's {@code &amp;} {@code &lt;} {@code &gt;} are decoded once, and the
     *       text is then escaped for Markdown.</li>
     * </ul>
     *
     * @param slackText text as Slack sends it; {@code null} gives {@code ""}
     * @param userLabel the display label of a user id; may return {@code null}
     */
    public static String fromSlack(String slackText, Function<String, String> userLabel) {
        if (slackText == null || slackText.isEmpty()) {
            return "";
        }
        return SlackMrkdwn.toMarkdown(slackText, userLabel, true);
    }

    /**
     * As {@link #fromSlack}, for places that hold inline text only (a table cell, a heading,
     * a bullet): code blocks become one code span per line, quotes keep a visible
     * {@code >}, list items a {@code •}. Lines end in hard breaks, so {@link #cell} and
     * {@link #singleLine} finish the job.
     */
    public static String inlineFromSlack(String slackText, Function<String, String> userLabel) {
        if (slackText == null || slackText.isEmpty()) {
            return "";
        }
        return SlackMrkdwn.toMarkdown(slackText, userLabel, false);
    }

    /** {@link #inlineFromSlack} made safe for one table cell. */
    public static String cellFromSlack(String slackText, Function<String, String> userLabel) {
        return cell(inlineFromSlack(slackText, userLabel));
    }

    /**
     * Escapes plain text (not Slack markup: a {@code <} is a less-than sign) for Markdown,
     * with the same rules as {@link #fromSlack}. Use it for names and other plain strings.
     */
    public static String escape(String plainText) {
        if (plainText == null || plainText.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : splitLines(plainText)) {
            StringBuilder sb = new StringBuilder(line.length() + 16);
            escapeInline(line, sb);
            lines.add(guardLineStart(sb.toString()));
        }
        return joinLines(lines);
    }

    /**
     * Converts Slack markup into plain text for places that are not Markdown (YAML, JSON,
     * diagrams): mentions become {@code @label}, channels {@code #name}, links
     * {@code label (url)}, and Slack's entities are decoded. Nothing is escaped.
     */
    public static String plainFromSlack(String slackText, Function<String, String> userLabel) {
        if (slackText == null || slackText.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(slackText.length());
        List<String> lines = splitLines(slackText);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines.get(i);
            int pos = 0;
            while (pos < line.length()) {
                int open = line.indexOf('<', pos);
                int close = open < 0 ? -1 : tokenEnd(line, open);
                if (close < 0) {
                    out.append(decodeSlackEntities(line.substring(pos)));
                    break;
                }
                out.append(decodeSlackEntities(line.substring(pos, open)));
                out.append(plainToken(Token.parse(line.substring(open + 1, close), userLabel)));
                pos = close + 1;
            }
        }
        return out.toString().strip();
    }

    /**
     * Makes Markdown (as {@link #fromSlack} or {@link #escape} return it) safe inside one
     * table cell: an unescaped {@code |} becomes {@code \|}, line breaks become
     * {@code <br>}, and the text is trimmed.
     */
    public static String cell(String markdownInline) {
        if (markdownInline == null || markdownInline.isEmpty()) {
            return "";
        }
        String s = markdownInline.strip();
        StringBuilder out = new StringBuilder(s.length() + 8);
        int backslashes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                // An odd run of backslashes before the newline ends in a hard-break marker:
                // <br> replaces it, and a backslash left before "<br>" would escape the "<".
                if (backslashes % 2 == 1) {
                    out.setLength(out.length() - 1);
                }
                trimTrailingSpaces(out);
                out.append("<br>");
                backslashes = 0;
                continue;
            }
            if (c == '|' && backslashes % 2 == 0) {
                out.append('\\');
            }
            out.append(c);
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
        if (backslashes % 2 == 1) {
            // A lone trailing backslash would escape the cell's closing pipe.
            out.append('\\');
        }
        return out.toString();
    }

    /**
     * Joins Markdown onto one line (for a heading or a bullet): line breaks become spaces.
     */
    public static String singleLine(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(markdown.length());
        int backslashes = 0;
        for (int i = 0; i < markdown.length(); i++) {
            char c = markdown.charAt(i);
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                if (backslashes % 2 == 1) {
                    out.setLength(out.length() - 1);
                }
                trimTrailingSpaces(out);
                if (out.length() > 0) {
                    out.append(' ');
                }
                backslashes = 0;
                continue;
            }
            out.append(c);
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
        return out.toString().strip();
    }

    /**
     * A link destination that is safe in {@code [label](...)} and {@code <...>}, or
     * {@code null} when the address is not an http, https or mailto URL (so that, for
     * example, {@code javascript:} can never become a link).
     */
    public static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:"))) {
            return null;
        }
        StringBuilder out = new StringBuilder(u.length() + 8);
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            switch (c) {
                case ' ' -> out.append("%20");
                case '<' -> out.append("%3C");
                case '>' -> out.append("%3E");
                case '(' -> out.append("%28");
                case ')' -> out.append("%29");
                case '|' -> out.append("%7C");
                case '"' -> out.append("%22");
                case '`' -> out.append("%60");
                case '\\' -> out.append("%5C");
                case '[' -> out.append("%5B");
                case ']' -> out.append("%5D");
                case '&' -> out.append(looksLikeEntity(u, i) ? "%26" : "&");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        continue;
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * {@code [label](url)} with {@code labelMarkdown} already escaped, or the label alone
     * when the URL is missing or not safe.
     */
    public static String link(String labelMarkdown, String url) {
        String safe = safeUrl(url);
        return safe == null ? labelMarkdown : "[" + labelMarkdown + "](" + safe + ")";
    }

    // ---------------------------------------------------------------- YAML, mermaid

    /**
     * A double-quoted YAML scalar that reads back as exactly {@code s}, whatever it holds
     * (quotes, backslashes, line breaks, {@code ---}, control characters). {@code null}
     * gives the YAML null, {@code null}, unquoted. A {@code <} is written {@code \u003c}:
     * a renderer that does not know front matter shows it as a paragraph, where a tag
     * would be live HTML.
     */
    public static String yamlString(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2);
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c");
                case '\0' -> out.append("\\0");
                case '\u0085' -> out.append("\\N");
                case '\u00a0' -> out.append("\\_");
                case '\u2028' -> out.append("\\L");
                case '\u2029' -> out.append("\\P");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\ufeff' || c == '\ufffe' || c == '\uffff') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Plain text reduced to what a mermaid {@code timeline} line can hold: one line, no
     * {@code :} {@code #} {@code ;} (statement separators and comments there), no
     * {@code %%}, no brackets, backticks or {@code &} (labels may be read as HTML), at most
     * {@code maxLength} characters.
     */
    public static String mermaidText(String plainText, int maxLength) {
        if (plainText == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(plainText.length(), maxLength + 8));
        boolean space = false;
        for (int i = 0; i < plainText.length(); i++) {
            char c = plainText.charAt(i);
            char mapped;
            if (Character.isLetterOrDigit(c) || ".,!?'-_/+=@*$".indexOf(c) >= 0) {
                mapped = c;
            } else if (c == ':' || c == ';') {
                mapped = ',';
            } else if (c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c)
                    && Character.getType(c) != Character.FORMAT) {
                mapped = c;
            } else {
                mapped = ' ';
            }
            if (mapped == ' ') {
                space = out.length() > 0;
                continue;
            }
            if (mapped == ',' && (out.length() == 0 || out.charAt(out.length() - 1) == ',')) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(mapped);
        }
        String s = out.toString();
        while (s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            int end = s.offsetByCodePoints(0, Math.max(1, maxLength - 1));
            s = s.substring(0, end).strip() + "…";
        }
        return s;
    }

    // ---------------------------------------------------------------- internals

    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /** Blank lines collapse into one paragraph break; other line breaks become hard breaks. */
    static String joinLines(List<String> lines) {
        StringBuilder out = new StringBuilder();
        boolean pendingBlank = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                pendingBlank = out.length() > 0;
                continue;
            }
            if (out.length() > 0) {
                out.append(pendingBlank ? "\n\n" : "\\\n");
            }
            out.append(line);
            pendingBlank = false;
        }
        return out.toString();
    }

    /** Writes one Slack token as Markdown: a safe link, an autolink, or its escaped label. */
    static void appendToken(Token t, StringBuilder out) {
        String safe = safeUrl(t.url);
        if (safe != null && t.label != null && !t.label.isBlank()) {
            out.append('[');
            escapeInline(t.label, out);
            out.append("](").append(safe).append(')');
        } else if (safe != null) {
            out.append('<').append(safe).append('>');
        } else {
            escapeInline(t.label != null && !t.label.isBlank() ? t.label : nullToEmpty(t.url), out);
        }
    }

    /** A token as plain text: its label, {@code label (url)} for a labelled link. */
    static String plainToken(Token t) {
        if (t.url != null && t.label != null && !t.label.isBlank() && !t.label.equals(t.url)) {
            return t.label + " (" + t.url + ")";
        }
        return t.url != null ? t.url : nullToEmpty(t.label);
    }

    /** The index of the {@code >} that closes a Slack token opened at {@code open}, or -1. */
    static int tokenEnd(String line, int open) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '>') {
                return i == open + 1 ? -1 : i;
            }
            if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /** Slack escapes only these three; decoding in one pass keeps {@code &amp;lt;} as {@code &lt;}. */
    static String decodeSlackEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '&') {
                if (s.startsWith("&amp;", i)) {
                    out.append('&');
                    i += 5;
                    continue;
                }
                if (s.startsWith("&lt;", i)) {
                    out.append('<');
                    i += 4;
                    continue;
                }
                if (s.startsWith("&gt;", i)) {
                    out.append('>');
                    i += 4;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Escapes one line of plain text for use inline in Markdown. */
    static void escapeInline(String s, StringBuilder out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '`', '*', '[', ']', '~', '|' -> out.append('\\').append(c);
                // Backslash escapes, not entities: a document keeps no "&gt;" for a reader to trip over.
                case '<' -> out.append("\\<");
                case '>' -> out.append("\\>");
                case '&' -> out.append(looksLikeEntity(s, i) ? "\\&" : "&");
                case '_' -> {
                    // Inside a word an underscore cannot start or end emphasis: snake_case stays readable.
                    boolean inWord = i > 0 && i + 1 < n && Character.isLetterOrDigit(s.charAt(i - 1))
                            && Character.isLetterOrDigit(s.charAt(i + 1));
                    if (!inWord) {
                        out.append('\\');
                    }
                    out.append('_');
                }
                case '\t' -> out.append(' ');
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        continue;
                    }
                    if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            out.append('\ufffd');
                        }
                        continue;
                    }
                    out.append(c);
                }
            }
        }
    }

    /** Whether {@code &} at {@code i} starts something a Markdown renderer would read as an entity. */
    private static boolean looksLikeEntity(String s, int i) {
        int j = i + 1;
        int n = s.length();
        if (j < n && s.charAt(j) == '#') {
            j++;
            boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int start = j;
            while (j < n && (hex ? Character.digit(s.charAt(j), 16) >= 0 : Character.isDigit(s.charAt(j)))) {
                j++;
            }
            return j > start && j < n && s.charAt(j) == ';';
        }
        int start = j;
        while (j < n && j - start < 40 && isAsciiLetterOrDigit(s.charAt(j))) {
            j++;
        }
        return j > start && j < n && s.charAt(j) == ';' && isAsciiLetter(s.charAt(start));
    }

    /**
     * Strips indentation (four spaces would start a code block) and trailing spaces (two
     * would be a hard break), and escapes what would start a block: heading {@code #},
     * list {@code -} {@code +} {@code 1.} {@code 1)}, rule or setext underline {@code ---}
     * {@code ===}; a quote's {@code >} is already {@code \\>}. A closing run of {@code #}
     * is escaped too, as a heading would drop it.
     */
    static String guardLineStart(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        while (end > start && line.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end) {
            return "";
        }
        String s = line.substring(start, end);
        char first = s.charAt(0);
        if (first == '#' || first == '-' || first == '+' || first == '=') {
            s = "\\" + s;
        } else if (Character.isDigit(first)) {
            int j = 0;
            while (j < s.length() && j < 10 && isAsciiDigit(s.charAt(j))) {
                j++;
            }
            if (j < s.length() && j < 10 && (s.charAt(j) == '.' || s.charAt(j) == ')')) {
                s = s.substring(0, j) + "\\" + s.substring(j);
            }
        }
        if (s.endsWith("#")) {
            int k = s.length();
            while (k > 0 && s.charAt(k - 1) == '#') {
                k--;
            }
            if (k > 0 && s.charAt(k - 1) == ' ') {
                s = s.substring(0, k) + "\\" + s.substring(k);
            }
        }
        return s;
    }

    private static void trimTrailingSpaces(StringBuilder sb) {
        int len = sb.length();
        while (len > 0 && sb.charAt(len - 1) == ' ') {
            len--;
        }
        sb.setLength(len);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** One {@code <...>} token of Slack markup: a label to show, and a URL when it is a link. */
    record Token(String label, String url) {

        static Token parse(String content, Function<String, String> userLabel) {
            int bar = content.indexOf('|');
            String head = bar < 0 ? content : content.substring(0, bar);
            String fallback = bar < 0 ? null : decodeSlackEntities(content.substring(bar + 1));
            if (head.isEmpty()) {
                // "<|label>" is not Slack markup: keep its label as text.
                return new Token(fallback == null ? "" : fallback, null);
            }
            char kind = head.charAt(0);
            if (kind == '@') {
                String id = head.substring(1);
                String label = userLabel == null ? null : userLabel.apply(id);
                if (label == null || label.isBlank()) {
                    label = fallback != null && !fallback.isBlank() ? fallback : id;
                }
                return new Token(label.startsWith("@") ? label : "@" + label, null);
            }
            if (kind == '#') {
                String name = fallback != null && !fallback.isBlank() ? fallback : head.substring(1);
                return new Token("#" + name, null);
            }
            if (kind == '!') {
                String word = head.substring(1);
                if (word.equals("here") || word.equals("channel") || word.equals("everyone")) {
                    return new Token("@" + word, null);
                }
                if (fallback != null && !fallback.isBlank()) {
                    return new Token(fallback, null);
                }
                int caret = word.indexOf('^');
                return new Token("@" + (caret < 0 ? word : word.substring(caret + 1)), null);
            }
            return new Token(fallback, decodeSlackEntities(head));
        }
    }
}
