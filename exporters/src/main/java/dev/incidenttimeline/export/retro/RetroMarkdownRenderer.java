package dev.incidenttimeline.export.retro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Writes the retro of an incident as Markdown: YAML front matter, then summary, impact, key
 * timestamps, the timeline by day, root cause, mitigation, action items, and responders.
 * A pure function: the same input and {@code generatedAt} always give the same bytes. The
 * built-in layout is the Mustache template {@code templates/retro.md.mustache}; a user's
 * template can replace it.
 */
public final class RetroMarkdownRenderer {
    private static final String TEMPLATE_RESOURCE = "/templates/retro.md.mustache";
    private static final String BUILT_IN_SOURCE = load();
    private static final RetroTemplate BUILT_IN = RetroTemplate.compile(BUILT_IN_SOURCE, "retro.md.mustache");

    /** The retro in the built-in layout, times shown in {@code zone}. */
    public String render(RetroInput in, ZoneId zone, Instant generatedAt) {
        return render(in, zone, generatedAt, BUILT_IN);
    }

    /** The retro laid out by {@code template}. */
    public String render(RetroInput in, ZoneId zone, Instant generatedAt, RetroTemplate template) {
        Objects.requireNonNull(template, "template");
        return template.render(RetroModel.build(in, zone, generatedAt));
    }

    /** The text of the built-in template, a starting point for a user's own ({@code export --print-template}). */
    public static String builtInTemplate() {
        return BUILT_IN_SOURCE;
    }

    /** The built-in template, compiled. */
    public static RetroTemplate builtIn() {
        return BUILT_IN;
    }

    private static String load() {
        try (InputStream in = RetroMarkdownRenderer.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in retro template " + TEMPLATE_RESOURCE + " is missing");
            }
            // A checkout with CRLF line endings must not change the output.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
