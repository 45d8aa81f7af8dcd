package dev.incidenttimeline.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.extension.AttachedExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandler;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;
import org.jdbi.v3.core.extension.annotation.UseExtensionHandlerCustomizer;

/**
 * A repository method whose statements must commit or roll back together: it runs in the
 * caller's transaction when one is open, and in one of its own otherwise. Unlike Jdbi's
 * {@code @Transaction}, joining an open transaction costs no round trip: Jdbi's asks the
 * server for the transaction's isolation level each time (to compare it with a level these
 * methods never set), and the event worker calls such methods once per tag, inside its batch.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@UseExtensionHandlerCustomizer(JoinsTransaction.Joining.class)
public @interface JoinsTransaction {

    /** Runs the method as is inside an open transaction, or wraps it in one. */
    final class Joining implements ExtensionHandlerCustomizer {
        @Override
        public ExtensionHandler customize(ExtensionHandler handler, Class<?> extensionType, Method method) {
            return (config, target) -> {
                AttachedExtensionHandler bound = handler.attachTo(config, target);
                return (handles, args) -> {
                    Handle h = handles.getHandle();
                    if (h.isInTransaction()) {
                        return bound.invoke(handles, args);
                    }
                    return h.inTransaction(inside -> bound.invoke(handles, args));
                };
            };
        }
    }
}
