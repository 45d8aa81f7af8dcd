package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.config.TicketSettings;
import dev.incidenttimeline.domain.ActionPriority;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud, REST API v3: issues with an Atlassian Document Format description and a
 * {@code duedate}; assignees by {@code accountId} from the user search; done and reopened by
 * the workflow's transitions (by status category, so any workflow works). Basic auth with the
 * account's email and API token.
 */
final class JiraClient implements TrackerClient {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*-[1-9][0-9]*");
    private static final Pattern BROWSE = Pattern.compile("https?://[^/\\s]+/browse/([A-Z][A-Z0-9_]*-[1-9][0-9]*)/?");
    private static final String FIELDS = "status,duedate,assignee";

    private final String base;
    private final String project;
    private final String issueType;
    private final TrackerHttp http;

    JiraClient(TicketSettings s, Clock clock) {
        this.base = s.jiraUrl();
        this.project = s.jiraProject();
        this.issueType = s.jiraIssueType();
        String auth = Base64.getEncoder().encodeToString((s.jiraEmail() + ":" + s.jiraApiToken())
                .getBytes(StandardCharsets.UTF_8));
        this.http = new TrackerHttp("jira", Map.of("Authorization", "Basic " + auth), clock);
    }

    @Override
    public String code() {
        return "jira";
    }

    @Override
    public Optional<String> findAssignee(String email) {
        JsonNode users = http.call("GET", base + "/rest/api/3/user/search?query=" + enc(email), null);
        if (users == null || !users.isArray()) {
            return Optional.empty();
        }
        for (JsonNode u : users) {
            // The search also matches names; an address Jira shows must be the same one.
            String shown = u.path("emailAddress").asText("");
            if (u.hasNonNull("accountId") && (shown.isEmpty() || shown.equalsIgnoreCase(email))
                    && u.path("active").asBoolean(true)) {
                return Optional.of(u.get("accountId").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RemoteTicket> findByLabel(String itemLabel) {
        String jql = "project = \"" + project + "\" AND labels = \"" + itemLabel + "\" ORDER BY created ASC";
        JsonNode r = http.call("GET", base + "/rest/api/3/search/jql?jql=" + enc(jql) + "&fields=" + FIELDS
                + "&maxResults=1", null);
        JsonNode issues = r == null ? null : r.path("issues");
        if (issues == null || !issues.isArray() || issues.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ticket(issues.get(0)));
    }

    @Override
    public RemoteTicket create(TicketDraft d, String assignee) {
        ObjectNode fields = TrackerHttp.JSON.createObjectNode();
        fields.putObject("project").put("key", project);
        fields.put("summary", d.title().length() > 250 ? d.title().substring(0, 250) : d.title());
        fields.putObject("issuetype").put("name", issueType);
        fields.set("description", adf(d));
        if (d.due() != null) {
            fields.put("duedate", d.due().toString());
        }
        ArrayNode labels = fields.putArray("labels");
        d.labels().forEach(l -> labels.add(l.replaceAll("\\s", "-")));
        fields.putObject("priority").put("name", priority(d.priority()));
        if (assignee != null) {
            fields.putObject("assignee").put("accountId", assignee);
        }
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        body.set("fields", fields);
        JsonNode r = http.call("POST", base + "/rest/api/3/issue", body);
        String key = r.path("key").asText();
        return new RemoteTicket(key, key, base + "/browse/" + key, false, null, assignee, d.due());
    }

    @Override
    public RemoteTicket fetch(String ticketId) {
        return ticket(http.call("GET", base + "/rest/api/3/issue/" + enc(ticketId) + "?fields=" + FIELDS, null));
    }

    @Override
    public void setAssignee(String ticketId, String assignee) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        if (assignee == null) {
            body.putNull("accountId");
        } else {
            body.put("accountId", assignee);
        }
        http.call("PUT", base + "/rest/api/3/issue/" + enc(ticketId) + "/assignee", body);
    }

    @Override
    public void setDue(String ticketId, LocalDate due) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        if (due == null) {
            fields.putNull("duedate");
        } else {
            fields.put("duedate", due.toString());
        }
        http.call("PUT", base + "/rest/api/3/issue/" + enc(ticketId), body);
    }

    @Override
    public void setClosed(String ticketId, boolean closed, boolean dropped) {
        JsonNode r = http.call("GET", base + "/rest/api/3/issue/" + enc(ticketId) + "/transitions", null);
        String chosen = null;
        int best = -1;
        for (JsonNode t : r.path("transitions")) {
            String category = t.path("to").path("statusCategory").path("key").asText("");
            String name = t.path("name").asText("").toLowerCase(Locale.ROOT);
            int score;
            if (closed) {
                score = !"done".equals(category) ? -1
                        : dropped == (name.contains("won't") || name.contains("cancel") || name.contains("drop")) ? 2
                        : 1;
            } else {
                score = "new".equals(category) ? 2 : "indeterminate".equals(category) ? 1 : -1;
            }
            if (score > best) {
                best = score;
                chosen = t.path("id").asText();
            }
        }
        if (chosen == null) {
            throw new TrackerException("jira: " + ticketId + " has no transition to a " + (closed ? "done" : "to do")
                    + " status in its workflow", 0, false, Optional.empty());
        }
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        body.putObject("transition").put("id", chosen);
        http.call("POST", base + "/rest/api/3/issue/" + enc(ticketId) + "/transitions", body);
    }

    @Override
    public Optional<TicketReference> parseReference(String urlOrKey) {
        String v = urlOrKey.strip();
        Matcher m = BROWSE.matcher(v);
        String key = m.matches() ? m.group(1) : KEY.matcher(v.toUpperCase(Locale.ROOT)).matches()
                ? v.toUpperCase(Locale.ROOT) : null;
        if (key == null) {
            return Optional.empty();
        }
        return Optional.of(new TicketReference(key, key, base + "/browse/" + key));
    }

    /** An issue of the search, the fetch or a webhook. */
    RemoteTicket ticket(JsonNode issue) {
        String key = issue.path("key").asText();
        JsonNode f = issue.path("fields");
        String due = f.path("duedate").asText(null);
        return new RemoteTicket(key, key, base + "/browse/" + key,
                "done".equals(f.path("status").path("statusCategory").path("key").asText()),
                f.path("status").path("name").asText(null),
                f.path("assignee").path("accountId").asText(null),
                due == null || due.isEmpty() ? null : LocalDate.parse(due));
    }

    /** The description as an Atlassian Document Format document: one paragraph a line, links as link marks. */
    static ObjectNode adf(TicketDraft d) {
        ObjectNode doc = TrackerHttp.JSON.createObjectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (TicketDraft.Line l : d.lines()) {
            ObjectNode p = content.addObject().put("type", "paragraph");
            ArrayNode parts = p.putArray("content");
            if (!l.text().isEmpty()) {
                parts.addObject().put("type", "text").put("text", l.text());
            }
            if (l.url() != null) {
                ObjectNode link = parts.addObject().put("type", "text").put("text", l.linkText());
                link.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", l.url());
            }
        }
        return doc;
    }

    /** p1–p3 as Jira's default priority scheme names them. */
    static String priority(ActionPriority p) {
        return switch (p.level()) {
            case 1 -> "High";
            case 2 -> "Medium";
            default -> "Low";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
