package io.apilogs.security;

import java.util.function.BinaryOperator;

/**
 * What a service's memory bounds hold, worked out from its settings before anything starts (a {@link
 * java.util.ServiceLoader} service, read by {@link ServiceMain}): a heap below it is refused in one line before
 * Quarkus starts. The service checks the same again at startup from its parsed configuration.
 */
public interface MemoryFloor {
    /** The service's name, for the message. */
    String service();

    /**
     * The parts, from {@code setting}: (environment variable, default) to the value given in the environment, else the
     * default. A value given another way (a system property, application.properties) is checked at startup instead.
     */
    HeapCheck.Part[] parts(BinaryOperator<String> setting);
}
