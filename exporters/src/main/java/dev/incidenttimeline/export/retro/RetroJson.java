package dev.incidenttimeline.export.retro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * The retro as JSON ({@code export --format json}): the {@link RetroModel}, fields in a fixed
 * order, times as ISO-8601 UTC strings, absent values as {@code null}. Documented field by
 * field in {@code templates/retro-json.md}.
 */
public final class RetroJson {
    private static final ObjectWriter WRITER = writer();

    private RetroJson() {
    }

    /** Pretty-printed JSON with {@code \n} line endings, ending with one newline. */
    public static String write(RetroModel model) {
        try {
            return WRITER.writeValueAsString(model) + "\n";
        } catch (JsonProcessingException e) {
            // Only strings, numbers, booleans and lists: this cannot happen short of a bug.
            throw new UncheckedIOException("cannot write retro JSON", e);
        }
    }

    private static ObjectWriter writer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return new ObjectMapper()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .writer(printer);
    }
}
