/** Notices of decisions and rulings: their texts from editable templates, one per decision and channel, the inbox, and notice events. */
package io.mianshen.notification.notices;
