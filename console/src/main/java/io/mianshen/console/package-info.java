/**
 * The web console behind the gateway ({@code /console}): server-rendered pages (Thymeleaf, htmx) for the public's
 * publicity list (公示), enterprises, reviewers, auditors and policy officers. People log in at the identity provider
 * (authorization code with PKCE); every page calls the APIs through the gateway with the person's own token, so the
 * console owns no data and may do nothing its user may not.
 */
package io.mianshen.console;
