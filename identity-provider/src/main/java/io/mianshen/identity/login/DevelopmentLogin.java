package io.mianshen.identity.login;

import io.mianshen.identity.config.IdentitySettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development log-in of the local stack, {@code POST /dev/login} with the form fields {@code username} and
 * {@code password}: a staff user by name (e.g. {@code auditor}), or an enterprise by its USCC. The answer is an
 * RS256 access token like the machine clients', signed with the same key. It answers 404 unless the local stack
 * turned it on.
 */
@RestController
class DevelopmentLogin {

    private final IdentitySettings settings;
    private final DevelopmentPeople people;
    private final JwtEncoder encoder;

    DevelopmentLogin(IdentitySettings settings, DevelopmentPeople people, JwtEncoder encoder) {
        this.settings = settings;
        this.people = people;
        this.encoder = encoder;
    }

    @PostMapping(
            path = "/dev/login",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> login(@RequestParam String username, @RequestParam String password) {
        IdentitySettings.DevelopmentLogin login = settings.developmentLogin();
        if (!login.enabled()) {
            return problem(
                    HttpStatus.NOT_FOUND, "No development log-in", "this identity provider has no development log-in");
        }
        DevelopmentPeople.Person person =
                people.authenticate(username, password).orElse(null);
        if (person == null) {
            return problem(HttpStatus.UNAUTHORIZED, "Log-in refused", "unknown user or wrong password");
        }
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .issuedAt(now)
                .expiresAt(now.plus(login.tokenLifetime()));
        people.claims(person, claims);
        String token = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
                .getTokenValue();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", login.tokenLifetime().toSeconds());
        return ResponseEntity.ok(answer);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
