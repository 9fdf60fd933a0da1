/**
 * An enterprise's facts as the policies read them, and the precise meanings of policies.md: the
 * profile on a date, the filing of a fiscal year, a certificate valid on a date or in a year.
 */
package io.mianshen.policy.facts;
