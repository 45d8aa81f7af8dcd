package dev.incidenttimeline.export.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MarkdownTextTest {

    private static final Function<String, String> USERS = Map.of("U1", "alice", "U2", "bob_smith")::get;

    private static String md(String slack) {
        return MarkdownText.fromSlack(slack, USERS);
    }

    @Test
    void tokenWithoutHead_isKeptAsText_notACrash() {
        // Found by the fuzzer: "<|x>" is not Slack markup.
        assertThat(MarkdownText.fromSlack("a <|x> b", id -> id)).isEqualTo("a x b");
        assertThat(MarkdownText.plainFromSlack("<|>", id -> id)).isEmpty();
    }

    @Test
    void plainWords_passThroughUnchanged() {
        assertThat(md("Rolled back deploy 4711 on api-gateway")).isEqualTo("Rolled back deploy 4711 on api-gateway");
    }

    @Test
    void userMention_becomesAtLabelFromUsers() {
        assertThat(md("ping <@U1> and <@U2|bob>")).isEqualTo("ping @alice and @bob_smith");
    }

    @Test
    void userMentionOfUnknownUser_fallsBackToSlackNameThenId() {
        assertThat(md("<@U9|carol> <@U8>")).isEqualTo("@carol @U8");
    }

    @Test
    void userLabelWithMarkup_isEscaped() {
        assertThat(MarkdownText.fromSlack("<@U1>", id -> "*evil* <b>")).isEqualTo("@\\*evil\\* \\<b\\>");
    }

    @Test
    void channelLink_becomesHashName() {
        assertThat(md("see <#C123|inc-db> now")).isEqualTo("see #inc-db now");
        assertThat(md("see <#C123> now")).isEqualTo("see #C123 now");
    }

    @Test
    void channelLinkAtLineStart_cannotBecomeHeading() {
        assertThat(md("<#C123|general>")).isEqualTo("\\#general");
    }

    @Test
    void labelledLink_becomesMarkdownLink() {
        assertThat(md("see <https://grafana.example/d/1?a=1&amp;b=2|the dashboard>"))
                .isEqualTo("see [the dashboard](https://grafana.example/d/1?a=1&b=2)");
    }

    @Test
    void linkLabelContainingPipe_usesFirstPipeAsSeparator() {
        assertThat(md("<https://x.example/a|left|right>")).isEqualTo("[left\\|right](https://x.example/a)");
    }

    @Test
    void linkLabelWithBrackets_cannotCloseTheLink() {
        assertThat(md("<https://x.example|a](javascript:alert(1))>"))
                .isEqualTo("[a\\](javascript:alert(1))](https://x.example)");
    }

    @Test
    void bareLink_becomesAutolink() {
        assertThat(md("<https://status.example/incidents/1>")).isEqualTo("<https://status.example/incidents/1>");
    }

    @Test
    void linkWithParenthesesAndSpaces_isPercentEncoded() {
        assertThat(md("<https://x.example/a (b)|wiki>")).isEqualTo("[wiki](https://x.example/a%20%28b%29)");
    }

    @Test
    void javascriptLink_isShownAsTextNotLink() {
        assertThat(md("<javascript:alert(1)|click>")).isEqualTo("click");
        assertThat(md("<javascript:alert(1)>")).isEqualTo("javascript:alert(1)");
    }

    @Test
    void mailtoLink_staysALink() {
        assertThat(md("<mailto:oncall@example.com|oncall@example.com>"))
                .isEqualTo("[oncall@example.com](mailto:oncall@example.com)");
    }

    @Test
    void specialMentions_becomeAtWords() {
        assertThat(md("<!here> <!channel> <!everyone>")).isEqualTo("@here @channel @everyone");
        assertThat(md("<!subteam^S12|@db-oncall> paged")).isEqualTo("@db-oncall paged");
        assertThat(md("<!date^1392734382^{date}|Feb 18, 2014>")).isEqualTo("Feb 18, 2014");
    }

    @Test
    void scriptTag_cannotRenderAsHtml() {
        assertThat(md("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .isEqualTo("\\<script\\>alert(1)\\</script\\>")
                .doesNotContain("&lt;", "&gt;");
        assertThat(MarkdownText.escape("<img src=x onerror=alert(1)>")).isEqualTo("\\<img src=x onerror=alert(1)\\>");
    }

    @Test
    void unmatchedAngleBracket_isEscapedText() {
        assertThat(md("a <b")).isEqualTo("a \\<b");
        assertThat(md("a <> b")).isEqualTo("a \\<\\> b");
    }

    @Test
    void slackEntities_areDecodedOnlyOnce() {
        // The user typed "&lt;" literally: Slack sent "&amp;lt;"; readers must see "&lt;".
        assertThat(md("&amp;lt; is an entity")).isEqualTo("\\&lt; is an entity");
        assertThat(md("R&amp;D &amp; ops")).isEqualTo("R&D & ops");
        assertThat(md("&amp;#60; and &amp;#x3C;")).isEqualTo("\\&#60; and \\&#x3C;");
        assertThat(md("a &amp;gt; b")).isEqualTo("a \\&gt; b");
    }

    @Test
    void slackFormatting_becomesMarkdown() {
        assertThat(md("run `rm -rf` *now* _please_ ~maybe~")).isEqualTo("run `rm -rf` **now** _please_ ~~maybe~~");
        assertThat(md("```\ncode *not bold*\n```")).isEqualTo("```\ncode *not bold*\n```");
        assertThat(md("before ```one line``` after")).isEqualTo("before\n\n```\none line\n```\n\nafter");
        assertThat(md("*see <https://x.example|the graph>*")).isEqualTo("**see [the graph](https://x.example)**");
    }

    @Test
    void delimitersThatSlackDoesNotFormat_areEscaped() {
        assertThat(md("2*3*4 and * lone * and a*b")).isEqualTo("2\\*3\\*4 and \\* lone \\* and a\\*b");
        assertThat(md("unclosed `tick and *star")).isEqualTo("unclosed \\`tick and \\*star");
    }

    @Test
    void codeSpan_keepsItsContentLiteral_entitiesDecoded() {
        assertThat(md("`a &lt;b&gt; *c*`")).isEqualTo("`a <b> *c*`");
        assertThat(MarkdownText.inlineFromSlack("```\nline 1\nline 2\n```", USERS)).isEqualTo("`line 1`\\\n`line 2`");
    }

    @Test
    void underscores_areEscapedOnlyAtWordEdges() {
        assertThat(md("db_primary_1 is _down_ and _ alone")).isEqualTo("db_primary_1 is _down_ and \\_ alone");
    }

    @Test
    void brackets_cannotFormLinksOrFootnotes() {
        assertThat(md("[click](https://evil.example) [^1] ![img](x)"))
                .isEqualTo("\\[click\\](https://evil.example) \\[^1\\] !\\[img\\](x)");
    }

    @Test
    void backslash_isEscaped() {
        assertThat(md("C:\\temp\\*")).isEqualTo("C:\\\\temp\\\\\\*");
    }

    @Test
    void pipe_isEscapedSoTablesHold() {
        assertThat(md("a | b")).isEqualTo("a \\| b");
    }

    @Test
    void leadingHash_cannotStartHeading() {
        assertThat(md("# Not a heading")).isEqualTo("\\# Not a heading");
        assertThat(md("   ## indented")).isEqualTo("\\## indented");
    }

    @Test
    void trailingHashRun_isKeptInHeadings() {
        assertThat(md("fix for issue #")).isEqualTo("fix for issue \\#");
        assertThat(md("we use C#")).isEqualTo("we use C#");
    }

    @Test
    void slackQuote_becomesBlockquote_andInlineShowsTheMark() {
        assertThat(md("&gt; quoted\n&gt; twice\nafter")).isEqualTo("> quoted\\\n> twice\n\nafter");
        assertThat(md("&gt;&gt;&gt; all\nof this")).isEqualTo("> all\\\n> of this");
        assertThat(MarkdownText.inlineFromSlack("&gt; quoted", USERS)).isEqualTo("\\> quoted");
        assertThat(md("&gt; # not a heading")).isEqualTo("> \\# not a heading");
    }

    @Test
    void slackBullets_becomeAList() {
        assertThat(md("• one\n• two\n- three")).isEqualTo("- one\n- two\n- three");
        assertThat(MarkdownText.inlineFromSlack("• one\n• two", USERS)).isEqualTo("• one\\\n• two");
        assertThat(md("• # x")).isEqualTo("- \\# x");
    }

    @Test
    void leadingListMarkers_cannotStartLists() {
        assertThat(md("+ item")).isEqualTo("\\+ item");
        assertThat(md("* item")).isEqualTo("\\* item");
        assertThat(md("1. first")).isEqualTo("1\\. first");
        assertThat(md("12) twelfth")).isEqualTo("12\\) twelfth");
        assertThat(md("2026 was hard")).isEqualTo("2026 was hard");
    }

    @Test
    void thematicBreakAndSetextUnderline_cannotForm() {
        assertThat(md("---")).isEqualTo("\\---");
        assertThat(md("title\n===")).isEqualTo("title\\\n\\===");
        assertThat(md("a|b\n-|-")).isEqualTo("a\\|b\\\n\\-\\|-");
    }

    @Test
    void indentation_cannotStartCodeBlock() {
        assertThat(md("        indented code")).isEqualTo("indented code");
    }

    @Test
    void multiLineText_keepsLinesAsHardBreaksAndParagraphs() {
        assertThat(md("first line\r\nsecond line\n\n\n\nnew paragraph  \n"))
                .isEqualTo("first line\\\nsecond line\n\nnew paragraph");
    }

    @Test
    void unicode_isKeptAsIs() {
        assertThat(md("Déploiement échoué 🔥 — 数据库 ✅")).isEqualTo("Déploiement échoué 🔥 — 数据库 ✅");
    }

    @Test
    void controlCharacters_areDropped() {
        assertThat(md("a\u0000b\u0007c\td")).isEqualTo("abc d");
    }

    @Test
    void nullOrEmpty_givesEmpty() {
        assertThat(MarkdownText.fromSlack(null, USERS)).isEmpty();
        assertThat(MarkdownText.escape(null)).isEmpty();
        assertThat(MarkdownText.cell(null)).isEmpty();
    }

    @Test
    void plainFromSlack_translatesMarkupWithoutEscaping() {
        assertThat(MarkdownText.plainFromSlack("<@U1> saw *errors* &amp;lt; at <https://x.example|grafana> "
                + "<https://y.example> in <#C1|inc-db>", USERS))
                .isEqualTo("@alice saw *errors* &lt; at grafana (https://x.example) https://y.example in #inc-db");
    }

    @Test
    void cell_escapesPipesAndJoinsLines() {
        assertThat(MarkdownText.cell("a | b")).isEqualTo("a \\| b");
        assertThat(MarkdownText.cell("line one\nline two")).isEqualTo("line one<br>line two");
    }

    @Test
    void cell_doesNotDoubleEscapeEscapedPipes() {
        assertThat(MarkdownText.cell(md("a | b"))).isEqualTo("a \\| b");
        assertThat(MarkdownText.cell("a \\\\| b")).isEqualTo("a \\\\\\| b");
    }

    @Test
    void cell_turnsHardBreaksAndParagraphsIntoBr() {
        assertThat(MarkdownText.cell(md("one\ntwo\n\nthree"))).isEqualTo("one<br>two<br><br>three");
        assertThat(MarkdownText.cell(md("ends with backslash \\\nnext"))).isEqualTo("ends with backslash \\\\<br>next");
    }

    @Test
    void cell_hasOneUnescapedPipeFreeResultForHostileInput() {
        String hostile = md("| a | b |\n|---|---|\n| `x` | <script> |");
        String cell = MarkdownText.cell(hostile);
        assertThat(cell).doesNotContain("\n");
        assertThat(unescapedPipes(cell)).isZero();
    }

    @Test
    void singleLine_joinsLinesWithSpaces() {
        assertThat(MarkdownText.singleLine(md("a\nb\n\nc"))).isEqualTo("a b c");
    }

    @Test
    void yamlString_quotesAndEscapesEverything() {
        assertThat(MarkdownText.yamlString("plain")).isEqualTo("\"plain\"");
        assertThat(MarkdownText.yamlString("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(MarkdownText.yamlString("---\nkey: value\r\n")).isEqualTo("\"---\\nkey: value\\r\\n\"");
        assertThat(MarkdownText.yamlString("bell\u0007 del\u007f")).isEqualTo("\"bell\\u0007 del\\u007f\"");
        assertThat(MarkdownText.yamlString("café 🔥")).isEqualTo("\"café 🔥\"");
        assertThat(MarkdownText.yamlString("# not a comment: [x]")).isEqualTo("\"# not a comment: [x]\"");
        assertThat(MarkdownText.yamlString(null)).isEqualTo("null");
        assertThat(MarkdownText.yamlString("null")).isEqualTo("\"null\"");
        assertThat(MarkdownText.yamlString("<script>")).isEqualTo("\"\\u003cscript>\"");
    }

    @Test
    void yamlString_neverSpansLines() {
        assertThat(MarkdownText.yamlString("a\u2028b\u0085c\nd")).doesNotContain("\n").doesNotContain("\u2028")
                .doesNotContain("\u0085");
    }

    @Test
    void safeUrl_acceptsOnlyWebAndMailLinks() {
        assertThat(MarkdownText.safeUrl("https://x.example/a b")).isEqualTo("https://x.example/a%20b");
        assertThat(MarkdownText.safeUrl("HTTP://x.example")).isEqualTo("HTTP://x.example");
        assertThat(MarkdownText.safeUrl("javascript:alert(1)")).isNull();
        assertThat(MarkdownText.safeUrl("data:text/html,x")).isNull();
        assertThat(MarkdownText.safeUrl(null)).isNull();
        assertThat(MarkdownText.link("msg", "https://x.example/p?a=1|2")).isEqualTo("[msg](https://x.example/p?a=1%7C2)");
        assertThat(MarkdownText.link("msg", "ftp://x")).isEqualTo("msg");
    }

    @Test
    void mermaidText_dropsWhatBreaksATimelineLine() {
        assertThat(MarkdownText.mermaidText("Root cause: bad config; see #42 %% note\nnext", 80))
                .isEqualTo("Root cause, bad config, see 42 note next");
        assertThat(MarkdownText.mermaidText("```<script>``` {x}", 80)).isEqualTo("script x");
        assertThat(MarkdownText.mermaidText("a very long text that goes on", 10)).isEqualTo("a very lo…");
        assertThat(MarkdownText.mermaidText("Ünïcødé 🔥", 80)).isEqualTo("Ünïcødé 🔥");
    }

    static int unescapedPipes(String s) {
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
}
