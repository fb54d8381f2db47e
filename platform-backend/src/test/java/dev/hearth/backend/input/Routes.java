package dev.hearth.backend.input;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Every JAX-RS route of the application, read from its compiled resource classes (the same
 * annotations Quarkus builds its router from), with the inputs each one takes: path parameters, query
 * parameters, form fields and the fields of a JSON body. Nothing here is a hand-kept list, so a new
 * route is fuzzed the day it is added.
 */
record Routes(List<Route> all) {

    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    /** One method on one path, and the names of the inputs it reads. */
    record Route(String method, String path, List<String> pathParams, List<String> queryParams,
            List<String> formFields, List<String> jsonFields, boolean stream) {

        boolean api() {
            return path.startsWith("/api/");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Routes scan() {
        java.nio.file.Path root;
        try {
            root = java.nio.file.Path.of(InputBoundary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Route> routes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(Routes::load)
                    .filter(c -> c.isAnnotationPresent(Path.class))
                    .forEach(c -> routes.addAll(routesOf(c)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Routes(List.copyOf(routes));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Route> routesOf(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        List<Route> routes = new ArrayList<>();
        for (Method m : resource.getDeclaredMethods()) {
            String verb = Arrays.stream(m.getAnnotations())
                    .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                    .filter(java.util.Objects::nonNull).map(HttpMethod::value).findFirst().orElse(null);
            if (verb == null) {
                continue;
            }
            String path = join(base, m.isAnnotationPresent(Path.class) ? m.getAnnotation(Path.class).value() : "");
            List<String> pathParams = new ArrayList<>();
            Matcher template = TEMPLATE.matcher(path);
            while (template.find()) {
                pathParams.add(template.group(1));
            }
            List<String> query = new ArrayList<>();
            List<String> form = new ArrayList<>();
            List<String> json = null;
            for (Parameter p : m.getParameters()) {
                if (p.isAnnotationPresent(QueryParam.class)) {
                    query.add(p.getAnnotation(QueryParam.class).value());
                } else if (p.isAnnotationPresent(RestQuery.class)) {
                    query.add(name(p.getAnnotation(RestQuery.class).value(), p));
                } else if (p.isAnnotationPresent(FormParam.class)) {
                    form.add(p.getAnnotation(FormParam.class).value());
                } else if (p.isAnnotationPresent(RestForm.class)) {
                    form.add(name(p.getAnnotation(RestForm.class).value(), p));
                } else if (p.getType().isRecord() && !p.isAnnotationPresent(Context.class)
                        && !p.isAnnotationPresent(BeanParam.class) && !p.isAnnotationPresent(PathParam.class)
                        && !p.isAnnotationPresent(RestPath.class)) {
                    json = Arrays.stream(p.getType().getRecordComponents()).map(RecordComponent::getName).toList();
                }
            }
            Produces produces = m.isAnnotationPresent(Produces.class) ? m.getAnnotation(Produces.class)
                    : resource.getAnnotation(Produces.class);
            boolean stream = produces != null && Arrays.asList(produces.value()).contains("text/event-stream");
            routes.add(new Route(verb, TEMPLATE.matcher(path).replaceAll("{$1}"), List.copyOf(pathParams), List.copyOf(query),
                    List.copyOf(form), json, stream));
        }
        return routes;
    }

    private static String name(String declared, Parameter p) {
        return declared == null || declared.isEmpty() ? p.getName() : declared;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

}
