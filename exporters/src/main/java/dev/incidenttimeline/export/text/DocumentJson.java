package dev.incidenttimeline.export.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * The one JSON layout of the documents the exporters write (the retro, the weekly report):
 * two-space indents, {@code \n} line endings, {@code "field": value}, one newline at the end,
 * so that the same model always gives the same bytes on every platform.
 */
public final class DocumentJson {
    private static final ObjectWriter WRITER = writer();

    private DocumentJson() {
    }

    /**
     * @param what the document, for the error message ({@code retro JSON})
     */
    public static String write(Object model, String what) {
        try {
            return WRITER.writeValueAsString(model) + "\n";
        } catch (JsonProcessingException e) {
            // Only strings, numbers, booleans and lists: this cannot happen short of a bug.
            throw new UncheckedIOException("cannot write " + what, e);
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
