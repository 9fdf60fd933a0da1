package io.mianshen.testsupport;

import java.util.Locale;

/** Where the tests' Kafka broker and PostgreSQL server come from. */
public enum InfrastructureMode {
    /** An in-JVM KRaft broker and zonky's embedded PostgreSQL 17: needs only a JDK. */
    EMBEDDED,
    /** Testcontainers: Kafka and PostgreSQL 17 in Docker. */
    CONTAINERS,
    /** Servers already running, named by environment variables. */
    EXTERNAL;

    /** The system property that chooses the mode: {@code -Dmianshen.infra=embedded|containers|external}. */
    public static final String PROPERTY = "mianshen.infra";

    static InfrastructureMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROPERTY + "=" + text + " is not one of embedded, containers, external", e);
        }
    }
}
