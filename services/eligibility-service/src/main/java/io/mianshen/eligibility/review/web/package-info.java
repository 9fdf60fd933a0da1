/** The reviewer's HTTP API: {@code /api/reviews}. */
package io.mianshen.eligibility.review.web;
