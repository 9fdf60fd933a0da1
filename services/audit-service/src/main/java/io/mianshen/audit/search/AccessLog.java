package io.mianshen.audit.search;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/** Who looked: every auditor query, with its subject, filter, time and the rows it returned. */
@Service
public class AccessLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AccessLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One auditor's query as recorded.
     *
     * @param subject      who asked (the token's subject)
     * @param query        what: search, history, totals, export, verify, queue, queries
     * @param filter       with which filter
     * @param rowsReturned how many rows it returned
     * @param queriedAt    when
     */
    public record Query(
            String subject, String query, String filter, long rowsReturned, java.time.OffsetDateTime queriedAt) {}

    /** The latest {@code limit} queries, newest first. */
    public java.util.List<Query> recent(int limit) {
        return jdbc.sql(
                        "SELECT subject, query, filter, rows_returned, queried_at FROM auditor_query ORDER BY queried_at DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Query(
                        rs.getString("subject"),
                        rs.getString("query"),
                        rs.getString("filter"),
                        rs.getLong("rows_returned"),
                        rs.getObject("queried_at", java.time.OffsetDateTime.class)))
                .list();
    }

    public void record(Authentication caller, String query, String filter, long rows) {
        jdbc.sql("INSERT INTO auditor_query (subject, query, filter, rows_returned, queried_at) VALUES (?, ?, ?, ?, ?)")
                .params(
                        caller == null ? "anonymous" : caller.getName(),
                        query,
                        filter,
                        rows,
                        Timestamp.from(clock.instant()))
                .update();
    }
}
