package io.mianshen.testsupport;

/**
 * How to reach one service's database.
 *
 * @param jdbcUrl  JDBC URL of the database
 * @param username user name
 * @param password password
 */
public record DatabaseAddress(String jdbcUrl, String username, String password) {}
