package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.config.TicketSettings;
import dev.incidenttimeline.domain.ActionPriority;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linear's GraphQL API: {@code issueCreate} with a {@code dueDate} in {@code LINEAR_TEAM_ID},
 * labels by id (made on first use), assignees from {@code users(filter: {email})}, done and
 * reopened by the team's workflow states (by type, so any workflow works). A GraphQL error
 * answers 200 too: it becomes a {@link TrackerException}, retryable when rate limited.
 */
final class LinearClient implements TrackerClient {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Z][A-Z0-9]{0,9}-[1-9][0-9]*");
    private static final Pattern ISSUE_URL = Pattern.compile(
            "https?://linear\\.app/[^/\\s]+/issue/([A-Z][A-Z0-9]{0,9}-[1-9][0-9]*)(/[^\\s]*)?");
    private static final String ISSUE_FIELDS = "id identifier url dueDate state { name type } assignee { id }";

    private final String url;
    private final String team;
    private final TrackerHttp http;

    LinearClient(TicketSettings s, Clock clock) {
        this.url = s.linearApiUrl();
        this.team = s.linearTeamId();
        this.http = new TrackerHttp("linear", Map.of("Authorization", s.linearApiKey()), clock);
    }

    @Override
    public String code() {
        return "linear";
    }

    @Override
    public Optional<String> findAssignee(String email) {
        JsonNode d = graphql("query Users($email: String!) { users(filter: { email: { eq: $email } }) "
                + "{ nodes { id email active } } }", Map.of("email", email));
        for (JsonNode u : d.path("users").path("nodes")) {
            if (u.path("active").asBoolean(true)) {
                return Optional.of(u.path("id").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RemoteTicket> findByLabel(String itemLabel) {
        JsonNode d = graphql("query Issues($team: ID!, $label: String!) { issues(filter: { team: { id: { eq: $team } },"
                + " labels: { name: { eq: $label } } }, first: 1) { nodes { " + ISSUE_FIELDS + " } } }",
                Map.of("team", team, "label", itemLabel));
        JsonNode nodes = d.path("issues").path("nodes");
        return nodes.isArray() && !nodes.isEmpty() ? Optional.of(ticket(nodes.get(0))) : Optional.empty();
    }

    @Override
    public RemoteTicket create(TicketDraft d, String assignee) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("teamId", team);
        input.put("title", d.title());
        input.put("description", d.markdown());
        if (d.due() != null) {
            input.put("dueDate", d.due().toString());
        }
        input.put("priority", priority(d.priority()));
        if (assignee != null) {
            input.put("assigneeId", assignee);
        }
        input.put("labelIds", labelIds(d.labels()));
        JsonNode r = graphql("mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) "
                + "{ success issue { " + ISSUE_FIELDS + " } } }", Map.of("input", input));
        return ticket(r.path("issueCreate").path("issue"));
    }

    /** The ids of labels by name, making the ones the team does not have yet. */
    private List<String> labelIds(List<String> names) {
        JsonNode d = graphql("query Labels($names: [String!]) { issueLabels(filter: { name: { in: $names } }) "
                + "{ nodes { id name } } }", Map.of("names", names));
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode l : d.path("issueLabels").path("nodes")) {
            byName.putIfAbsent(l.path("name").asText(), l.path("id").asText());
        }
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            String id = byName.get(name);
            if (id == null) {
                JsonNode c = graphql("mutation LabelCreate($input: IssueLabelCreateInput!) { issueLabelCreate("
                        + "input: $input) { success issueLabel { id name } } }",
                        Map.of("input", Map.of("name", name, "teamId", team)));
                id = c.path("issueLabelCreate").path("issueLabel").path("id").asText();
            }
            ids.add(id);
        }
        return ids;
    }

    @Override
    public RemoteTicket fetch(String ticketId) {
        JsonNode d = graphql("query Issue($id: String!) { issue(id: $id) { " + ISSUE_FIELDS + " } }",
                Map.of("id", ticketId));
        return ticket(d.path("issue"));
    }

    @Override
    public void setAssignee(String ticketId, String assignee) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("assigneeId", assignee);
        update(ticketId, input);
    }

    @Override
    public void setDue(String ticketId, LocalDate due) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("dueDate", due == null ? null : due.toString());
        update(ticketId, input);
    }

    @Override
    public void setClosed(String ticketId, boolean closed, boolean dropped) {
        JsonNode d = graphql("query States($team: String!) { team(id: $team) { states { nodes { id name type } } } }",
                Map.of("team", team));
        List<String> wanted = closed ? (dropped ? List.of("canceled", "completed") : List.of("completed"))
                : List.of("unstarted", "started", "backlog");
        for (String type : wanted) {
            for (JsonNode s : d.path("team").path("states").path("nodes")) {
                if (type.equals(s.path("type").asText())) {
                    update(ticketId, Map.of("stateId", s.path("id").asText()));
                    return;
                }
            }
        }
        throw new TrackerException("linear: the team has no " + wanted.get(0) + " workflow state", 0, false,
                Optional.empty());
    }

    private void update(String ticketId, Map<String, Object> input) {
        graphql("mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input)"
                + " { success } }", Map.of("id", ticketId, "input", input));
    }

    @Override
    public Optional<TicketReference> parseReference(String urlOrKey) {
        String v = urlOrKey.strip();
        Matcher m = ISSUE_URL.matcher(v);
        if (m.matches()) {
            return Optional.of(new TicketReference(m.group(1), m.group(1), v));
        }
        if (IDENTIFIER.matcher(v).matches()) {
            return Optional.of(new TicketReference(v, v, "https://linear.app/issue/" + v));
        }
        return Optional.empty();
    }

    /** An issue of a query, a mutation or a webhook's {@code data}. */
    RemoteTicket ticket(JsonNode i) {
        String type = i.path("state").path("type").asText("");
        String due = i.path("dueDate").asText(null);
        String assignee = i.hasNonNull("assigneeId") ? i.get("assigneeId").asText()
                : i.path("assignee").path("id").asText(null);
        return new RemoteTicket(i.path("id").asText(), i.path("identifier").asText(), i.path("url").asText(),
                "completed".equals(type) || "canceled".equals(type), i.path("state").path("name").asText(null),
                assignee, due == null || due.isEmpty() ? null : LocalDate.parse(due));
    }

    /** p1–p3 as Linear's priorities: 2 high, 3 medium, 4 low. */
    static int priority(ActionPriority p) {
        return p.level() + 1;
    }

    private JsonNode graphql(String query, Map<String, ?> variables) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode().put("query", query);
        body.set("variables", TrackerHttp.JSON.valueToTree(variables));
        JsonNode r = http.call("POST", url, body);
        JsonNode errors = r == null ? null : r.path("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            String code = errors.get(0).path("extensions").path("code").asText("");
            String msg = errors.get(0).path("message").asText("error");
            throw new TrackerException("linear: " + msg, 200, "RATELIMITED".equals(code), Optional.empty());
        }
        if (r == null || !r.has("data")) {
            throw new TrackerException("linear: an answer without data", 200, true, Optional.empty());
        }
        return r.get("data");
    }

}
