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
