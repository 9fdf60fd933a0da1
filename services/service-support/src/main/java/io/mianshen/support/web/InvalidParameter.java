package io.mianshen.support.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that names something it cannot use: a query or path parameter, or a field (or the whole) of its body.
 * Every service answers it with the one shape of a 400 ({@link #problem}, {@link InvalidParameterAdvice}):
 * problem+json of type {@value #TYPE}, title "Invalid request", a {@code detail}, the {@code parameter} it names,
 * the body's JSON {@code pointer} when it is in the body, and {@code errors}: each problem as
 * {@code {"parameter", "pointer"?, "message"}}.
 */
public class InvalidParameter extends RuntimeException {

    /** The problem type of every 400 of Mianshen's services (docs/operations.md, "What a feed's bad record gets"). */
    public static final String TYPE = "urn:mianshen:problem:invalid-request";

    private final String parameter;
    private final String pointer;

    /** A query or path parameter, or a body field named plainly, that cannot be used, and why. */
    public InvalidParameter(String parameter, String message) {
        this(parameter, null, message);
    }

    private InvalidParameter(String parameter, String pointer, String message) {
        super(message);
        this.parameter = parameter;
        this.pointer = pointer;
    }

    /** A problem at {@code pointer} in the request body ({@code ""}: the body as a whole). */
    public static InvalidParameter inBody(String pointer, String message) {
        String name = pointer == null || pointer.isEmpty() ? "body" : pointer.substring(pointer.lastIndexOf('/') + 1);
        return new InvalidParameter(name, pointer == null ? "" : pointer, message);
    }

    /** The parameter's or field's name. */
    public String parameter() {
        return parameter;
    }

    /** The 400 problem+json of {@code e}. */
    public static ProblemDetail problem(InvalidParameter e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPE));
        problem.setTitle("Invalid request");
        problem.setProperty("parameter", e.parameter);
        Map<String, String> error = new LinkedHashMap<>();
        error.put("parameter", e.parameter);
        if (e.pointer != null) {
            problem.setProperty("pointer", e.pointer);
            error.put("pointer", e.pointer);
        }
        error.put("message", e.getMessage());
        problem.setProperty("errors", List.of(error));
        return problem;
    }
}
