package io.mianshen.support.web;

import io.mianshen.support.settings.SupportSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;

/**
 * A service's own limit on request bodies ({@code mianshen.http.max-body-size}), behind the gateway's: a declared
 * length over it is answered 413 problem+json before the body is read; a streamed (chunked) body is counted as it
 * is read and the read fails at the limit (a {@link ResponseStatusException} answered 413 problem+json). Nothing
 * past the limit is ever held in memory.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SupportSettings.class)
public class RequestBodyLimit {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    OncePerRequestFilter requestBodyLimitFilter(SupportSettings settings) {
        DataSize max = settings.http().maxBodySize();
        long limit = max.toBytes();
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long declared = request.getContentLengthLong();
                if (declared > limit) {
                    response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    response.getOutputStream()
                            .write(("{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,"
                                            + "\"detail\":\"the body has " + declared
                                            + " bytes; this service takes at most " + limit + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                chain.doFilter(declared >= 0 ? request : new Counted(request, limit), response);
            }
        };
    }

    /** A request whose streamed body fails to read past the limit. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream counted;

        Counted(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountingStream(super.getInputStream(), limit);
            }
            return counted;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = body.read(into, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ResponseStatusException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "the streamed body passed " + limit + " bytes; this service takes at most " + limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
