package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: {@code POST /slack/events} (events, commands, interactivity) through Bolt's own
 * servlet, with events taken in by {@link HttpEventDoor} in front of it, and
 * {@code GET /health}, on embedded Jetty 12.
 *
 * <p>The edges are bounded so that nobody can hold the endpoint before a signature is
 * checked: the body is read without a thread (a slow client holds a connection, not a
 * handler), a connection that sends nothing for {@link #IDLE_TIMEOUT_MS} is closed, at most
 * {@link #MAX_CONNECTIONS} connections are open at once, the pool of handler threads is
 * bounded (its queue is bounded by the connection cap), and a body over {@link #MAX_BODY_BYTES} is refused while it is
 * being read, before it is buffered.
 */
public final class SlackHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Slack payloads are small; anything bigger is refused while it is read. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Where Slack sends events, commands and interactions. */
    static final String EVENTS_PATH = "/slack/events";
    /** A connection silent this long (no byte of headers or body) is closed. */
    static final long IDLE_TIMEOUT_MS = 10_000;
    /** Open connections at once; further clients wait in the accept backlog. */
    static final int MAX_CONNECTIONS = 512;
    /** Handler threads (Jetty's own selector and acceptor threads come out of this too). */
    static final int MAX_THREADS = 48;
    /** How long a graceful stop waits for requests in flight. */
    static final long STOP_TIMEOUT_MS = 10_000;

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param health empty when the app can serve, otherwise why not (shown by {@code /health})
     */
    public SlackHttpServer(SlackApp app, String host, int port, Supplier<Optional<String>> health) {
        this(app, host, port, health, Map.of());
    }

    /** @param routes further servlets by path spec (tracker webhooks), behind the same bounded edges */
    public SlackHttpServer(SlackApp app, String host, int port, Supplier<Optional<String>> health,
            Map<String, HttpServlet> routes) {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
        pool.setName("http");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder("slack", new SlackAppServlet(app.app())), EVENTS_PATH);
        context.addFilter(new FilterHolder(new UnreadableRequestFilter()), EVENTS_PATH,
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("health", new HealthServlet(health)), "/health");
        routes.forEach((spec, servlet) -> context.addServlet(new ServletHolder(spec, servlet), spec));

        // Outside in: refuse oversized bodies while reading, then read the whole body without
        // a thread before the servlet (which reads blocking) is dispatched, let stop() wait for
        // the requests in flight, and take events in at the door in front of the servlet context
        // (everything else goes on to it).
        Handler served = app.eventDoor(EVENTS_PATH, MAX_BODY_BYTES).<Handler>map(door -> {
            door.setHandler(context);
            return door;
        }).orElse(context);
        GracefulHandler graceful = new GracefulHandler(served);
        EagerContentHandler eager = new EagerContentHandler(graceful,
                new EagerContentHandler.RetainedContentLoaderFactory(2L * MAX_BODY_BYTES, 64, true));
        SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        limit.setHandler(eager);
        server.setHandler(limit);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.setStopAtShutdown(false);
    }

    public void start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort() + ": "
                    + e.getMessage(), e);
        }
        log.info("listening on {}:{} (POST /slack/events, GET /health)", connector.getHost(), port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets the requests in flight finish (up to {@link #STOP_TIMEOUT_MS}), then closes. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Bolt's servlet answers nothing (an empty 200) for a body it cannot classify, and fails with
     * a 500 (which Slack would retry) for one it cannot parse; both are the client's error, so
     * both become a 400 that names the problem. Neither the body nor the parse error is logged:
     * the request is not verified yet.
     */
    private static final class UnreadableRequestFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            if (!"POST".equals(req.getMethod())) {
                reply(resp, 405, "{\"error\":\"POST only\"}");
                return;
            }
            AnswerTracking tracked = new AnswerTracking(resp);
            try {
                chain.doFilter(req, tracked);
            } catch (RuntimeException e) {
                if (!resp.isCommitted()) {
                    resp.reset();
                    reply(resp, 400, "{\"error\":\"unreadable request: not a Slack event, command or interaction\"}");
                }
                return;
            }
            if (!tracked.answered && !resp.isCommitted()) {
                reply(resp, 400, "{\"error\":\"not a Slack request: expected an event, command or interaction\"}");
            }
        }

        private static void reply(HttpServletResponse resp, int status, String json) throws IOException {
            resp.setStatus(status);
            resp.setContentType("application/json");
            resp.getWriter().write(json);
        }
    }

    /** Notes whether the servlet answered at all. */
    private static final class AnswerTracking extends HttpServletResponseWrapper {
        boolean answered;

        AnswerTracking(HttpServletResponse resp) {
            super(resp);
        }

        @Override
        public void setStatus(int sc) {
            answered = true;
            super.setStatus(sc);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            answered = true;
            return super.getWriter();
        }

        @Override
        public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
            answered = true;
            return super.getOutputStream();
        }
    }

    /** 200 when the app is ready and the database answers a query; 503 with the reason otherwise. */
    private static final class HealthServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<Optional<String>> health;

        HealthServlet(Supplier<Optional<String>> health) {
            this.health = health;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Optional<String> problem = health.get();
            resp.setStatus(problem.isEmpty() ? 200 : 503);
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(problem.isEmpty()
                    ? "{\"status\":\"ok\"}"
                    : JSON.writeValueAsString(Map.of("status", "unavailable", "reason", problem.get())));
        }
    }
}
