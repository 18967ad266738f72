package dev.llmf.grader;

import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * Writes the port the HTTP server listens on into the data folder's {@link InstanceLock} once it listens (the
 * launcher only guessed it from the settings it could see), so a refused second start names the right one.
 */
@ApplicationScoped
class InstancePortRecorder {

    private static final Logger LOG = Logger.getLogger(InstancePortRecorder.class);

    void listening(@Observes HttpServerStart start) {
        InstanceLock.held().ifPresent(lock -> {
            try {
                lock.record(Optional.of(start.options().getPort()));
            } catch (IOException e) {
                LOG.warnf("could not write the HTTP port into %s: %s", lock.file(), e.getMessage());
            }
        });
    }
}
