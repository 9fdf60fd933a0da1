package io.mianshen.policy;

/** An expression failed at run time, e.g. it exceeded the comprehension iteration limit. */
public class PolicyEvaluationException extends RuntimeException {

    public PolicyEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
