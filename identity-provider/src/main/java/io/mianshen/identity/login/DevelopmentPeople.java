package io.mianshen.identity.login;

import io.mianshen.identity.config.IdentitySettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.stereotype.Component;

/**
 * The people of the development log-in: a staff user by name (its role from {@code staff}), or an enterprise by its
 * USCC (role ENTERPRISE), all with the one development password. Both ways in use it: {@code POST /dev/login} and the
 * browser log-in of the authorization-code flow, and both tokens carry the same claims ({@link #claims}).
 */
@Component
public class DevelopmentPeople implements AuthenticationProvider {

    private static final Pattern USCC = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");
    private static final String ENTERPRISE_SUBJECT = "enterprise-";

    /**
     * A person who logged in.
     *
     * @param subject the token's {@code sub}: the staff user's name, or {@code enterprise-<USCC>}
     * @param role    the one role of the token
     * @param uscc    the enterprise's USCC, or null for staff
     */
    public record Person(String subject, String role, String uscc) {}

    private final IdentitySettings settings;

    DevelopmentPeople(IdentitySettings settings) {
        this.settings = settings;
    }

    /** The person a user name and password are, when the development log-in is on and they are right. */
    public Optional<Person> authenticate(String username, String password) {
        IdentitySettings.DevelopmentLogin login = settings.developmentLogin();
        if (!login.enabled() || username == null || password == null) {
            return Optional.empty();
        }
        boolean passwordRight = MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8), login.password().getBytes(StandardCharsets.UTF_8));
        String role = login.staff().get(username);
        if (!passwordRight) {
            return Optional.empty();
        }
        if (role != null) {
            return Optional.of(new Person(username, role, null));
        }
        return USCC.matcher(username).matches()
                ? Optional.of(new Person(ENTERPRISE_SUBJECT + username, "ENTERPRISE", username))
                : Optional.empty();
    }

    /** The person behind an authenticated log-in of the browser flow. */
    public static Person of(Authentication authentication) {
        String subject = authentication.getName();
        String role = authentication.getAuthorities().stream()
                .map(authority -> authority.getAuthority())
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(subject + " logged in without a role"));
        return new Person(
                subject,
                role,
                subject.startsWith(ENTERPRISE_SUBJECT) ? subject.substring(ENTERPRISE_SUBJECT.length()) : null);
    }

    /** The claims a person's token carries besides issuer and times: subject, audience, roles and an enterprise's USCC. */
    public void claims(Person person, JwtClaimsSet.Builder claims) {
        claims.subject(person.subject()).audience(List.of(settings.audience())).claim("roles", List.of(person.role()));
        if (person.uscc() != null) {
            claims.claim("uscc", person.uscc());
        }
    }

    /** The browser log-in's check ({@code POST /login}): a wrong password or an unknown user is refused alike. */
    @Override
    public Authentication authenticate(Authentication login) {
        Person person = authenticate(login.getName(), String.valueOf(login.getCredentials()))
                .orElseThrow(() -> new BadCredentialsException("unknown user or wrong password"));
        return UsernamePasswordAuthenticationToken.authenticated(
                person.subject(), null, List.of(new SimpleGrantedAuthority("ROLE_" + person.role())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
