package io.apilogs.query.messaging;

import io.apilogs.model.Json;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.service.LiveFeeds;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * LISTENs for the writers' change notifications, on every instance, whichever instance wrote. After each
 * (re)subscription the feeds catch up from the database, since notifications sent meanwhile are lost.
 */
@ApplicationScoped
public class ChangeListener {
    private final Vertx vertx;
    private final LiveFeeds feeds;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    public ChangeListener(Vertx vertx, LiveFeeds feeds,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") String user,
                          @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.feeds = feeds;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url)
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(Changes.CHANNEL)
                .subscribeHandler(feeds::resync)
                .handler(payload -> {
                    try {
                        feeds.changed(Json.CANONICAL.readValue(payload, Changes.class));
                    } catch (Exception e) {
                        Log.warnf("ignoring a change notification on %s that could not be read: %s", Changes.CHANNEL, e.toString());
                    }
                });
        subscriber.connect()
                .onFailure().invoke(failure -> Log.warnf("LISTEN %s failed, retrying: %s", Changes.CHANNEL, failure.toString()))
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(
                ok -> Log.infof("listening for changes on %s", Changes.CHANNEL),
                failure -> Log.warnf("LISTEN %s failed, retrying: %s", Changes.CHANNEL, failure.toString()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
