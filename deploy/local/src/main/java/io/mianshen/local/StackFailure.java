package io.mianshen.local;

/**
 * Something the person starting the stack must act on (a port taken, a build missing, a service that did not
 * start): printed as its message alone, without a stack trace.
 */
public class StackFailure extends RuntimeException {

    public StackFailure(String message) {
        super(message);
    }

    public StackFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
