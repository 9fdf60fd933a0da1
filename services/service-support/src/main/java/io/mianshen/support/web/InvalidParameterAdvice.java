package io.mianshen.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every service answers an {@link InvalidParameter} the same way: the one shape of a 400 ({@link InvalidParameter#problem}). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class InvalidParameterAdvice {

    @ExceptionHandler
    ProblemDetail invalidParameter(InvalidParameter e) {
        return InvalidParameter.problem(e);
    }

    /** A body that is not JSON, or not of the request's shape: the same 400, naming the body. */
    @ExceptionHandler
    ProblemDetail unreadableBody(org.springframework.http.converter.HttpMessageNotReadableException e) {
        return InvalidParameter.problem(InvalidParameter.inBody("", "the body is not JSON of this request's shape"));
    }

    /** A parameter of the wrong type ({@code limit=ten}): the same 400, naming it. */
    @ExceptionHandler
    ProblemDetail wrongType(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return InvalidParameter.problem(new InvalidParameter(
                e.getName(),
                e.getName() + " '" + e.getValue() + "' is not "
                        + (e.getRequiredType() == null
                                ? "of the right type"
                                : "a " + e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT))));
    }

    /** A required parameter missing: the same 400, naming it. */
    @ExceptionHandler
    ProblemDetail missing(org.springframework.web.bind.MissingServletRequestParameterException e) {
        return InvalidParameter.problem(
                new InvalidParameter(e.getParameterName(), e.getParameterName() + " is required"));
    }
}
