package io.mianshen.console.web;

import io.mianshen.console.api.Gateway;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.ui.Model;

/** What every page needs: the signed-in person, and an API answer put on the model or its refusal shown. */
final class Pages {

    private Pages() {}

    /** The signed-in person's claims ({@code sub}, {@code roles}, {@code uscc}), or null on a public page without a log-in. */
    static OAuth2User person() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who != null && who.getPrincipal() instanceof OAuth2User user ? user : null;
    }

    /** The signed-in enterprise's USCC, or null. */
    static String uscc() {
        OAuth2User person = person();
        return person == null ? null : person.getAttribute("uscc");
    }

    /** Puts the answer's body under {@code name}, or its refusal under {@code problem}; returns whether it was a success. */
    static boolean show(Model model, String name, Gateway.Answer answer) {
        if (answer.ok()) {
            model.addAttribute(name, answer.body());
            return true;
        }
        model.addAttribute("problem", answer.problem());
        model.addAttribute("problemStatus", answer.status());
        return false;
    }

    /** A query string of the non-empty values, each encoded. */
    static String query(Map<String, String> values) {
        Map<String, String> given = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                given.put(name, value.strip());
            }
        });
        return given.isEmpty()
                ? ""
                : "?"
                        + given.entrySet().stream()
                                .map(entry -> entry.getKey() + "="
                                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&"));
    }

    /** A path segment, encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
