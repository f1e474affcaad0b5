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
 * Every REST route the running query-service exposes, read from its OpenAPI document (not from a list kept by hand):
 * method and path template, with the roles its resource method allows (read from the running application's resource
 * beans). A route of the document without a resource method, or the other way round, fails the walk.
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

    /** The routes of the OpenAPI document, each with the roles of its resource method. */
    static List<Route> routes() {
        Map<String, Route> byKey = new java.util.HashMap<>();
        resourceMethods().forEach(route -> byKey.put(route.key(), route));
        Map<String, Map<String, Object>> paths = io.restassured.RestAssured.given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("paths");
        List<Route> routes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        paths.forEach((template, operations) -> operations.keySet().forEach(verb -> {
            Route route = byKey.remove(verb.toUpperCase(java.util.Locale.ROOT) + " " + template);
            if (route == null) {
                unknown.add(verb + " " + template);
            } else {
                routes.add(route);
            }
        }));
        if (!unknown.isEmpty() || !byKey.isEmpty()) {
            throw new AssertionError("the OpenAPI document and the resource methods disagree: only in the document "
                    + unknown + ", only in the code " + byKey.keySet());
        }
        routes.sort(Comparator.comparing(Route::key));
        return routes;
    }

    private static List<Route> resourceMethods() {
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
        return routes;
    }

    private static String join(String a, String b) {
        String path = ("/" + a + "/" + b).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

}
