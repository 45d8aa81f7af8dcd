package dev.incidenttimeline.store;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Repositories bound to a handle, attached once per handle. Jdbi's {@code Handle#attach}
 * prepares every method of an interface on each call (a configuration copy and a warm-up
 * per method), which made attaching the dominant cost of processing one event; a handle
 * now pays it once per repository type, and the queue workers keep one handle for many
 * transactions. A handle is used by one thread at a time, so each thread remembers the
 * repositories of the handle it last used.
 */
public final class Repositories {
    private static final ThreadLocal<Attached> LAST = new ThreadLocal<>();

    private Repositories() {
    }

    private record Attached(Handle handle, Map<Class<?>, Object> byType) {
    }

    /** {@code h.attach(type)}, reusing the instance already attached to {@code h} on this thread. */
    public static <T> T of(Handle h, Class<T> type) {
        Attached last = LAST.get();
        if (last == null || last.handle() != h) {
            last = new Attached(h, new HashMap<>());
            LAST.set(last);
        }
        Object repo = last.byType().get(type);
        if (repo == null) {
            repo = h.attach(type);
            last.byType().put(type, repo);
        }
        return type.cast(repo);
    }
}
