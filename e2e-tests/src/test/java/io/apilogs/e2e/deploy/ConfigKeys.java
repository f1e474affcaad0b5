package io.apilogs.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The environment variables a packaged service really reads, from the build itself (not a hand list):
 * <ul>
 *   <li>every runtime property of the Quarkus extensions it ships (the config model inside each extension jar of
 *       {@code target/quarkus-app/lib}; build-time properties are left out, since the environment can't change them);</li>
 *   <li>every key of its {@code application.properties}, and every {@code ${key:default}} that file reads;</li>
 *   <li>every property of its {@code @ConfigMapping} interfaces, walked by reflection over {@code target/classes}.</li>
 * </ul>
 * A property's variable is its name upper-cased with every other character than a letter or digit made {@code _}.
 */
final class ConfigKeys {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-zA-Z0-9._-]+)(:[^}]*)?}");
    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)\\s*public interface (\\w+)");

    private final Set<String> env = new TreeSet<>();
    final Properties applicationProperties = new Properties();

    private ConfigKeys() {
    }

    static String toEnv(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    boolean knows(String variable) {
        return env.contains(variable);
    }

    static ConfigKeys of(Path root, String module) {
        ConfigKeys keys = new ConfigKeys();
        Path app = root.resolve(module).resolve("target/quarkus-app");
        if (!Files.isDirectory(app)) {
            throw new IllegalStateException(app + " is missing: package " + module + " first");
        }
        List<Path> jars = jars(app.resolve("lib"));
        jars.forEach(keys::readQuarkusModel);
        // SmallRye Kafka hands every kafka.* property to the clients (and KafkaClients copies the security ones to the
        // services' own): the Kafka client settings are runtime keys too (KAFKA_SASL_JAAS_CONFIG and the like).
        for (var names : List.of(org.apache.kafka.clients.producer.ProducerConfig.configNames(),
                org.apache.kafka.clients.consumer.ConsumerConfig.configNames(),
                org.apache.kafka.clients.admin.AdminClientConfig.configNames())) {
            names.forEach(name -> keys.env.add(toEnv("kafka." + name)));
        }
        Path properties = root.resolve(module).resolve("src/main/resources/application.properties");
        try (InputStream in = Files.newInputStream(properties)) {
            keys.applicationProperties.load(in);
            String text = Files.readString(properties);
            keys.applicationProperties.stringPropertyNames().forEach(k -> keys.env.add(toEnv(k)));
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                keys.env.add(toEnv(m.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys.readMappings(root.resolve(module), jars);
        keys.readInjectedProperties(root.resolve(module));
        keys.readInjectedProperties(root.resolve("service-security"));
        return keys;
    }

    /** Properties injected one by one ({@code @ConfigProperty(name = ...)}) in a module's sources. */
    private void readInjectedProperties(Path module) {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = PROPERTY.matcher(Files.readString(source));
                while (m.find()) {
                    env.add(toEnv(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path lib) {
        try (Stream<Path> files = Files.walk(lib)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readQuarkusModel(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
            if (entry == null) {
                return;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                collect(new ObjectMapper().readTree(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every property item of a config model, at any depth (sections nest items). */
    private void collect(JsonNode node) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.isObject() && path.has("environmentVariable") && node.has("phase")) {
                if ("RUN_TIME".equals(node.get("phase").asText())) {
                    env.add(path.get("environmentVariable").asText());
                }
                return;
            }
            node.elements().forEachRemaining(this::collect);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(this::collect);
        }
    }

    private void readMappings(Path module, List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(module.resolve("target/classes").toUri().toURL());
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = MAPPING.matcher(Files.readString(source));
                if (m.find()) {
                    String className = module.resolve("src/main/java").relativize(source).toString()
                            .replace('/', '.').replaceAll("\\.java$", "");
                    walk(m.group(1), Class.forName(className, false, loader), new HashSet<>());
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private void walk(String prefix, Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Class<?> result = method.getReturnType();
            if (result == java.util.Optional.class && method.getGenericReturnType() instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> inner && isGroup(inner)) {
                walk(name, inner, seen);
            } else if (isGroup(result)) {
                walk(name, result, seen);
            } else {
                env.add(toEnv(name));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
