package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.text.DocumentJson;

/**
 * The weekly report as JSON ({@code report --format json}): the {@link WeeklyReportModel},
 * fields in a fixed order, absent values as {@code null}. Documented field by field in
 * {@code templates/report-json.md}.
 */
public final class WeeklyReportJson {
    private WeeklyReportJson() {
    }

    public static String write(WeeklyReportInput input) {
        return write(WeeklyReportModel.from(input));
    }

    /** Pretty-printed JSON with {@code \n} line endings, ending with one newline. */
    public static String write(WeeklyReportModel model) {
        return DocumentJson.write(model, "report JSON");
    }
}
