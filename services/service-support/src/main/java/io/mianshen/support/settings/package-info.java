/**
 * Settings every service shares, bound to records and checked when the service starts: a bad value stops it with a
 * message naming the setting and its environment variable ({@link io.mianshen.support.settings.SettingCheck}).
 */
package io.mianshen.support.settings;
