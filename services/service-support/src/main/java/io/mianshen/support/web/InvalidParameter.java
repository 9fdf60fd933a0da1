package io.mianshen.support.web;

/**
 * A request parameter that cannot be used; answered as 400 problem+json whose {@code parameter} property
 * names it ({@link InvalidParameterAdvice}).
 */
public class InvalidParameter extends RuntimeException {

    private final String parameter;

    public InvalidParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter's name. */
    public String parameter() {
        return parameter;
    }
}
