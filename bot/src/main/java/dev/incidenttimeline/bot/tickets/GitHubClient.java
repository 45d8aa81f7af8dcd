package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.config.TicketSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Issues (REST, {@code X-GitHub-Api-Version: 2022-11-28}) of {@code GITHUB_REPO}. GitHub
 * has no due date: it is written in the body and kept as a {@code due:YYYY-MM-DD} label. Nor does
 * it find users by email: {@code TICKETS_USER_MAP} maps Slack emails to logins.
 */
final class GitHubClient implements TrackerClient {
    static final String DUE_LABEL = "due:";
    private static final Pattern NUMBER = Pattern.compile("#?([1-9][0-9]*)");

    private final String base;
    private final String repo;
    private final Map<String, String> userMap;
    private final TrackerHttp http;
    private final Pattern issueUrl;
    private final Pattern repoRef;

    GitHubClient(TicketSettings s, Clock clock) {
        this.base = s.githubApiUrl();
        this.repo = s.githubRepo();
        this.userMap = s.userMap();
        this.http = new TrackerHttp("github", Map.of("Authorization", "Bearer " + s.githubToken(),
                "X-GitHub-Api-Version", "2022-11-28", "User-Agent", "incident-timeline"), clock);
        this.issueUrl = Pattern.compile("https?://[^/\\s]+/" + Pattern.quote(repo) + "/issues/([1-9][0-9]*)/?",
                Pattern.CASE_INSENSITIVE);
        this.repoRef = Pattern.compile(Pattern.quote(repo) + "#([1-9][0-9]*)", Pattern.CASE_INSENSITIVE);
    }

    @Override
    public String code() {
        return "github";
    }

    @Override
    public Optional<String> findAssignee(String email) {
        return Optional.ofNullable(userMap.get(email.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<RemoteTicket> findByLabel(String itemLabel) {
        JsonNode r = http.call("GET", issues() + "?labels=" + enc(itemLabel) + "&state=all&per_page=10", null);
        if (r != null && r.isArray()) {
            for (JsonNode i : r) {
                if (!i.has("pull_request")) {
                    return Optional.of(ticket(i));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public RemoteTicket create(TicketDraft d, String assignee) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        body.put("title", d.title().length() > 256 ? d.title().substring(0, 256) : d.title());
        String text = d.markdown();
        body.put("body", d.due() == null ? text : "**Due:** " + d.due() + "\n\n" + text);
        ArrayNode labels = body.putArray("labels");
        d.labels().forEach(labels::add);
        labels.add("priority:" + d.priority().name().toLowerCase(Locale.ROOT));
        if (d.due() != null) {
            labels.add(DUE_LABEL + d.due());
        }
        if (assignee != null) {
            body.putArray("assignees").add(assignee);
        }
        return ticket(http.call("POST", issues(), body));
    }

    @Override
    public RemoteTicket fetch(String ticketId) {
        return ticket(http.call("GET", issues() + "/" + ticketId, null));
    }

    @Override
    public void setAssignee(String ticketId, String assignee) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        ArrayNode a = body.putArray("assignees");
        if (assignee != null) {
            a.add(assignee);
        }
        http.call("PATCH", issues() + "/" + ticketId, body);
    }

    @Override
    public void setDue(String ticketId, LocalDate due) {
        JsonNode issue = http.call("GET", issues() + "/" + ticketId, null);
        List<String> labels = new ArrayList<>();
        for (JsonNode l : issue.path("labels")) {
            String name = l.path("name").asText();
            if (!name.startsWith(DUE_LABEL)) {
                labels.add(name);
            }
        }
        if (due != null) {
            labels.add(DUE_LABEL + due);
        }
        ObjectNode body = TrackerHttp.JSON.createObjectNode();
        ArrayNode a = body.putArray("labels");
        labels.forEach(a::add);
        http.call("PATCH", issues() + "/" + ticketId, body);
    }

    @Override
    public void setClosed(String ticketId, boolean closed, boolean dropped) {
        ObjectNode body = TrackerHttp.JSON.createObjectNode().put("state", closed ? "closed" : "open")
                .put("state_reason", closed ? (dropped ? "not_planned" : "completed") : "reopened");
        http.call("PATCH", issues() + "/" + ticketId, body);
    }

    @Override
    public Optional<TicketReference> parseReference(String urlOrKey) {
        String v = urlOrKey.strip();
        Matcher m = issueUrl.matcher(v);
        if (!m.matches()) {
            m = repoRef.matcher(v);
        }
        if (!m.matches()) {
            m = NUMBER.matcher(v);
        }
        if (!m.matches()) {
            return Optional.empty();
        }
        String n = m.group(1);
        return Optional.of(new TicketReference(n, repo + "#" + n, "https://github.com/" + repo + "/issues/" + n));
    }

    /** An issue of the REST API or of an {@code issues} webhook. */
    RemoteTicket ticket(JsonNode i) {
        String n = i.path("number").asText();
        LocalDate due = null;
        for (JsonNode l : i.path("labels")) {
            String name = l.path("name").asText();
            if (name.startsWith(DUE_LABEL)) {
                try {
                    due = LocalDate.parse(name.substring(DUE_LABEL.length()));
                } catch (DateTimeParseException e) {
                    // someone's own label that merely starts like ours
                }
            }
        }
        JsonNode assignees = i.path("assignees");
        String assignee = assignees.isArray() && !assignees.isEmpty() ? assignees.get(0).path("login").asText(null)
                : i.path("assignee").path("login").asText(null);
        boolean closed = "closed".equals(i.path("state").asText());
        return new RemoteTicket(n, repo + "#" + n, i.path("html_url").asText("https://github.com/" + repo + "/issues/"
                + n), closed, closed ? "closed" : "open", assignee, due);
    }

    private String issues() {
        return base + "/repos/" + repo + "/issues";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
