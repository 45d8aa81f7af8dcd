package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.export.text.DocumentJson;

/**
 * The retro as JSON ({@code export --format json}): the {@link RetroModel}, fields in a fixed
 * order, times as ISO-8601 UTC strings, absent values as {@code null}. Documented field by
 * field in {@code templates/retro-json.md}.
 */
public final class RetroJson {
    private RetroJson() {
    }

    /** Pretty-printed JSON with {@code \n} line endings, ending with one newline. */
    public static String write(RetroModel model) {
        return DocumentJson.write(model, "retro JSON");
    }
}
