package dev.incidenttimeline.export.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Slack's mrkdwn read as what it means and written as CommonMark: {@code *bold*},
 * {@code _italic_}, {@code ~strike~}, {@code `code`}, {@code ```blocks```}, {@code >}
 * quotes, {@code •} bullets and {@code <…>} tokens. Slack only formats a delimiter that
 * stands at a word edge with text right inside it; anything else is an ordinary
 * character and is escaped, so user text never turns into markup it did not mean.
 */
final class SlackMrkdwn {
    private static final String FENCE = "```";

    private SlackMrkdwn() {
    }

    private enum Kind { TEXT, QUOTE, BULLET, CODE, BLANK, CODE_END }

    /** One line of the message and what Slack makes of it; {@code raw} is still Slack-encoded. */
    private record Line(Kind kind, String raw) {
    }

    /**
     * A unit of one line: a character, or a token already written as Markdown. A
     * {@code decoded} character came from an entity and is never a delimiter.
     */
    private record Unit(char c, String markdown, boolean decoded) {
        boolean isAtom() {
            return markdown != null;
        }

        boolean isDelimiter() {
            return markdown == null && !decoded && "*_~".indexOf(c) >= 0;
        }
    }

    static String toMarkdown(String slack, Function<String, String> userLabel, boolean block) {
        List<Line> lines = lines(slack);
        return block ? renderBlock(lines, userLabel) : renderInline(lines, userLabel);
    }

    // ------------------------------------------------------------ reading lines

    private static List<Line> lines(String slack) {
        List<Line> out = new ArrayList<>();
        boolean quoteRest = false;
        int pos = 0;
        while (pos <= slack.length()) {
            int open = slack.indexOf(FENCE, pos);
            int close = open < 0 ? -1 : slack.indexOf(FENCE, open + FENCE.length());
            String text = close < 0 ? slack.substring(pos) : slack.substring(pos, open);
            quoteRest = textLines(text, quoteRest, out);
            if (close < 0) {
                break;
            }
            String code = slack.substring(open + FENCE.length(), close);
            if (code.startsWith("\n")) {
                code = code.substring(1);
            }
            if (code.endsWith("\n")) {
                code = code.substring(0, code.length() - 1);
            }
            for (String l : MarkdownText.splitLines(code)) {
                out.add(new Line(Kind.CODE, l));
            }
            out.add(new Line(Kind.CODE_END, ""));
            pos = close + FENCE.length();
            if (pos < slack.length() && slack.charAt(pos) == '\n') {
                pos++;
            }
        }
        return out;
    }

    /** Adds the lines of a stretch outside code blocks; returns whether a {@code >>>} quote is still open. */
    private static boolean textLines(String text, boolean quoteRest, List<Line> out) {
        if (text.isEmpty()) {
            return quoteRest;
        }
        for (String line : MarkdownText.splitLines(text)) {
            String s = line.stripLeading();
            if (s.startsWith("&gt;&gt;&gt;") || s.startsWith(">>>")) {
                quoteRest = true;
                s = s.substring(s.startsWith(">>>") ? 3 : 12);
                if (!s.isBlank()) {
                    out.add(new Line(Kind.QUOTE, s.strip()));
                }
            } else if (s.isBlank()) {
                out.add(new Line(Kind.BLANK, ""));
            } else if (quoteRest) {
                out.add(new Line(Kind.QUOTE, s));
            } else if (s.startsWith("&gt;") || s.startsWith(">")) {
                String rest = s.substring(s.startsWith(">") ? 1 : 4).strip();
                out.add(rest.isEmpty() ? new Line(Kind.BLANK, "") : new Line(Kind.QUOTE, rest));
            } else if (s.length() > 2 && "•◦▪-".indexOf(s.charAt(0)) >= 0 && s.charAt(1) == ' '
                    && !s.substring(2).isBlank()) {
                out.add(new Line(Kind.BULLET, s.substring(2).strip()));
            } else {
                out.add(new Line(Kind.TEXT, s));
            }
        }
        return quoteRest;
    }

    // ------------------------------------------------------------ writing

