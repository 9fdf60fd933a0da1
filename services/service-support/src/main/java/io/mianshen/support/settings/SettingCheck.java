package io.mianshen.support.settings;

/**
 * The checks a settings record makes in its constructor. A failed one stops the service at start, with a message
 * that names the setting, the environment variable operators set it with, what it must be and what it was.
 */
public final class SettingCheck {

    private SettingCheck() {}

    /**
     * @param holds    whether the value is acceptable
     * @param property the setting, as in application.yml ({@code mianshen.decisions.threads})
     * @param variable the environment variable the README names for it
     * @param rule     what the value must be ("at least 1")
     * @param value    the value given
     * @throws IllegalArgumentException when it does not hold
     */
    public static void require(boolean holds, String property, String variable, String rule, Object value) {
        if (!holds) {
            throw new IllegalArgumentException(
                    property + " (environment variable " + variable + ") must be " + rule + "; it is " + value);
        }
    }
}
