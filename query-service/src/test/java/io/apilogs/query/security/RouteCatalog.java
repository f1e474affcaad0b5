package io.apilogs.query.security;

import io.quarkus.arc.Arc;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every REST route the running query-service exposes, read from the resource beans of the running application (not
 * from a list kept by hand): method, path template and the roles its method allows.
 */
final class RouteCatalog {
    record Route(String method, String template, Set<String> roles, boolean permitAll) {
        String key() {
            return method + " " + template;
        }

        boolean isStream() {
            return template.endsWith("/stream");
        }
    }

    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH", HEAD.class, "HEAD", OPTIONS.class, "OPTIONS");

    private RouteCatalog() {
    }

    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (var bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || !type.getPackageName().startsWith("io.apilogs")) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                for (var verb : VERBS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path methodPath = method.getAnnotation(Path.class);
                        String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
                        routes.add(new Route(verb.getValue(), template, roles == null ? Set.of() : Set.of(roles.value()),
                                method.isAnnotationPresent(PermitAll.class)));
                    }
                }
            }
        }
        routes.sort(Comparator.comparing(Route::key));
        return routes;
    }

    private static String join(String a, String b) {
        String path = ("/" + a + "/" + b).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

}
