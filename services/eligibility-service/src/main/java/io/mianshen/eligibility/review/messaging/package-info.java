/** Applies rulings read from {@code benefit.publicity.v1}. */
package io.mianshen.eligibility.review.messaging;
