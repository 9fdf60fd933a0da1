package io.mianshen.identity.login;

import io.mianshen.identity.config.IdentitySettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    private static final Pattern USCC = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");

    private final IdentitySettings settings;
    private final JwtEncoder encoder;

    DevelopmentLogin(IdentitySettings settings, JwtEncoder encoder) {
        this.settings = settings;
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
        String role = login.staff().get(username);
        boolean enterprise = role == null && USCC.matcher(username).matches();
        if (!MessageDigest.isEqual(
                        password.getBytes(StandardCharsets.UTF_8),
                        login.password().getBytes(StandardCharsets.UTF_8))
                || (role == null && !enterprise)) {
            return problem(HttpStatus.UNAUTHORIZED, "Log-in refused", "unknown user or wrong password");
        }
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .subject(enterprise ? "enterprise-" + username : username)
                .audience(List.of(settings.audience()))
                .issuedAt(now)
                .expiresAt(now.plus(login.tokenLifetime()))
                .claim("roles", List.of(enterprise ? "ENTERPRISE" : role));
        if (enterprise) {
            claims.claim("uscc", username);
        }
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
