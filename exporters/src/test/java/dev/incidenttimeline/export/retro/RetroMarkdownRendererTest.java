package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import static dev.incidenttimeline.export.retro.RetroFixtures.ALICE;
import static dev.incidenttimeline.export.retro.RetroFixtures.GENERATED_AT;
import static dev.incidenttimeline.export.retro.RetroFixtures.TEAM;
import static dev.incidenttimeline.export.retro.RetroFixtures.at;
import static dev.incidenttimeline.export.retro.RetroFixtures.entry;
import static dev.incidenttimeline.export.retro.RetroFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RetroMarkdownRendererTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final List<String> SECTIONS = List.of("## Summary", "## Impact", "## Key timestamps",
            "## Timeline", "## Root cause", "### Causal chain", "### Findings that support it",
            "## Contributing factors", "## How did we do", "### What went well", "### What went wrong",
            "### Where we got lucky", "## Mitigation", "## Follow-ups", "## Responders and roles");
    private static final Pattern FRONT_MATTER_LINE =
            Pattern.compile("^[a-z]+: (null|\"(?:[^\"\\\\]|\\\\.)*\")$");

    private final RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();

    private String render(RetroInput in) {
        return renderer.render(in, UTC, GENERATED_AT);
    }

    // ------------------------------------------------------------------ structure

    @Test
    void sections_comeInTheDocumentedOrder() {
        String out = render(RetroFixtures.rich());

        assertThat(out).startsWith("---\nkey: \"INC-42\"\n");
        assertThat(out).contains("\n---\n\n# INC-42: Primary database failover\n");
        int previous = out.indexOf("# INC-42");
        for (String heading : SECTIONS) {
            int at = out.indexOf("\n" + heading + "\n");
            assertThat(at).as(heading).isGreaterThan(previous);
            previous = at;
        }
        // The footer names the incident's last change, not the time of rendering.
        assertThat(out).endsWith("\n\n_Written by incident-timeline from INC-42 as last changed at 2026-11-21T09:00:00Z._\n");
    }

    @Test
    void titleOnlyIncident_saysNotRecordedAndHasNoEmptyHeadings() {
        String out = render(RetroFixtures.titleOnly());

        // Every empty section names the one command that fills it.
        assertThat(out).contains("## Summary\n\n_Nothing yet: `/incident summary <text>` sets it._\n")
                .contains("## Impact\n\n_Nothing yet: `/incident impact <text>` sets it._\n")
                .contains("## Timeline\n\n_Nothing on the timeline yet:")
                .contains("## Root cause\n\n_Nothing yet: `/incident rootcause <text>` states it._\n")
                .contains("### Causal chain\n\n_Nothing yet: `/incident chain <step>`")
                .contains("## Contributing factors\n\n_Nothing yet: `/incident factor <text>` adds one._\n")
                .contains("### What went well\n\n_Nothing yet: `/incident learning went-well <text>` adds one._\n")
                .contains("### Where we got lucky\n\n_Nothing yet: `/incident learning lucky <text>` adds one._\n")
                .contains("## Mitigation\n\n_Nothing yet:")
                .contains("## Follow-ups\n\n_Nothing yet: `/incident action <what> @owner due <date>")
                .contains("| Started | not recorded | `/incident started <time>` |")
                .contains("| Resolved | not recorded | `/incident resolved-at <time>` |")
                .contains("| Time to resolve | not recorded |")
                .contains("- **Incident commander:** _nobody yet: `/incident commander @name`_")
                .doesNotContain("Not recorded");
        assertNoEmptyHeadings(out);
    }

    @Test
    void richIncident_hasNoEmptyHeadings() {
        assertNoEmptyHeadings(render(RetroFixtures.rich()));
        assertNoEmptyHeadings(render(RetroFixtures.small()));
    }

    @Test
    void frontMatter_holdsTheIncidentFields() {
        String out = render(RetroFixtures.rich());

        assertThat(frontMatter(out)).containsExactly(
                "key: \"INC-42\"",
                "title: \"Primary database failover\"",
                "severity: \"SEV2\"",
                "status: \"resolved\"",
                "declared: \"2026-11-17T23:41:00Z\"",
                "resolved: \"2026-11-18T02:15:00Z\"",
                "commander: \"alice\"",
                "dri: \"Bob Martin\"",
                "channel: \"#inc-20261117-db-failover\"",
                "permalink: \"https://acme.slack.com/archives/C0INC42\"");
        assertThat(frontMatter(render(RetroFixtures.titleOnly())))
                .contains("resolved: null", "dri: null", "channel: null", "permalink: null");
    }

    // ------------------------------------------------------------------ timeline

    @Test
    void deletedEntries_areLeftOutEverywhere() {
        String out = render(RetroFixtures.rich());

        assertThat(out).doesNotContain("wrong channel").doesNotContain("it was DNS");
    }

    @Test
    void timeline_isGroupedByDayInTheZone() {
        String utc = render(RetroFixtures.rich());
        String berlin = renderer.render(RetroFixtures.rich(), ZoneId.of("Europe/Berlin"), GENERATED_AT);

        assertThat(utc).contains("### Tuesday 17 November 2026\n").contains("### Wednesday 18 November 2026\n")
                .contains("| 23:38 UTC | Detection | alice |");
        assertThat(berlin).doesNotContain("### Tuesday 17 November 2026")
                .contains("### Wednesday 18 November 2026\n")
                .contains("| 00:38 CET | Detection | alice |");
    }

    @Test
    void threadReplies_areMarked() {
        String out = render(RetroFixtures.rich());

        assertThat(out).contains("| U0GHOST | ↳ disk on db_main_1 is at 100% \\| see df output |")
                .contains("U0GHOST: Cleared old WAL segments on db-main-1 and re-enabled archiving (in thread)");
    }

    @Test
    void authors_areShownByDisplayNameThenRealNameThenId() {
        String out = render(RetroFixtures.rich());

        assertThat(out).contains("| 23:41 UTC | Declared | alice |")
                .contains("| 00:03 UTC | Mitigation | Bob Martin |")
                .contains("| 00:31 UTC | Mitigation | U0GHOST |");
    }

    @Test
    void entries_linkToTheirMessage() {
        String out = render(RetroFixtures.rich());

        assertThat(out).contains(
                "| [message](https://acme.slack.com/archives/C0INC42/p" + at("2026-11-17T23:38:12Z").getEpochSecond()
                        + "000100) |");
        assertThat(out).contains("| 23:41 UTC | Declared | alice | Declared INC-42: Primary database failover (SEV2) |  |");
    }

    // ------------------------------------------------------------------ key timestamps

    @Test
    void keyTimestamps_fallBackToTimelineEntries() {
        Incident incident = RetroFixtures.incident(5, "Fallbacks", IncidentStatus.RESOLVED,
                at("2026-11-20T10:00:00Z"), at("2026-11-20T12:03:00Z"));
        List<TimelineEntry> entries = List.of(
                entry(1, EntryKind.EVENT, EntrySource.REACTION, "2026-11-20T09:40:00Z", ALICE, "deploy"),
                entry(2, EntryKind.DETECTION, EntrySource.REACTION, "2026-11-20T09:52:00Z", ALICE, "alert"),
                entry(3, EntryKind.MITIGATION, EntrySource.REACTION, "2026-11-20T11:03:00Z", ALICE, "rollback"),
                entry(4, EntryKind.MITIGATION, EntrySource.REACTION, "2026-11-20T11:30:00Z", ALICE, "more"));

        String out = render(new RetroInput(incident, entries, null, null, RetroFixtures.USERS, null));

        assertThat(out).contains("| Started | Fri 20 Nov 2026, 09:40 UTC | earliest timeline entry |")
                .contains("| Detected | Fri 20 Nov 2026, 09:52 UTC | first Detection entry |")
                .contains("| Mitigated | Fri 20 Nov 2026, 11:03 UTC | first Mitigation entry |")
                .contains("| Resolved | Fri 20 Nov 2026, 12:03 UTC | status change to resolved |")
                .contains("| Time to detect | 12m |")
                .contains("| Time to mitigate | 1h 23m |")
                .contains("| Time to resolve | 2h 23m |");
    }

    @Test
    void mermaidTimeline_showsKeyMomentsAndRootCausesSafely() {
        Incident incident = RetroFixtures.incident(6, "Mermaid", IncidentStatus.INVESTIGATING,
                at("2026-11-20T10:00:00Z"), null);
        List<TimelineEntry> entries = List.of(entry(1, EntryKind.ROOT_CAUSE, EntrySource.REACTION,
                "2026-11-20T10:05:00Z", ALICE, "config: bad; see #42 %% and ```x```\nnext line"));

        String out = render(new RetroInput(incident, entries, null, null, null, null));

        String mermaid = between(out, "```mermaid\n", "```\n");
        assertThat(mermaid).isEqualTo("""
                timeline
                    title INC-6 key moments, times in UTC
                    20 Nov 10.00 : Detected
                    20 Nov 10.00 : Declared
                    20 Nov 10.05 : Started
                    20 Nov 10.05 : Root cause - config, bad, see 42 and x next line
                """);
    }

    // ------------------------------------------------------------------ root cause, mitigation

    @Test
    void rootCauseSection_listsFieldsAndRootCauseAndFindingEntries() {
        String out = render(RetroFixtures.rich());
        String section = section(out, "## Root cause");

        // The statement first, then the chain, then the findings that support it, in time order.
        assertThat(section).startsWith("## Root cause\n\nWAL archiving stalled")
                .contains("### Causal chain\n\n1. The storage migration paused WAL archiving\n"
                        + "2. `pg_wal` grew until the disk of db-main-1 was full\n"
                        + "3. The primary stopped accepting writes, so checkout failed\n")
                .contains("- **Finding**, Tue 17 Nov 2026, 23:47 UTC, Bob Martin: Primary")
                .contains("- **Root cause**, Wed 18 Nov 2026, 00:10 UTC, Bob Martin: WAL archiving");
        assertThat(section.indexOf("### Causal chain")).isLessThan(section.indexOf("### Findings that support it"));
        assertThat(section.indexOf("**Finding**")).isLessThan(section.indexOf("**Root cause**"));
        // Factors one per line (the removed #2 is gone), then the free text of `factors`.
        assertThat(section(out, "## Contributing factors")).isEqualTo("""
                ## Contributing factors

                - Disk alerts watched only the data volume
                - The migration runbook had no archiving check

                - disk alerts watched only the data volume
                - the storage migration runbook had no archiving check

                """);
        assertThat(section(out, "## How did we do")).contains("### What went well\n\n- The replica was promoted")
                .contains("### What went wrong\n\n- Nobody knew the promotion steps by heart\n")
                .contains("### Where we got lucky\n\n- It happened before the European morning peak\n");
    }

    @Test
    void mitigationSection_listsMitigationEntries() {
        String section = section(render(RetroFixtures.rich()), "## Mitigation");

        assertThat(section.lines().filter(l -> l.startsWith("- ")).count()).isEqualTo(2);
        assertThat(section).contains("- Wed 18 Nov 2026, 00:03 UTC, Bob Martin: Promoted replica db-main-2");
    }

    // ------------------------------------------------------------------ action items

    @Test
    void actionItems_showOwnerDueStatusAndOverdue() {
        String section = section(render(RetroFixtures.rich()), "## Follow-ups");

        assertThat(section).contains("| # | Action | Type | Priority | DRI | Due | Status | Overdue |")
                .contains("| 1 | Alert on `pg_wal` usage above 80% | cleanup | P2 | Bob Martin | 2026-11-20 | open"
                        + " | **overdue** |")
                .contains("| 2 | Write a runbook for promoting a replica ([ticket](https://tracker.example.com/OPS-812))"
                        + " | cleanup | P2 | alice | 2026-12-01 | open |  |")
                .contains("| 3 | Check WAL archiving in the storage migration runbook | cleanup | P2 | U0GHOST"
                        + " | 2026-11-19 | done |  |")
                .contains("| 4 | Move to managed PostgreSQL | cleanup | P2 | — | — | dropped |  |")
                .contains("| 5 | Alert on WAL archiving lag | detect | P1 | **no owner** | **no due date** | open |  |")
                .contains("6 action items: 4 open (1 overdue), 1 done, 1 dropped.")
                .contains("- #5 has no owner: `/incident action 5 owner @name`\n"
                        + "- #5 has no due date: `/incident action 5 due <date>`\n");
        // Cleanups first (by due date), then the P1 detect item before the P3 prevent item.
        assertThat(section.indexOf("| 3 |")).isLessThan(section.indexOf("| 1 |"));
        assertThat(section.indexOf("| 1 |")).isLessThan(section.indexOf("| 2 |"));
        assertThat(section.indexOf("| 4 |")).isLessThan(section.indexOf("| 5 |"));
        assertThat(section.indexOf("| 5 |")).isLessThan(section.indexOf("| 6 |"));
    }

    @Test
    void overdue_dependsOnTheDateInTheZone() {
        Incident incident = RetroFixtures.incident(8, "Overdue", IncidentStatus.RESOLVED,
                at("2026-11-10T10:00:00Z"), at("2026-11-10T11:00:00Z"));
        List<ActionItem> actions = List.of(
                new ActionItem(8, 1, "due yesterday in Auckland", ALICE, LocalDate.parse("2026-11-21"),
                        ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, null, ALICE, at("2026-11-10T11:00:00Z"), null, null),
                new ActionItem(8, 2, "done late", ALICE, LocalDate.parse("2026-11-01"), ActionStatus.DONE, ActionPriority.P2, ActionKind.CLEANUP, null,
                        ALICE, at("2026-11-10T11:00:00Z"), at("2026-11-05T11:00:00Z"), ALICE),
                new ActionItem(8, 3, "dropped", ALICE, LocalDate.parse("2026-11-01"), ActionStatus.DROPPED, ActionPriority.P2, ActionKind.CLEANUP, null,
                        ALICE, at("2026-11-10T11:00:00Z"), at("2026-11-05T11:00:00Z"), ALICE));
        RetroInput in = new RetroInput(incident, null, actions, null, RetroFixtures.USERS, null);
        Instant lateSaturdayUtc = at("2026-11-21T23:30:00Z");

        String utc = renderer.render(in, UTC, lateSaturdayUtc);
        String auckland = renderer.render(in, ZoneId.of("Pacific/Auckland"), lateSaturdayUtc);

        assertThat(utc).contains("| 2026-11-21 | open |  |").doesNotContain("**overdue**");
        assertThat(auckland).contains("| 2026-11-21 | open | **overdue** |");
        assertThat(auckland.split("\\*\\*overdue\\*\\*", -1)).hasSize(2);
    }

    // ------------------------------------------------------------------ responders

    @Test
    void responders_areSortedByJoinTimeWithRoles() {
        String section = section(render(RetroFixtures.rich()), "## Responders and roles");

        assertThat(section).contains("- **Incident commander:** alice\n- **DRI:** Bob Martin\n")
                .contains("| alice | Tue 17 Nov 2026, 23:41 UTC | Incident commander |\n"
                        + "| Bob Martin | Tue 17 Nov 2026, 23:44 UTC | DRI |\n"
                        + "| U0GHOST | Tue 17 Nov 2026, 23:49 UTC |  |\n");
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameDataAndTime_giveTheSameBytes() {
        RetroInput in = RetroFixtures.rich();
        List<ActionItem> actions = new ArrayList<>(in.actionItems());
        List<Participant> participants = new ArrayList<>(in.participants());
        Collections.reverse(actions);
        Collections.reverse(participants);
        RetroInput reordered = new RetroInput(in.incident(), in.entries(), actions, participants, in.users(),
                in.channelUrl(), in.keyMoments(), in.notes(), in.lastChangedAt());

        String out = render(in);

        assertThat(render(RetroFixtures.rich())).isEqualTo(out);
        // Rendered a month later, the unchanged incident gives the same bytes.
        assertThat(renderer.render(RetroFixtures.rich(), UTC, GENERATED_AT.plusSeconds(30L * 86_400))).isEqualTo(out);
        assertThat(render(reordered)).isEqualTo(out);
        assertThat(out).doesNotContain("\r").endsWith("._\n").doesNotEndWith("\n\n");
    }

    // ------------------------------------------------------------------ escaping end to end

    @Test
    void hostileText_cannotBreakTablesFrontMatterOrInjectMarkup() {
        String out = render(hostile());

        // Front matter: ten "key: scalar" lines, no document marker inside.
        List<String> front = frontMatter(out);
        assertThat(front).hasSize(10).allMatch(l -> FRONT_MATTER_LINE.matcher(l).matches(), "is key: scalar");
        assertThat(yamlValue(front.get(1))).isEqualTo(
                "--- # Evil | title `x` <script>alert(1)</script> \"quoted\" \\ back");
        assertThat(yamlValue(front.get(6))).isEqualTo("eve | admin <b>\n---");

        // Every table row has as many cell separators as its header.
        assertTablesAreWellFormed(out);

        // No HTML but the line breaks and autolinks we write.
        // Outside code spans (the commands the placeholders name: `/incident summary <text>`).
        Matcher angle = Pattern.compile("(?<!\\\\)<(?!br>|https?://)").matcher(out.replaceAll("`/incident [^`\n]*`", ""));
        assertThat(angle.find()).as("raw < at %s", angle.hitEnd() ? -1 : angle.start()).isFalse();
        assertThat(out).doesNotContainPattern("(?<!\\\\)<script").doesNotContainPattern("(?<!\\\\)<b>")
                .doesNotContainPattern("(?<!\\\\)\\]\\(javascript");

        // No heading, quote, rule, code fence or list that we did not write.
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean ours = line.startsWith("# INC-") || line.startsWith("## ") || line.startsWith("### ")
                    || line.startsWith("- ") || line.startsWith("| ") || line.startsWith("|---")
                    || line.equals("```mermaid") || line.equals("```") || line.startsWith("    ")
                    || line.equals("timeline") || line.startsWith("**SEV")
                    // A Slack quote is a quote in the document too.
                    || line.startsWith("> ");
            if (i <= 11) {
                continue; // front matter
            }
            assertThat(line).as("line %d", i + 1)
                    .satisfiesAnyOf(
                            l -> assertThat(ours).isTrue(),
                            l -> assertThat(l).doesNotMatch("^\\s*(#|>|-|\\+|\\*|=|`{3}|~{3}|\\d+[.)]|\\s{4}).*"));
        }
        assertThat(lines.stream().filter(l -> l.equals("---")).count()).isEqualTo(2);
        // Fences: the mermaid block, and the summary's Slack code block (a table cell holds code spans instead).
        assertThat(lines.stream().filter(l -> l.startsWith("```")).count()).isEqualTo(4);

        // The mermaid block stays one "period : event" per line.
        for (String line : between(out, "```mermaid\n", "```\n").lines().skip(2).toList()) {
            assertThat(line).matches("^    [^:#;%]+ : [^:#;%`]+$");
        }
    }

    @Test
    void hostileText_staysReadable() {
        String out = render(hostile());

        assertThat(out).contains("# INC-66: \\--- # Evil \\| title `x` \\<script\\>alert(1)\\</script\\>"
                + " \"quoted\" \\\\ back\n");
        assertThat(out).contains("| eve \\| admin \\<b\\><br>\\--- |");
        // The user typed "&lt;": it reaches the reader as those four characters, not as "<".
        assertThat(out).contains("\\&lt; stays");
        assertThat(out).contains("[a\\|b](https://x.example/p)");
        assertThat(out).contains("Déploiement échoué 🔥");
    }

    // ------------------------------------------------------------------ scale

    @Test
    void tenThousandEntries_renderEveryKeptEntryOnce() {
        Incident incident = new Incident(TEAM, 99, "Long incident", Severity.SEV1, IncidentStatus.RESOLVED, "C99",
                "inc-long", false, ALICE, ALICE, "s", "i", "r", "c", null, null, at("2026-11-01T00:00:00Z"), null,
                at("2026-11-08T00:00:00Z"), ALICE, null);
        EntryKind[] kinds = EntryKind.values();
        List<TimelineEntry> entries = new ArrayList<>(10_000);
        Instant start = at("2026-11-01T00:00:00Z");
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean deleted = i % 50 == 49;
            EntryKind kind = kinds[i % kinds.length];
            boolean retroWriting = kind == EntryKind.SUMMARY || kind == EntryKind.IMPACT || kind == EntryKind.RETRO;
            if (!deleted && !retroWriting) {
                kept++;
            }
            entries.add(new TimelineEntry(i + 1, 99, kinds[i % kinds.length], EntrySource.REACTION,
                    start.plusSeconds(60L * i), i % 3 == 0 ? "U" + (i % 40) : ALICE,
                    "entry number " + i + " with a | pipe and <@U" + (i % 40) + ">", "C99", null, null,
                    "https://acme.slack.com/archives/C99/p" + i, ALICE, deleted));
        }
        Map<String, SlackUser> users = new java.util.HashMap<>(RetroFixtures.USERS);
        users.put("U7", new SlackUser(TEAM, "U7", "seven", null, null, false));

        String out = renderer.render(new RetroInput(incident, entries, null, null, users, null), UTC, GENERATED_AT);

        long rows = out.lines().filter(l -> l.matches("^\\| \\d\\d:\\d\\d UTC \\| .*")).count();
        assertThat(rows).isEqualTo(kept);
        assertThat(out).contains("entry number 0 with a \\| pipe and @U0")
                .contains("entry number 9996 with a \\| pipe")
                .doesNotContain("entry number 49 ")
                .contains("@seven")
                .contains("### Sunday 1 November 2026")
                .contains("### Saturday 7 November 2026");
        long mermaidRootCauses = between(out, "```mermaid\n", "```\n").lines()
                .filter(l -> l.contains(": Root cause")).count();
        assertThat(mermaidRootCauses).isEqualTo(RetroModel.MERMAID_ROOT_CAUSES);
        assertTablesAreWellFormed(out);
    }

    // ------------------------------------------------------------------ helpers

    /** Everything a user could type, in every field that reaches the document. */
    private static RetroInput hostile() {
        String evil = "U0EVIL";
        Map<String, SlackUser> users = Map.of(evil, new SlackUser(TEAM, evil, "eve | admin <b>\n---", null, null,
                false), ALICE, RetroFixtures.USERS.get(ALICE));
        Incident incident = new Incident(TEAM, 66,
                "--- # Evil | title `x` &lt;script&gt;alert(1)&lt;/script&gt; \"quoted\" \\ back",
                Severity.SEV1, IncidentStatus.RESOLVED, "C66", "inc-evil", true, evil, evil,
                "---\n# heading\n&gt; quote\n- list\n1. one\n```\ncode\n```\n    indented\n<https://x.example|a|b>",
                "| a | b |\n|---|---|\n| c | d |",
                "&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))",
                "===\n+ plus\n~~~\nDéploiement échoué 🔥",
                null, null, at("2026-11-20T10:00:00Z"), null, at("2026-11-20T11:00:00Z"), evil, null);
        List<TimelineEntry> entries = List.of(
                message(1, EntryKind.DETECTION, "2026-11-20T10:01:00Z", evil, "| a | b |\n|---|---|", null, false),
                message(2, EntryKind.FINDING, "2026-11-20T10:02:00Z", evil, "```\nrm -rf /\n```", null, false),
                message(3, EntryKind.ROOT_CAUSE, "2026-11-20T10:03:00Z", evil,
                        "&lt;script&gt;alert(1)&lt;/script&gt; and &amp;lt; stays", null, false),
                message(4, EntryKind.MITIGATION, "2026-11-20T10:04:00Z", "U0NOBODY", "---\n# h\n&gt; q", "1.0", false),
                message(5, EntryKind.EVENT, "2026-11-20T10:05:00Z", ALICE,
                        "*bold* _it_ [link](javascript:x) <javascript:alert(1)|click> <https://x.example/p|a|b>",
                        null, false),
                entry(6, EntryKind.NOTE, EntrySource.COMMAND, "2026-11-20T10:06:00Z", null,
                        "note from nobody: ends with backslash \\"));
        List<ActionItem> actions = List.of(new ActionItem(66, 1, "fix | things\n---\n<@" + evil + ">", evil,
                LocalDate.parse("2026-11-21"), ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, "javascript:alert(1)", evil,
                at("2026-11-20T11:00:00Z"), null, null));
        List<Participant> participants = List.of(new Participant(66, evil, at("2026-11-20T10:00:00Z")));
        return new RetroInput(incident, entries, actions, participants, users, "https://x.example/\"\n---");
    }

    private static List<String> frontMatter(String out) {
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("---");
        int end = lines.subList(1, lines.size()).indexOf("---") + 1;
        assertThat(end).isPositive();
        return lines.subList(1, end);
    }

    /** Reads back a double-quoted YAML scalar as written by {@code MarkdownText.yamlString}. */
    private static String yamlValue(String line) {
        String q = line.substring(line.indexOf(": ") + 2);
        assertThat(q).startsWith("\"").endsWith("\"");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(q.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("unexpected escape \\" + e);
            }
        }
        return sb.toString();
    }

    private static void assertTablesAreWellFormed(String out) {
        int expected = -1;
        int lineNo = 0;
        for (String line : out.lines().toList()) {
            lineNo++;
            if (!line.startsWith("|")) {
                expected = -1;
                continue;
            }
            int pipes = unescapedPipes(line);
            if (expected < 0) {
                expected = pipes;
            }
            assertThat(pipes).as("cell separators on line %d: %s", lineNo, line).isEqualTo(expected);
            assertThat(line).as("line %d", lineNo).endsWith("|");
        }
    }

    private static int unescapedPipes(String s) {
        int count = 0;
        int backslashes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|' && backslashes % 2 == 0) {
                count++;
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
        return count;
    }

    private static void assertNoEmptyHeadings(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#")) {
                assertThat(i + 1).as("content after %s", lines.get(i)).isLessThan(lines.size());
                String next = lines.get(i + 1);
                int level = lines.get(i).indexOf(' ');
                boolean deeper = next.startsWith("#") && next.indexOf(' ') > level;
                assertThat(!next.startsWith("#") || deeper).as("heading %s is empty", lines.get(i)).isTrue();
            }
        }
    }

    private static String section(String out, String heading) {
        int start = out.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = out.indexOf("\n## ", start + 1);
        return out.substring(start + 1, end < 0 ? out.length() : end + 1);
    }

    private static String between(String out, String from, String to) {
        int start = out.indexOf(from);
        assertThat(start).isNotNegative();
        int end = out.indexOf(to, start + from.length());
        return out.substring(start + from.length(), end);
    }
}
