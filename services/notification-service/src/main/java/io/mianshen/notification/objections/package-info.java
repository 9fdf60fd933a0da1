/** 异议: an enterprise objects to a decision through its inbox notice, before the notice's deadline. */
package io.mianshen.notification.objections;
