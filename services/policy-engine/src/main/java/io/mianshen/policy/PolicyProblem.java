package io.mianshen.policy;

/**
 * One thing wrong with a policy file, where it is.
 *
 * @param file    the file
 * @param line    1-based line, 0 when it concerns the whole file
 * @param column  1-based column, 0 when it concerns the whole file
 * @param message what is wrong
 */
public record PolicyProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
