package dev.incidenttimeline.bot.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.incident.CommandParser;
import dev.incidenttimeline.bot.actions.DueDateParser;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of everything users type: the {@code /incident} parser, due-date phrases
 * and the Markdown escaping of user text. Each run is reproducible from its seed. The
 * suite runs {@value #DEFAULT_ITERATIONS} inputs per target; the documented run
 * ({@code -Dfuzz.iterations=1000000}, see RELIABILITY.md) runs a million.
 */
class InputFuzzTest {
    static final int DEFAULT_ITERATIONS = 20_000;
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    private static final String[] WORDS = {
        "declare", "status", "resolve", "sev", "severity", "commander", "dri", "note", "summary", "impact",
        "rootcause", "action", "actions", "done", "drop", "timeline", "export", "list", "report", "help",
        "investigating", "identified", "monitoring", "resolved", "sev1", "sev2", "sev4", "sev5", "sev 3", "private",
        "due", "today", "tomorrow", "+3d", "+2w", "+999w", "fri", "next week", "2026-12-01", "2026-02-30",
        "2026-W47", "2026-W54", "#1", "#0", "#99999999", "1", "-1", "0", "<@U0123ABCD>", "<@U0123|alice>", "<@W9>",
        "<@U>", "<@", "<#C123|general>", "<https://x.example/a?b=1|label>", "<!here>", "&amp;", "&lt;", "|", "`",
        "```", "---", "#", "*", "_", "~", ">", "<script>alert(1)</script>", "\n", "\r\n", "\t", "\u0000", "\u200b",
        "é", "日本", "🔥", "\\", "\"", "'", "{{title}}", "INC-42", "inc-0", "   "
    };
    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern HTML_TAG = Pattern.compile("(?<!\\\\)<(?!https?://|mailto:)[A-Za-z/!?]");

    @Test
    void commandParser_neverThrowsAnythingButAUserError() {
        CommandParser parser = new CommandParser(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC),
                ZoneId.of("Europe/Berlin"));
        Random random = new Random(SEED);
        int userErrors = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            String input = input(random);
            try {
                assertThat(parser.parse(input)).isNotNull();
            } catch (DomainException e) {
                userErrors++;
                assertThat(e.getMessage()).as("error for %s", input).isNotBlank();
            } catch (RuntimeException e) {
                crashes.add(escapeForReport(input) + " -> " + e);
            }
        }
        assertThat(crashes).as("uncaught exceptions").isEmpty();
        assertThat(userErrors).isPositive().isLessThan(ITERATIONS);
    }

    @Test
    void dueDatePhrases_parseOrGiveAUserError() {
        Random random = new Random(SEED + 1);
        LocalDate today = LocalDate.parse("2026-11-22");
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            String phrase = random.nextInt(4) == 0 ? randomString(random, 12) : input(random);
            try {
                DueDateParser.parseFuture(phrase, today);
            } catch (DomainException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                crashes.add(escapeForReport(phrase) + " -> " + e);
            }
        }
        assertThat(crashes).as("uncaught exceptions").isEmpty();
    }

    @Test
    void markdownEscaping_neverBreaksATableTheFrontMatterOrThePage() {
        Random random = new Random(SEED + 2);
        Function<String, String> labels = id -> id.equals("U0123ABCD") ? "al|ice\n# x" : id;
        for (int i = 0; i < ITERATIONS; i++) {
            String text = random.nextInt(3) == 0 ? randomString(random, 40) : input(random);
            String inline = MarkdownText.inlineFromSlack(text, labels);
            String cell = MarkdownText.cell(inline);
            assertThat(cell).as("cell of %s", escapeForReport(text)).doesNotContain("\n", "\r");
            assertThat(UNESCAPED_PIPE.matcher(cell).find()).as("raw | in cell of %s", escapeForReport(text)).isFalse();
            assertThat(HTML_TAG.matcher(inline).find()).as("raw HTML in %s", escapeForReport(text)).isFalse();
            for (String line : inline.split("\n", -1)) {
                assertThat(line).as("line of %s", escapeForReport(text)).doesNotStartWith("#").doesNotStartWith("---")
                        .doesNotStartWith("```");
            }
            String yaml = MarkdownText.yamlString(text);
            assertThat(yaml).as("yaml of %s", escapeForReport(text)).startsWith("\"").endsWith("\"")
                    .doesNotContain("\n", "\r");
            assertThat(yaml.substring(1, yaml.length() - 1).replace("\\\\", "").replace("\\\"", ""))
                    .doesNotContain("\"");
        }
    }

    /** A sequence of vocabulary words and random bits, joined by spaces or nothing. */
    static String input(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(6) == 0) {
                sb.append(randomString(random, 6));
            } else {
                sb.append(WORDS[random.nextInt(WORDS.length)]);
            }
            sb.append(random.nextInt(5) == 0 ? "" : " ");
        }
        if (random.nextInt(50) == 0) {
            sb.append("x".repeat(random.nextInt(5000)));
        }
        return sb.toString();
    }

    static String randomString(Random random, int maxLength) {
        int len = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(4);
            sb.appendCodePoint(switch (kind) {
                case 0 -> 32 + random.nextInt(95);
                case 1 -> random.nextInt(32);
                case 2 -> 0x80 + random.nextInt(0x800);
                default -> 0x1F300 + random.nextInt(200);
            });
        }
        return sb.toString();
    }

    private static String escapeForReport(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> sb.append(c < 32 ? String.format("\\u%04x", c) : Character.toString(c)));
        return sb.toString();
    }
}
