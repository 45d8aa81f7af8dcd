package dev.incidenttimeline.store;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The repositories attached to one handle, each attached once for the handle's life.
 *
 * <p>Jdbi's {@link Handle#attach} builds a handler for every method of the repository, and
 * warms each one's mappers, on every call: for a repository of thirty methods that costs more
 * than the statement it is attached to run. The inbox worker keeps one handle for hundreds
 * of events and attached several repositories per event, which took half its CPU (see
 * BENCHMARKS.md). {@link #of} attaches a repository the first time a handle asks for it and
 * hands back the same instance afterwards.
 *
 * <p>The cache lives in the handle's own configuration: Jdbi gives every handle a copy of
 * the configuration when it is opened, and {@link #createCopy} starts that copy empty. So a
 * repository is never shared between handles, nor between threads, and it goes when its
 * handle is closed.
 */
public final class AttachedRepositories implements JdbiConfig<AttachedRepositories> {
    private final Map<Class<?>, Object> attached = new HashMap<>();

    /** Jdbi creates the instance of the configuration; it holds no repository. */
    public AttachedRepositories() {
    }

    /** The repository of {@code type} attached to {@code h}, attached on the handle's first call. */
    public static <T> T of(Handle h, Class<T> type) {
        Map<Class<?>, Object> map = h.getConfig(AttachedRepositories.class).attached;
        Object repository = map.get(type);
        if (repository == null) {
            repository = h.attach(type);
            map.put(type, repository);
        }
        return type.cast(repository);
    }

    @Override
    public AttachedRepositories createCopy() {
        return new AttachedRepositories();
    }
}
