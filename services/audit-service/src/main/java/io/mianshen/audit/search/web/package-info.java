/** The auditor API under {@code /api/audit}. */
package io.mianshen.audit.search.web;
