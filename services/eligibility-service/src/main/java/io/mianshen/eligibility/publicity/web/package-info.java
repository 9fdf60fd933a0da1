/** {@code GET /api/publicity} (public, no token) and {@code GET /api/decisions/{uscc}/publicity} (the enterprise, staff). */
package io.mianshen.eligibility.publicity.web;
