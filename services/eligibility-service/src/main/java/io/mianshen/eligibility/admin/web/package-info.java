/** HTTP API of policy administration (role POLICY_ADMIN), with RFC 9457 problem details. */
package io.mianshen.eligibility.admin.web;
