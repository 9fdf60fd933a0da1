package io.mianshen.support.tracing;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** Every problem+json a controller or exception handler answers names the request's trace ({@code traceId}), for the operator to find it. */
@RestControllerAdvice
class TraceIdInProblems implements ResponseBodyAdvice<Object> {

    private final Traces traces;

    TraceIdInProblems(Traces traces) {
        this.traces = traces;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("traceId"))) {
            String traceId = traces.currentTraceId();
            if (traceId != null) {
                problem.setProperty("traceId", traceId);
            }
        }
        return body;
    }
}
