package dev.incidenttimeline.bot.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.bot.incident.CommandParser;
import dev.incidenttimeline.bot.incident.IncidentCommand;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.incident.IncidentService.DeclareRequest;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.StorableText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The declare form ({@code /incident declare} without a title): title, severity, private,
 * description. The form remembers where it was opened (channel and {@code response_url})
 * in {@code private_metadata}, so the outcome is reported there like the command's.
 */
public final class DeclareModal {
    public static final String CALLBACK_ID = "incident_declare";
    static final String TITLE = "title";
    static final String SEVERITY = "severity";
    static final String PRIVATE = "private";
    static final String DESCRIPTION = "description";
    /** Every input's action id; blocks are told apart by their block id. */
    static final String VALUE = "value";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Severity, String> SEVERITY_NAMES = Map.of(
            Severity.SEV1, "SEV1 · critical", Severity.SEV2, "SEV2 · major",
            Severity.SEV3, "SEV3 · minor", Severity.SEV4, "SEV4 · low");

    private DeclareModal() {
    }

    /** Where the form was opened: the channel and the command's response_url (either may be null). */
    public record Origin(String channelId, String responseUrl) {
        String toJson() {
            ObjectNode n = JSON.createObjectNode();
            if (channelId != null) {
                n.put("channel", channelId);
            }
            if (responseUrl != null) {
                n.put("response_url", responseUrl);
            }
            return n.toString();
        }

        static Origin fromJson(String json) {
            if (json == null || json.isBlank()) {
                return new Origin(null, null);
            }
            try {
                JsonNode n = JSON.readTree(json);
                return new Origin(n.path("channel").asText(null), n.path("response_url").asText(null));
            } catch (Exception e) {
                return new Origin(null, null);
            }
        }
    }

    /** The view JSON for {@code views.open}, with the options given on the command line preselected. */
    public static String view(IncidentCommand.DeclareModal preset, Origin origin) {
        ObjectNode v = JSON.createObjectNode().put("type", "modal").put("callback_id", CALLBACK_ID);
        v.set("title", BlockKit.plain("Declare an incident", 24));
        v.set("submit", BlockKit.plain("Declare", 24));
        v.set("close", BlockKit.plain("Cancel", 24));
        v.put("private_metadata", origin.toJson());
        ArrayNode blocks = v.putArray("blocks");

        ObjectNode title = JSON.createObjectNode().put("type", "plain_text_input").put("action_id", VALUE)
                .put("max_length", CommandParser.MAX_TITLE_LENGTH);
        title.set("placeholder", BlockKit.plain("Checkout errors after the 14:00 deploy"));
        blocks.add(input(TITLE, "Title", title, false));

        ObjectNode select = JSON.createObjectNode().put("type", "static_select").put("action_id", VALUE);
        ArrayNode options = select.putArray("options");
        for (Severity s : Severity.values()) {
            options.add(option(SEVERITY_NAMES.get(s), s.label()));
        }
        Severity initial = preset.severity().orElse(IncidentCommand.Declare.DEFAULT_SEVERITY);
        select.set("initial_option", option(SEVERITY_NAMES.get(initial), initial.label()));
        blocks.add(input(SEVERITY, "Severity", select, false));

        ObjectNode box = JSON.createObjectNode().put("type", "checkboxes").put("action_id", VALUE);
        ObjectNode privateOption = option("Private incident (private channel, left out of shared reports)",
                "private");
        box.putArray("options").add(privateOption);
        if (preset.isPrivate()) {
            box.putArray("initial_options").add(privateOption.deepCopy());
        }
        blocks.add(input(PRIVATE, "Visibility", box, true));

        ObjectNode description = JSON.createObjectNode().put("type", "plain_text_input").put("action_id", VALUE)
                .put("multiline", true).put("max_length", 3000);
        description.set("placeholder", BlockKit.plain("What is happening, who is affected? (becomes the summary)"));
        blocks.add(input(DESCRIPTION, "Description", description, true));
        return v.toString();
    }

    /** What was submitted. Texts are raw, as typed; {@link #request} escapes them for Slack. */
    public record Submission(String title, Severity severity, boolean isPrivate, String description, Origin origin) {
        /** Errors by block id, for {@code response_action: errors}; empty when the form is valid. */
        public Map<String, String> errors() {
            Map<String, String> errors = new LinkedHashMap<>();
            try {
                CommandParser.checkTitle(title);
            } catch (CommandException e) {
                errors.put(TITLE, title == null || title.isBlank()
                        ? "Give the incident a short title, e.g. Checkout errors after the 14:00 deploy."
                        : "Keep the title to " + CommandParser.MAX_TITLE_LENGTH
                                + " characters; put details in the description.");
            }
            return errors;
        }

        public DeclareRequest request() {
            String summary = description == null || description.isBlank() ? null
                    : SlackText.escape(description.strip());
            return new DeclareRequest(SlackText.escape(title.strip()), severity, isPrivate, summary);
        }
    }

    /** Reads a submitted form; a missing or unknown severity is the default one. */
    public static Submission read(View view) {
        Map<String, Map<String, ViewState.Value>> values = view.getState() == null || view.getState().getValues() == null
                ? Map.of() : view.getState().getValues();
        ViewState.Value title = value(values, TITLE);
        ViewState.Value severity = value(values, SEVERITY);
        ViewState.Value isPrivate = value(values, PRIVATE);
        ViewState.Value description = value(values, DESCRIPTION);
        Severity sev = Optional.ofNullable(severity).map(ViewState.Value::getSelectedOption)
                .flatMap(o -> Severity.parse(o.getValue())).orElse(IncidentCommand.Declare.DEFAULT_SEVERITY);
        boolean priv = isPrivate != null && isPrivate.getSelectedOptions() != null
                && isPrivate.getSelectedOptions().stream().anyMatch(o -> "private".equals(o.getValue()));
        return new Submission(title == null ? null : StorableText.clean(title.getValue()), sev, priv,
                description == null ? null : StorableText.clean(description.getValue()),
                Origin.fromJson(view.getPrivateMetadata()));
    }

    private static ViewState.Value value(Map<String, Map<String, ViewState.Value>> values, String block) {
        Map<String, ViewState.Value> b = values.get(block);
        return b == null ? null : b.get(VALUE);
    }

    private static ObjectNode input(String blockId, String label, ObjectNode element, boolean optional) {
        ObjectNode b = JSON.createObjectNode().put("type", "input").put("block_id", blockId);
        b.set("label", BlockKit.plain(label));
        b.set("element", element);
        if (optional) {
            b.put("optional", true);
        }
        return b;
    }

    private static ObjectNode option(String text, String value) {
        ObjectNode o = JSON.createObjectNode();
        o.set("text", BlockKit.plain(text, 75));
        o.put("value", value);
        return o;
    }
}
