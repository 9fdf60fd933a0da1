/** CSV exports of spreadsheets (UTF-8 or GBK) read as fact events, line by line. */
package io.mianshen.intake.events.csv;