    private static String renderBlock(List<Line> lines, Function<String, String> userLabel) {
        List<String> groups = new ArrayList<>();
        StringBuilder group = new StringBuilder();
        Kind groupKind = null;
        List<String> code = new ArrayList<>();
        for (Line line : lines) {
            Kind kind = line.kind();
            if (kind == Kind.CODE) {
                code.add(codeText(line.raw(), userLabel));
                continue;
            }
            if (kind == Kind.CODE_END) {
                flush(groups, group);
                groupKind = null;
                String fenced = fenced(code);
                if (fenced != null) {
                    groups.add(fenced);
                }
                code.clear();
                continue;
            }
            String md = kind == Kind.BLANK ? "" : MarkdownText.guardLineStart(inline(line.raw(), userLabel));
            if (md.isEmpty()) {
                flush(groups, group);
                groupKind = null;
                continue;
            }
            if (groupKind != kind) {
                flush(groups, group);
                groupKind = kind;
            } else {
                group.append(kind == Kind.BULLET ? "\n" : "\\\n");
            }
            switch (kind) {
                case QUOTE -> group.append("> ").append(md);
                case BULLET -> group.append("- ").append(md);
                default -> group.append(md);
            }
        }
        flush(groups, group);
        return String.join("\n\n", groups);
    }

    private static void flush(List<String> groups, StringBuilder group) {
        if (group.length() > 0) {
            groups.add(group.toString());
            group.setLength(0);
        }
    }

    private static String renderInline(List<Line> lines, Function<String, String> userLabel) {
        List<String> out = new ArrayList<>();
        for (Line line : lines) {
            String md = switch (line.kind()) {
                case TEXT -> inline(line.raw(), userLabel);
                case QUOTE -> "\\> " + inline(line.raw(), userLabel);
                case BULLET -> "• " + inline(line.raw(), userLabel);
                case CODE -> codeSpan(codeText(line.raw(), userLabel));
                case BLANK -> "";
                case CODE_END -> null;
            };
            if (md != null) {
                out.add(MarkdownText.guardLineStart(md));
            }
        }
        return MarkdownText.joinLines(out);
    }

    /** A fenced code block, its fence longer than any backtick run inside; null when it holds nothing. */
    private static String fenced(List<String> code) {
        if (code.stream().allMatch(String::isBlank)) {
            return null;
        }
        String fence = "`".repeat(Math.max(3, longestBacktickRun(String.join("\n", code)) + 1));
        return fence + "\n" + String.join("\n", code) + "\n" + fence;
    }

