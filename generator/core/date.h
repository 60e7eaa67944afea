/* date.h - calendar dates: the one place that turns epochs into dates and back.
 *
 * Every date imprint prints (feeds, sitemaps, template contexts, the PDF's
 * cover and metadata, reports) goes through these functions, in UTC, so the
 * outputs agree and never depend on the machine's time zone; a date as
 * readers see it, in their language ("March 30, 2026", "30. März 2026"), is
 * core/i18n.h's i18n_date. All functions are pure and thread-safe. */
#ifndef IMPRINT_DATE_H
#define IMPRINT_DATE_H

#include <stdbool.h>

#include "util/buf.h"

/* A UTC calendar date and time of day. */
typedef struct date_parts {
    int year;  /* e.g. 2026 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
    int hour;  /* 0..23 */
    int min;   /* 0..59 */
    int sec;   /* 0..59 */
} date_parts;

/* Splits seconds since 1970-01-01T00:00:00Z into a UTC date and time. */
void date_from_epoch(long long epoch, date_parts *out);
/* Seconds since the epoch of midnight UTC on the civil date y-m-d (the
 * proleptic Gregorian calendar; m and d are not range-checked). */
long long date_to_epoch(int y, int m, int d);
/* Reads "YYYY-MM-DD" at the start of s (anything may follow: a time, a zone).
 * True and the three numbers when s starts that way with a month from 1 to 12
 * and a day from 1 to 31; false otherwise (NULL s included). */
bool date_parse_ymd(const char *s, int *y, int *m, int *d);
/* Appends the UTC date of epoch as "YYYY-MM-DD". */
void date_format_ymd(long long epoch, buf *out);
/* SOURCE_DATE_EPOCH (seconds since the epoch) when the environment sets it to
 * a whole number >= 0; -1 otherwise. Reproducible builds take their date from
 * it. */
long long date_source_epoch(void);

#endif
