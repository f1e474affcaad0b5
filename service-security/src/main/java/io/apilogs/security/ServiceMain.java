package io.apilogs.security;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of both services. It turns off the HTTP layer's own URI check, which answers a malformed URI (such
 * as {@code ?cursor=%%%}) with a bare 400 before any handler runs, so that the router sees such requests and answers
 * them as problem+json like every other rejection (see {@link HttpHardening}).
 */
@QuarkusMain
public class ServiceMain {
    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