    /** Code as the reader should see it: entities decoded, tokens shown as their labels, no control characters. */
    private static String codeText(String raw, Function<String, String> userLabel) {
        StringBuilder out = new StringBuilder(raw.length());
        int pos = 0;
        while (pos < raw.length()) {
            int open = raw.indexOf('<', pos);
            int close = open < 0 ? -1 : MarkdownText.tokenEnd(raw, open);
            if (close < 0) {
                out.append(MarkdownText.decodeSlackEntities(raw.substring(pos)));
                break;
            }
            out.append(MarkdownText.decodeSlackEntities(raw.substring(pos, open)));
            out.append(MarkdownText.plainToken(MarkdownText.Token.parse(raw.substring(open + 1, close), userLabel)));
            pos = close + 1;
        }
        StringBuilder clean = new StringBuilder(out.length());
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '\t') {
                clean.append("    ");
            } else if (c >= 0x20 && c != 0x7f && !(Character.isSurrogate(c) && !validPair(out, i))) {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static boolean validPair(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static String codeSpan(String code) {
        if (code.isBlank()) {
            return "";
        }
        String fence = "`".repeat(longestBacktickRun(code) + 1);
        boolean pad = code.startsWith("`") || code.endsWith("`") || (code.startsWith(" ") && code.endsWith(" "));
        return pad ? fence + " " + code + " " + fence : fence + code + fence;
    }

    private static int longestBacktickRun(String s) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    // ------------------------------------------------------------ one line

    /** One line of Slack text (no code blocks in it) as inline Markdown. */
    static String inline(String raw, Function<String, String> userLabel) {
        List<Unit> units = units(raw, userLabel);
        StringBuilder out = new StringBuilder(raw.length() + 16);
        emphasis(units, 0, units.size(), "", out);
        return out.toString();
    }

    private static List<Unit> units(String raw, Function<String, String> userLabel) {
        List<Unit> units = new ArrayList<>(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '<') {
                int close = MarkdownText.tokenEnd(raw, i);
                if (close > 0) {
                    StringBuilder md = new StringBuilder();
                    MarkdownText.appendToken(MarkdownText.Token.parse(raw.substring(i + 1, close), userLabel), md);
                    if (md.length() > 0) {
                        units.add(new Unit('\0', md.toString(), false));
                    }
                    i = close + 1;
                    continue;
                }
            } else if (c == '`') {
                int close = raw.indexOf('`', i + 1);
                if (close > i + 1) {
                    String span = codeSpan(codeText(raw.substring(i + 1, close), userLabel));
                    if (!span.isEmpty()) {
                        units.add(new Unit('\0', span, false));
                    }
                    i = close + 1;
                    continue;
                }
            } else if (c == '&') {
                int len = raw.startsWith("&amp;", i) ? 5 : raw.startsWith("&lt;", i) || raw.startsWith("&gt;", i) ? 4 : 0;
                if (len > 0) {
                    units.add(new Unit(MarkdownText.decodeSlackEntities(raw.substring(i, i + len)).charAt(0), null, true));
                    i += len;
                    continue;
                }
            }
            units.add(new Unit(c, null, false));
            i++;
        }
        return units;
    }

    /**
     * Writes {@code units[from, to)}: a delimiter that Slack would read as formatting, with
     * its closing partner in range, becomes the Markdown delimiter around its content;
     * every other character is escaped. {@code open} holds the delimiters already open
     * around this range: the same style inside itself means nothing in Slack.
     */
    private static void emphasis(List<Unit> units, int from, int to, String open, StringBuilder out) {
        int i = from;
        while (i < to) {
            Unit u = units.get(i);
            if (u.isAtom()) {
                if (u.markdown().startsWith("[") && endsWithUnescaped(out, '!')) {
                    // "!" right before a link would make it an image.
                    out.insert(out.length() - 1, '\\');
                }
                out.append(u.markdown());
                i++;
                continue;
            }
            if (u.isDelimiter() && open.indexOf(u.c()) < 0 && opens(units, i, to)) {
                int close = closer(units, i, to);
                if (close > 0) {
                    String md = switch (u.c()) {
                        case '*' -> "**";
                        case '~' -> "~~";
                        default -> "_";
                    };
                    out.append(md);
                    emphasis(units, i + 1, close, open + u.c(), out);
                    out.append(md);
                    i = close + 1;
                    continue;
                }
            }
            if (u.isDelimiter()) {
                // Not formatting: a plain character. Inside a word an underscore cannot start
                // or end emphasis, so snake_case stays readable.
                boolean inWord = u.c() == '_' && letterOrDigit(units, i - 1) && letterOrDigit(units, i + 1);
                out.append(inWord ? "_" : "\\" + u.c());
                i++;
                continue;
            }
            StringBuilder plain = new StringBuilder();
            while (i < to && !units.get(i).isAtom() && !units.get(i).isDelimiter()) {
                plain.append(units.get(i).c());
                i++;
            }
            MarkdownText.escapeInline(plain.toString(), out);
        }
    }

    private static boolean endsWithUnescaped(StringBuilder out, char c) {
        int n = out.length();
        if (n == 0 || out.charAt(n - 1) != c) {
            return false;
        }
        int backslashes = 0;
        for (int i = n - 2; i >= 0 && out.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    private static boolean letterOrDigit(List<Unit> units, int k) {
        return k >= 0 && k < units.size() && !units.get(k).isAtom() && Character.isLetterOrDigit(units.get(k).c());
    }

    private static boolean opens(List<Unit> units, int i, int to) {
        return edge(units, i - 1) && i + 1 < to && !blank(units.get(i + 1));
    }

    private static int closer(List<Unit> units, int open, int to) {
        char d = units.get(open).c();
        for (int j = open + 2; j < to; j++) {
            Unit u = units.get(j);
            if (u.isDelimiter() && u.c() == d && !blank(units.get(j - 1)) && edge(units, j + 1)) {
                return j;
            }
        }
        return -1;
    }

    /** Whether a delimiter next to this unit stands at a word edge: line end, space or punctuation. */
    private static boolean edge(List<Unit> units, int k) {
        if (k < 0 || k >= units.size()) {
            return true;
        }
        Unit u = units.get(k);
        if (u.isAtom()) {
            return false;
        }
        char c = u.c();
        return Character.isWhitespace(c) || (c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c));
    }

    /** Whether this unit writes as nothing visible: a space, or a character that is dropped. */
    private static boolean blank(Unit u) {
        return !u.isAtom() && (Character.isWhitespace(u.c()) || u.c() < 0x20 || u.c() == 0x7f);
    }
}
