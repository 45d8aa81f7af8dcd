package dev.incidenttimeline.export.retro;

import static dev.incidenttimeline.export.retro.RetroFixtures.GENERATED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetroJsonTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode richJson() throws Exception {
        return MAPPER.readTree(RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT)));
    }

    @Test
    void json_parsesBackWithTheRetroFields() throws Exception {
        JsonNode json = richJson();

        assertThat(json.get("version").asInt()).isEqualTo(RetroModel.VERSION);
        assertThat(json.get("key").asText()).isEqualTo("INC-42");
        assertThat(json.get("titleText").asText()).isEqualTo("Primary database failover");
        assertThat(json.get("severity").asText()).isEqualTo("SEV2");
        assertThat(json.get("status").asText()).isEqualTo("resolved");
        assertThat(json.get("commander").get("name").asText()).isEqualTo("alice");
        assertThat(json.get("entries")).hasSize(14);
        assertThat(json.get("actionItems")).hasSize(6);
        assertThat(json.get("causalChain")).hasSize(3);
        assertThat(json.get("factors")).extracting(f -> f.get("number").asInt()).containsExactly(1, 3);
        assertThat(json.get("learnings")).extracting(l -> l.get("category").asText())
                .containsExactly("went_well", "went_wrong", "lucky");
        assertThat(json.get("keyTimes")).hasSize(5);
        assertThat(json.get("intervals")).hasSize(3);
        assertThat(json.get("responders")).hasSize(3);
        assertThat(json.get("findings")).hasSize(2);
        assertThat(json.get("mitigations")).hasSize(2);
    }

    @Test
    void json_timesAreIso8601Utc() throws Exception {
        JsonNode json = richJson();

        assertThat(json.get("lastChangedAt").asText()).isEqualTo("2026-11-21T09:00:00Z");
        JsonNode first = json.get("entries").get(0);
        assertThat(first.get("at").asText()).isEqualTo("2026-11-17T23:38:12Z");
        assertThat(Instant.parse(first.get("at").asText())).isEqualTo(Instant.parse("2026-11-17T23:38:12Z"));
        assertThat(json.get("keyTimes").get(4).get("at").asText()).isEqualTo("2026-11-18T02:15:00Z");
        // Review order: the done cleanup #3 (due earliest) comes first.
        assertThat(json.get("actionItems").get(0).get("closedAt").asText()).isEqualTo("2026-11-19T16:00:00Z");
    }

    @Test
    void json_keepsAbsentValuesAsNull() throws Exception {
        JsonNode json = MAPPER.readTree(RetroJson.write(RetroModel.build(RetroFixtures.titleOnly(), UTC, GENERATED_AT)));

        assertThat(json.get("summary").isNull()).isTrue();
        assertThat(json.get("dri").isNull()).isTrue();
        assertThat(json.get("keyTimes").get(4).get("at").isNull()).isTrue();
        assertThat(json.get("intervals").get(0).get("seconds").isNull()).isTrue();
        assertThat(json.get("entries")).isEmpty();
    }

    @Test
    void json_fieldsComeInDeclaredOrderWithoutTemplateOnlyValues() throws Exception {
        List<String> names = new ArrayList<>();
        richJson().fieldNames().forEachRemaining(names::add);

        assertThat(names).startsWith("version", "key", "number", "title", "titleText")
                .endsWith("actionItems", "responders")
                .doesNotContain("frontMatter", "days", "mermaid", "mermaidTitle", "headline", "actionSummary",
                        "hasFindings");
        List<String> entryFields = new ArrayList<>();
        richJson().get("entries").get(0).fieldNames().forEachRemaining(entryFields::add);
        assertThat(entryFields).containsExactly("id", "kind", "kindLabel", "source", "at", "date", "time", "when",
                "author", "text", "textPlain", "threadReply", "permalink");
    }

    @Test
    void everyJsonField_isDocumented() throws Exception {
        String doc;
        try (var in = RetroJson.class.getResourceAsStream("/templates/retro-json.md")) {
            assertThat(in).as("retro-json.md on the class path").isNotNull();
            doc = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        collectFieldNames(richJson(), names);

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(doc).contains("| `" + name + "` |"));
    }

    private static void collectFieldNames(JsonNode node, java.util.Set<String> names) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                names.add(name);
                collectFieldNames(node.get(name), names);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectFieldNames(child, names));
        }
    }

    @Test
    void json_actionItems_comeInReviewOrder_withFlagsAndTheCommandThatFixesThem() throws Exception {
        JsonNode items = richJson().get("actionItems");

        assertThat(items).extracting(i -> i.get("number").asInt()).containsExactly(3, 1, 2, 4, 5, 6);
        JsonNode five = items.get(4);
        assertThat(five.get("type").asText()).isEqualTo("detect");
        assertThat(five.get("priority").asText()).isEqualTo("p1");
        assertThat(five.get("flags")).extracting(f -> f.get("problem").asText() + ": " + f.get("command").asText())
                .containsExactly("no owner: /incident action 5 owner @name",
                        "no due date: /incident action 5 due <date>");
        // A dropped item needs nothing.
        assertThat(items.get(3).get("flags")).isEmpty();
    }

    @Test
    void json_keyTimes_sayWhoSetThem_andTheLatestSettingWins() throws Exception {
        JsonNode detected = richJson().get("keyTimes").get(1);

        assertThat(detected.get("at").asText()).isEqualTo("2026-11-17T23:38:00Z");
        assertThat(detected.get("source").asText()).isEqualTo("set by Bob Martin");
        assertThat(detected.get("setBy").get("id").asText()).isEqualTo(RetroFixtures.BOB);
        assertThat(detected.get("command").asText()).isEqualTo("/incident detected <time>");
    }

    @Test
    void json_isTheSameWhenRenderedLater_asOfTheLastChange() {
        String a = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT));
        String b = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT.plusSeconds(86_400 * 30)));

        assertThat(b).isEqualTo(a);
    }

    @Test
    void json_isDeterministicAndUsesUnixNewlines() {
        String a = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT));
        String b = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT));

        assertThat(a).isEqualTo(b).doesNotContain("\r").endsWith("}\n");
    }
}
