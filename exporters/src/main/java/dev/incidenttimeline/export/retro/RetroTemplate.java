package dev.incidenttimeline.export.retro;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled Mustache template that lays out a {@link RetroModel}: the built-in layout or a
 * user's own ({@code export --template file}). Values in the model are already escaped for
 * Markdown, so the template does no HTML escaping of its own: {@code {{x}}} and
 * {@code {{{x}}}} print the same text. A name the model does not have is an error, so a
 * typo in a template does not silently print nothing.
 */
public final class RetroTemplate {
    private static final Pattern LINE = Pattern.compile("@ line (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern RENDER_LINE = Pattern.compile("(?:on|at) line (\\d+)");

    private final String name;
    private final Template template;

    private RetroTemplate(String name, Template template) {
        this.name = name;
        this.template = template;
    }

    /**
     * Compiles {@code source}.
     *
     * @param name how the template is named in error messages, e.g. its file name
     * @throws RetroTemplateException naming the line (and column where it can be found) of
     *         the first thing that does not parse
     */
    public static RetroTemplate compile(String source, String name) {
        Objects.requireNonNull(source, "source");
        String label = name == null || name.isBlank() ? "template" : name;
        try {
            return new RetroTemplate(label, compiler().compile(source));
        } catch (MustacheParseException e) {
            throw parseError(source, label, e);
        } catch (MustacheException e) {
            throw new RetroTemplateException("template " + label + " does not parse: " + e.getMessage(), label, 0, 0, e);
        }
    }

    /** The name given at {@link #compile}. */
    public String name() {
        return name;
    }

    /**
     * Lays out {@code model}. Line endings are {@code \n}, the text ends with exactly one
     * newline, and blank lines at its start are dropped (front matter is only read on the
     * first line, and a leading comment tag leaves one).
     *
     * @throws RetroTemplateException when the template names a value the model does not have
     */
    public String render(RetroModel model) {
        Objects.requireNonNull(model, "model");
        String out;
        try {
            out = template.execute(model);
        } catch (MustacheException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = RENDER_LINE.matcher(message);
            int line = 0;
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
                message = message.substring(0, m.start()).strip();
            }
            throw new RetroTemplateException("template " + name + (line > 0 ? ", line " + line : "") + ": " + message
                    + " (the values a template can use are listed in retro-json.md)", name, line, 0, e);
        }
        return normalize(out);
    }

    private static Mustache.Compiler compiler() {
        return Mustache.compiler()
                .escapeHTML(false)
                .nullValue("")
                .strictSections(false);
    }

    static String normalize(String text) {
        String s = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        int start = 0;
        while (start < s.length() && s.charAt(start) == '\n') {
            start++;
        }
        int end = s.length();
        while (end > start && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(start, end) + "\n";
    }

    private static RetroTemplateException parseError(String source, String label, MustacheParseException e) {
        String message = String.valueOf(e.getMessage());
        Matcher lineMatcher = LINE.matcher(message);
        int line = lineMatcher.find() ? Integer.parseInt(lineMatcher.group(1)) : 0;
        String reason = lineMatcher.reset().find() ? message.substring(0, lineMatcher.start()).strip() : message;
        int column = line > 0 ? column(source, line, reason) : 0;
        StringBuilder sb = new StringBuilder("template ").append(label).append(" does not parse");
        if (line > 0) {
            sb.append(": line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
        }
        sb.append(": ").append(reason);
        return new RetroTemplateException(sb.toString(), label, line, column, e);
    }

    /**
     * jmustache reports only the line; the column is found by looking on that line for the
     * tag the message quotes, or for the last tag opened there.
     */
    private static int column(String source, int line, String reason) {
        String[] lines = source.split("\n", -1);
        if (line > lines.length) {
            return 0;
        }
        String text = lines[line - 1];
        Matcher quoted = QUOTED.matcher(reason);
        if (quoted.find() && !quoted.group(1).isBlank()) {
            String tag = quoted.group(1).strip();
            for (String prefix : new String[] {"{{/", "{{#", "{{^", "{{{", "{{&", "{{"}) {
                int at = text.indexOf(prefix + tag);
                if (at < 0) {
                    at = text.indexOf(prefix + " " + tag);
                }
                if (at >= 0) {
                    return at + 1;
                }
            }
        }
        int open = text.lastIndexOf("{{");
        return open >= 0 ? open + 1 : 0;
    }
}
