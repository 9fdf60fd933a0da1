package io.mianshen.console.web;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page knows who is signed in ({@code person}: the token's claims) and their roles, for its menu. */
@ControllerAdvice
class PersonAdvice {

    @ModelAttribute("person")
    OAuth2User person() {
        return Pages.person();
    }

    @ModelAttribute("roles")
    Set<String> roles() {
        OAuth2User person = Pages.person();
        return person == null
                ? Set.of()
                : person.getAuthorities().stream()
                        .map(authority -> authority.getAuthority())
                        .filter(authority -> authority.startsWith("ROLE_"))
                        .map(authority -> authority.substring("ROLE_".length()))
                        .collect(Collectors.toSet());
    }
}
