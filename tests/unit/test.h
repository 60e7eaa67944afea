/* test.h - a tiny unit-test harness: OK, INT_EQ, STR_EQ and a closing summary line. */
#ifndef IMPRINT_TEST_H
#define IMPRINT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define OK(cond, msg)                                                                              \
    do {                                                                                           \
        if (cond)                                                                                  \
            test_passed++;                                                                         \
        else {                                                                                     \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, msg);                         \
        }                                                                                          \
    } while (0)

#define INT_EQ(got, want, msg)                                                                     \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ == w_)                                                                              \
            test_passed++;                                                                         \
        else {                                                                                     \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: FAIL: %s: got %lld, want %lld\n", __FILE__, __LINE__, msg, g_, \
                    w_);                                                                           \
        }                                                                                          \
    } while (0)

#define STR_EQ(got, want, msg)                                                                     \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ && w_ && strcmp(g_, w_) == 0)                                                       \
            test_passed++;                                                                         \
        else {                                                                                     \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: FAIL: %s:\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, msg, \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* Prints "N passed, N failed" and gives the exit status for main. */
static inline int test_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
    return test_failed ? 1 : 0;
}

#endif
