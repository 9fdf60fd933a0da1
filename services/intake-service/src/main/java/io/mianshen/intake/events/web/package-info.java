/** {@code POST /events}, {@code /events/batch} and {@code /events/csv}. */
package io.mianshen.intake.events.web;
