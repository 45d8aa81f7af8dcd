package dev.incidenttimeline.bot.redaction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Secrets people paste into incident channels (tokens, keys, passwords in URLs), replaced by
 * {@code [redacted: kind]} before the text is stored or shown. The original is not kept
 * anywhere; callers record only the kinds found. Pure: no I/O, the same text gives the same
 * result.
 *
 * <p>Where a rule has a group named {@code v}, only that group is replaced, so that the
 * reader still sees what it was ({@code Authorization: Bearer [redacted: bearer-token]}).
 */
public final class Redactor {
    /** One kind of secret and how to find it. */
    public record Rule(String kind, Pattern pattern) {
        public Rule {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The text with every secret replaced, and the kinds found (in order of first appearance). */
    public record Result(String text, Set<String> kinds) {
        public boolean changed() {
            return !kinds.isEmpty();
        }
    }

    private static final List<Rule> BUILT_IN = List.of(
            // Whole blocks first: their base64 lines would otherwise look like other secrets.
            new Rule("private-key", Pattern.compile(
                    "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE"
                            + " KEY(?: BLOCK)?-----|\\z)")),
            new Rule("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}")),
            new Rule("slack-token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{8,}")),
            new Rule("slack-app-token", Pattern.compile("\\bxapp-[A-Za-z0-9-]{8,}")),
            new Rule("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b")),
            new Rule("aws-secret-key", Pattern.compile(
                    "(?i)aws.{0,20}?(?:secret|key).{0,20}?[\"'\\s:=]+(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])")),
            new Rule("github-token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
            new Rule("bearer-token", Pattern.compile("(?i)\\bbearer\\s+(?<v>[A-Za-z0-9._~+/=-]{12,})")),
            new Rule("url-password", Pattern.compile(
                    "\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@<>|]+:(?<v>[^\\s/@<>|]+)@")));

    private final List<Rule> rules;

    private Redactor(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in rules only. */
    public static Redactor builtIn() {
        return new Redactor(BUILT_IN);
    }

    /**
     * The built-in rules plus {@code extra}, each a regular expression whose matches are
     * redacted as kind {@code custom} ({@code REDACT_PATTERNS}, separated by blank-free
     * {@code ;;}). A pattern that does not compile is an {@link IllegalArgumentException}
     * naming it and why.
     */
    public static Redactor withExtra(List<String> extra) {
        List<Rule> all = new ArrayList<>(BUILT_IN);
        for (String p : extra) {
            try {
                Pattern compiled = Pattern.compile(p);
                if (compiled.matcher("").matches()) {
                    throw new IllegalArgumentException("pattern '" + p + "' matches empty text");
                }
                all.add(new Rule("custom", compiled));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern '" + p + "' is not a valid regular expression ("
                        + e.getDescription() + " at index " + e.getIndex() + ")");
            }
        }
        return new Redactor(all);
    }

    public Result redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(text, Set.of());
        }
        Set<String> kinds = new LinkedHashSet<>();
        String out = text;
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(out);
            if (!m.find()) {
                continue;
            }
            String mark = "[redacted: " + rule.kind() + "]";
            boolean valueOnly = rule.pattern().pattern().contains("(?<v>");
            StringBuilder b = new StringBuilder(out.length());
            int last = 0;
            do {
                int start = valueOnly ? m.start("v") : m.start();
                int end = valueOnly ? m.end("v") : m.end();
                b.append(out, last, start).append(mark);
                last = end;
            } while (m.find());
            b.append(out, last, out.length());
            out = b.toString();
            kinds.add(rule.kind());
        }
        return new Result(out, Set.copyOf(kinds).isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(kinds));
    }
}
