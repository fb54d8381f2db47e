package dev.hearth.backend.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What of a browser's or API client's request is passed to an app: only content headers and the
 * client's preferences. Never the portal's credentials — its session cookies, a bearer token, the
 * CSRF token — since the app is the participant's code (a hostile app would otherwise read the
 * visitor's portal session).
 */
final class AppRequests {

    private static final Set<String> PASSED = Set.of("accept", "accept-language", "content-type", "if-none-match",
            "if-modified-since", "user-agent");

    private AppRequests() {}

    static Map<String, List<String>> headers(Map<String, List<String>> incoming) {
        Map<String, List<String>> passed = new LinkedHashMap<>();
        incoming.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (PASSED.contains(lower) || (lower.startsWith("x-") && !lower.startsWith("x-csrf") && !lower.startsWith("x-forwarded"))) {
                passed.put(name, List.copyOf(values));
            }
        });
        return passed;
    }
}
