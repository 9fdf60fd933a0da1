package io.mianshen.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's Kafka and datasource at the shared real infrastructure of
 * {@link TestInfrastructure}: sets {@code spring.kafka.bootstrap-servers} and
 * {@code spring.datasource.*} to the broker and to the database named here.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {

    /** The service's own database, created on first use. Empty: Kafka only, no datasource. */
    String database() default "";

    /**
     * The login role the service connects as, when it is not the database owner (the audit service's
     * {@code audit_app}): the datasource uses it with {@link TestInfrastructure#APP_ROLE_PASSWORD}, Flyway the owner.
     */
    String appRole() default "";
}
