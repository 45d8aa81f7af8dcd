package dev.incidenttimeline.bot.slack;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP endpoint's door for Events API deliveries, in front of Bolt's servlet. A JSON
 * body whose signature verifies and that is an {@code event_callback} is taken in by
 * {@link EventIntake} here, and answered, without Bolt building its request objects: Bolt's
 * parse of a delivery (a Gson instance built for each request, and the body parsed twice)
 * and its signature step cost more than half of an ack's CPU, and an event needs nothing
 * from Bolt's chain but the signature check and the front door. Everything else (slash
 * commands, interactivity, the URL verification challenge, and any request whose signature
 * does not verify) goes on to Bolt unchanged, so Bolt's own verification still decides
 * those, and answers a bad signature with its 401.
 */
final class HttpEventDoor extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private final transient SigningSecret secret;
    private final transient EventIntake intake;

    HttpEventDoor(SigningSecret secret, EventIntake intake) {
        this.secret = secret;
        this.intake = intake;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String contentType = req.getContentType();
        if (contentType == null || !contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            chain.doFilter(req, resp);
            return;
        }
        byte[] body = req.getInputStream().readAllBytes();
        if (secret.verifies(req.getHeader("X-Slack-Request-Timestamp"), body,
                req.getHeader("X-Slack-Signature"), System.currentTimeMillis())) {
            EventEnvelope envelope = null;
            try {
                envelope = EventEnvelope.read(body);
            } catch (IOException notJson) {
                // Bolt's servlet, and the endpoint's filter behind it, answer what cannot be read.
            }
            if (envelope != null && envelope.isEventCallback()) {
                answer(resp, intake.accept(envelope, body, req.getHeader("X-Slack-Retry-Num")));
                return;
            }
        }
        chain.doFilter(new ReadBody(req, body), resp);
    }

    private static void answer(HttpServletResponse resp, EventIntake.Answer answer) throws IOException {
        resp.setStatus(answer.status());
        if (answer.error() != null) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            // The errors are fixed texts of EventIntake, never request data.
            resp.getWriter().write("{\"error\":\"" + answer.error() + "\"}");
        }
    }

    /** The request with its body, already read here, to read again. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
    }
}
