/* date.c - calendar dates in UTC, without the C library's time zone state. */
#include "core/date.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

/* Days since 1970-01-01 of a civil date, and back: the algorithms of Howard
 * Hinnant's "chrono-Compatible Low-Level Date Algorithms" (eras of 400 years). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, date_parts *out)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = (int)(yoe + era * 400 + (m <= 2));
    out->month = m;
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

void date_from_epoch(long long epoch, date_parts *out)
{
    long long days = epoch / 86400, secs = epoch % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    civil_from_days(days, out);
    out->hour = (int)(secs / 3600);
    out->min = (int)(secs / 60 % 60);
    out->sec = (int)(secs % 60);
}

long long date_to_epoch(int y, int m, int d)
{
    return days_from_civil(y, m, d) * 86400;
}

/* The digits of s[0..n) as a number, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool date_parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!s)
        return false;
    /* the usual "2024-05-01" read by hand (every page's date, on every build); sscanf for the
     * rest, which also takes " 2024-5-1" */
    bool plain = strnlen(s, 10) == 10 && s[4] == '-' && s[7] == '-' && (*y = digits(s, 4)) >= 0 &&
                 (*m = digits(s + 5, 2)) >= 0 && (*d = digits(s + 8, 2)) >= 0;
    return (plain || sscanf(s, "%4d-%2d-%2d", y, m, d) == 3) && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= 31;
}

void date_format_ymd(long long epoch, buf *out)
{
    date_parts p;
    date_from_epoch(epoch, &p);
    buf_printf(out, "%04d-%02d-%02d", p.year, p.month, p.day);
}

long long date_source_epoch(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return -1;
    char *end;
    long long v = strtoll(e, &end, 10);
    return *end == '\0' && v >= 0 ? v : -1;
}
