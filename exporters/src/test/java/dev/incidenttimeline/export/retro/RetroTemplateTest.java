package dev.incidenttimeline.export.retro;

import static dev.incidenttimeline.export.retro.RetroFixtures.GENERATED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.DomainException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RetroTemplateTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();

    @Test
    void userTemplate_rendersTheSameModel() {
        RetroTemplate template = RetroTemplate.compile("""
                # {{key}} ({{severity}}, {{status}}): {{title}}
                {{#entries}}
                - {{date}} {{time}} {{kindLabel}} {{who}}: {{text}}
                {{/entries}}
                {{#actionItems}}
                * [{{#overdue}}!{{/overdue}}] #{{number}} {{text}} ({{#owner}}{{name}}{{/owner}})
                {{/actionItems}}
                """, "short.mustache");

        String out = renderer.render(RetroFixtures.rich(), UTC, GENERATED_AT, template);

        assertThat(out).startsWith("# INC-42 (SEV2, resolved): Primary database failover\n")
                .contains("- 2026-11-17 23:38 UTC Detection alice: @here checkout error rate above 5%")
                .contains("- 2026-11-18 00:31 UTC Mitigation U0GHOST: Cleared old WAL segments")
                .contains("* [!] #1 Alert on `pg_wal` usage above 80% (Bob Martin)")
                .contains("* [] #3 Check WAL archiving")
                .doesNotContain("wrong channel")
                .endsWith(")\n");
    }

    @Test
    void builtInTemplateText_compiledAsUserTemplate_givesTheBuiltInOutput() {
        RetroTemplate copy = RetroTemplate.compile(RetroMarkdownRenderer.builtInTemplate(), "copy.mustache");

        assertThat(renderer.render(RetroFixtures.rich(), UTC, GENERATED_AT, copy))
                .isEqualTo(renderer.render(RetroFixtures.rich(), UTC, GENERATED_AT));
    }

    @Test
    void builtInTemplate_isTheMustacheLayout() {
        assertThat(RetroMarkdownRenderer.builtInTemplate())
                .contains("## Timeline")
                .contains("{{#days}}")
                .doesNotContain("\r");
    }

    @Test
    void templateValues_areNotHtmlEscapedTwice() {
        RetroTemplate template = RetroTemplate.compile("{{title}}|{{{title}}}", "t");
        RetroInput in = new RetroInput(RetroFixtures.incident(3, "a &lt;b&gt; & \"c\"",
                dev.incidenttimeline.domain.IncidentStatus.INVESTIGATING, RetroFixtures.at("2026-11-20T08:00:00Z"),
                null), null, null, null, null, null);

        assertThat(renderer.render(in, UTC, GENERATED_AT, template))
                .isEqualTo("a \\<b\\> & \"c\"|a \\<b\\> & \"c\"\n");
    }

    @Test
    void unclosedSection_errorNamesTemplateAndLine() {
        assertThatThrownBy(() -> RetroTemplate.compile("title\n\n{{#entries}}\n- {{text}}\n", "mine.mustache"))
                .isInstanceOf(RetroTemplateException.class)
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("mine.mustache")
                .hasMessageContaining("line 3")
                .hasMessageContaining("entries")
                .satisfies(e -> assertThat(((RetroTemplateException) e).line()).isEqualTo(3));
    }

    @Test
    void strayCloseTag_errorNamesLineAndColumn() {
        assertThatThrownBy(() -> RetroTemplate.compile("a\nb\n  x {{/nope}}\n", "mine.mustache"))
                .isInstanceOf(RetroTemplateException.class)
                .hasMessage("template mine.mustache does not parse: line 3, column 5: "
                        + "Section close tag with no open tag 'nope'")
                .satisfies(e -> {
                    RetroTemplateException t = (RetroTemplateException) e;
                    assertThat(t.line()).isEqualTo(3);
                    assertThat(t.column()).isEqualTo(5);
                    assertThat(t.templateName()).isEqualTo("mine.mustache");
                });
    }

    @Test
    void mismatchedCloseTag_errorNamesLine() {
        assertThatThrownBy(() -> RetroTemplate.compile("{{#entries}}\n{{#author}}\n{{/entries}}\n", "x.md"))
                .isInstanceOf(RetroTemplateException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void unknownValue_errorNamesLineWhenRendering() {
        RetroTemplate template = RetroTemplate.compile("{{key}}\n{{#entries}}\n{{txet}}\n{{/entries}}\n", "typo.mustache");

        assertThatThrownBy(() -> renderer.render(RetroFixtures.small(), UTC, GENERATED_AT, template))
                .isInstanceOf(RetroTemplateException.class)
                .hasMessageContaining("typo.mustache")
                .hasMessageContaining("line 3")
                .hasMessageContaining("txet");
    }

    @Test
    void output_hasUnixLineEndingsAndOneFinalNewline() {
        RetroTemplate template = RetroTemplate.compile("\r\n\r\n{{key}}\r\n{{titleText}}\r\n\r\n\r\n", "crlf");

        assertThat(renderer.render(RetroFixtures.small(), UTC, GENERATED_AT, template))
                .isEqualTo("INC-7\nSlow search results\n");
    }
}
