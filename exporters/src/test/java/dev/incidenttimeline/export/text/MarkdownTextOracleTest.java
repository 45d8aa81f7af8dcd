package dev.incidenttimeline.export.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * A real CommonMark parser (commonmark-java, with GitHub's tables and strikethrough) as the
 * oracle: whatever Slack text comes in, the Markdown we write parses back into only the
 * nodes we mean (paragraphs, quotes, bullets, fenced code, emphasis, code, links, line
 * breaks; in a cell one cell and {@code <br>} only), and no letter or digit is lost.
 */
class MarkdownTextOracleTest {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final Function<String, String> USERS = Map.of("U1", "alice", "U2", "bob_smith")::get;
    private static final String[] PIECES = {"*", "_", "~", "`", "```", "&gt;", "&lt;", "&amp;", "&amp;gt;", "|", "\\",
            "[", "]", "(", ")", "#", "-", "+", "1.", "!", " ", " ", " ", "\n", "\n\n", "• ", "&gt; ", "a", "b", "c",
            "word", "x_y", "9", "<@U1>", "<@U2|bob>", ":", "\"", "'", "&", "=", "\t", "é", "🔥"};
    /** Slack sends "<" and ">" only around its tokens; raw ones are hostile input, checked for structure only. */
    private static final String[] TOKENS = {"<https://x.example/a?b=1&amp;c=2|label>", "<https://x.example>",
            "<#C1|general>", "<!here>", "<!subteam^S1|@oncall>", "<javascript:alert(1)|click>", "<mailto:a@b.c|mail>", "<", ">", "<script>", "</b>"};
    private static final Set<Class<? extends Node>> BLOCK_NODES = Set.of(Document.class, Paragraph.class,
            BlockQuote.class, BulletList.class, ListItem.class, FencedCodeBlock.class, Text.class, Emphasis.class,
            StrongEmphasis.class, Strikethrough.class, Code.class, Link.class, HardLineBreak.class,
            SoftLineBreak.class);

    private static String randomSlack(Random r, boolean tokens) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(24);
        for (int i = 0; i < n; i++) {
            if (tokens && r.nextInt(8) == 0) {
                sb.append(TOKENS[r.nextInt(TOKENS.length)]);
            } else {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    /** Letters and digits, the text a reader must find again, whatever the markup around it. */
    private static String letters(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** What the input says, read as Slack would show it: mentions by label, entities decoded. */
    private static String expectedLetters(String slack) {
        return letters(MarkdownText.decodeSlackEntities(slack.replace("<@U1>", "alice").replace("<@U2|bob>", "bob_smith")));
    }

    private static String textOf(Node root) {
        StringBuilder sb = new StringBuilder();
        root.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                sb.append(code.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock block) {
                sb.append(block.getLiteral());
            }
        });
        return sb.toString();
    }

    private static List<Node> all(Node root) {
        List<Node> out = new ArrayList<>();
        List<Node> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            out.add(n);
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                stack.add(c);
            }
        }
        return out;
    }

    @Test
    void paragraphs_parseIntoOnlyTheIntendedNodes_withEveryLetterKept() {
        Random r = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            String slack = randomSlack(r, false);
            String md = MarkdownText.fromSlack(slack, USERS);
            Node doc = PARSER.parse(md);
            for (Node n : all(doc)) {
                assertThat(BLOCK_NODES).as("node %s in %s from %s", n, md, slack).contains(n.getClass());
            }
            assertThat(letters(textOf(doc))).as("letters of %s from %s", md, slack).isEqualTo(expectedLetters(slack));
        }
    }

    @Test
    void paragraphsWithLinksAndMentions_haveNoHtmlAndOnlySafeLinks() {
        Random r = new Random(34);
        for (int i = 0; i < 10_000; i++) {
            String slack = randomSlack(r, true);
            String md = MarkdownText.fromSlack(slack, USERS);
            for (Node n : all(PARSER.parse(md))) {
                assertThat(BLOCK_NODES).as("node %s in %s from %s", n, md, slack).contains(n.getClass());
                if (n instanceof Link link) {
                    assertThat(link.getDestination()).as(md).matches("(https?://|mailto:).*");
                }
            }
        }
    }

    @Test
    void cells_stayOneCell_withOnlyLineBreaksAsHtml_andEveryLetterKept() {
        Random r = new Random(56);
        for (int i = 0; i < 20_000; i++) {
            String slack = randomSlack(r, i % 3 == 0);
            String cell = MarkdownText.cellFromSlack(slack, USERS);
            String table = "| a | b |\n|---|---|\n| " + cell + " | end |\n";
            Node doc = PARSER.parse(table);
            assertThat(doc.getFirstChild()).as(table).isInstanceOf(TableBlock.class);
            assertThat(doc.getFirstChild().getNext()).as(table).isNull();
            Node body = doc.getFirstChild().getLastChild();
            assertThat(body).isInstanceOf(TableBody.class);
            Node row = body.getFirstChild();
            assertThat(row).isInstanceOf(TableRow.class);
            assertThat(row.getNext()).as(table).isNull();
            Node first = row.getFirstChild();
            assertThat(first).isInstanceOf(TableCell.class);
            assertThat(textOf(first.getNext())).as(table).isEqualTo("end");
            assertThat(first.getNext().getNext()).as(table).isNull();
            for (Node n : all(first)) {
                if (n instanceof HtmlInline html) {
                    assertThat(html.getLiteral()).as(table).isEqualTo("<br>");
                } else {
                    assertThat(n).as("node in %s", table).isInstanceOfAny(TableCell.class, Text.class,
                            Emphasis.class, StrongEmphasis.class, Strikethrough.class, Code.class, Link.class);
                }
            }
            if (i % 3 != 0) {
                assertThat(letters(textOf(first))).as(table).isEqualTo(expectedLetters(slack));
            }
            assertThat(all(doc)).noneMatch(n -> n instanceof TableHead && n.getFirstChild() == null);
        }
    }
}
