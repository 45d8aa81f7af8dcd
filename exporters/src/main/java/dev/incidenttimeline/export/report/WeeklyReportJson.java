package dev.incidenttimeline.export.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The weekly report as JSON ({@code report --format json}): the {@link WeeklyReportModel},
 * fields in a fixed order, absent values as {@code null}. Documented field by field in
 * {@code templates/report-json.md}.
 */
public final class WeeklyReportJson {
    private static final ObjectWriter WRITER = writer();

    private WeeklyReportJson() {
    }

    public static String write(WeeklyReportInput input) {
        return write(WeeklyReportModel.from(input));
    }

    /** Pretty-printed JSON with {@code \n} line endings, ending with one newline. */
    public static String write(WeeklyReportModel model) {
        try {
            return WRITER.writeValueAsString(model) + "\n";
        } catch (JsonProcessingException e) {
            // Only strings, numbers, booleans and lists: this cannot happen short of a bug.
            throw new UncheckedIOException("cannot write report JSON", e);
        }
    }

    private static ObjectWriter writer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return new ObjectMapper().writer(printer);
    }
}
